/**
 * The bot a script names by its command: started through the system shell in its own process group (its
 * whole tree stops with it, taskkill /T on Windows), told where local Meta is through its environment, and
 * waited for until its port accepts connections.
 */
import { connect } from 'node:net';
import { spawnManaged, type ManagedProcess } from '../platform/child-process-io.js';
import { formatDuration } from './duration.js';

export interface StartedBot {
  process: ManagedProcess;
  stop(): Promise<void>;
}

export class BotStartError extends Error {
  constructor(
    message: string,
    readonly lines: string[],
  ) {
    super(lines.length ? `${message}\n${lines.map((l) => `  │ ${l}`).join('\n')}` : message);
    this.name = 'BotStartError';
  }
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startBot(options: {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
  readyTimeoutMs: number;
  signal?: AbortSignal;
}): Promise<StartedBot> {
  const child = spawnManaged(options.command, [], {
    env: options.env,
    shell: true,
    group: true,
    keepLines: 15,
    cwd: options.cwd,
  });
  const stop = async () => {
    await child.stop(3000);
  };
  const target = new URL(options.url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + options.readyTimeoutMs;
  // Connect attempts until the port answers: the bot's own start-up is the event awaited, the deadline a net.
  for (;;) {
    if (await portOpen(host, port)) return { process: child, stop };
    if (exited) {
      const info = await child.exited;
      throw new BotStartError(
        info.spawnError
          ? `the bot's command could not start (${info.spawnError}): ${options.command}`
          : `the bot's command exited (code ${info.exitCode ?? info.signal}) before listening on ${host}:${port}`,
        child.recentLines(),
      );
    }
    if (Date.now() > deadline || options.signal?.aborted) {
      await stop();
      throw new BotStartError(
        `the bot did not listen on ${host}:${port} within ${formatDuration(options.readyTimeoutMs)}`,
        child.recentLines(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
