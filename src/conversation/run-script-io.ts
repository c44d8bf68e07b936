/**
 * Plays a parsed script: local Meta on a free port, the bot started from its command (or reached at its URL),
 * every conversation's steps in order; the first failing step ends its conversation (the rest are skipped).
 */
import { createServer } from 'node:net';
import { listeningPort } from '../platform/listening-port.js';
import { dirname } from 'node:path';
import { BotStartError, startBot, type StartedBot } from './bot-process-io.js';
import { LocalWhatsAppSession } from './local-whatsapp-io.js';
import { playStep, type PlayState } from './play-step-io.js';
import type { ConversationResult, FileResult, StepResult } from './results.js';
import type { Conversation, Script } from './script-types.js';
import { UsageError } from '../errors.js';

export interface RunOptions {
  /** The bot's webhook URL when it already runs (overrides the script's bot and its command). */
  forwardTo?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  graphPort: number;
  appSecret?: string;
  accessToken?: string;
  phoneNumberId?: string;
  wabaId?: string;
  signal?: AbortSignal;
  onConversation?: (conversation: Conversation) => void;
  onStep?: (result: StepResult) => void;
}

/** What the bot's process is told: local Meta's address and the ids and secrets it signs and checks with. */
export function botEnvironment(session: LocalWhatsAppSession, botUrl: string): Record<string, string> {
  const port = new URL(botUrl).port;
  return {
    WA_HOOK_GRAPH_URL: `${session.graphUrl}/v24.0`,
    WA_HOOK_GRAPH_HOST: session.graphUrl,
    WHATSAPP_ACCESS_TOKEN: session.accessToken,
    WHATSAPP_APP_SECRET: session.appSecret,
    WHATSAPP_PHONE_NUMBER_ID: session.phoneNumberId,
    WHATSAPP_BUSINESS_ACCOUNT_ID: session.wabaId,
    ...(port ? { PORT: port } : {}),
  };
}

async function playConversation(
  session: LocalWhatsAppSession,
  conversation: Conversation,
  options: RunOptions,
): Promise<ConversationResult> {
  const started = performance.now();
  session.mailbox.clearQueue();
  const state: PlayState = { lastTaken: new Map() };
  const steps: StepResult[] = [];
  let failed = false;
  for (const step of conversation.steps) {
    if (failed || options.signal?.aborted) {
      const result: StepResult = { label: step.label, pos: step.pos, status: 'skipped', ms: 0 };
      steps.push(result);
      options.onStep?.(result);
      continue;
    }
    const t0 = performance.now();
    const failure = await playStep(session, step, state);
    const result: StepResult = {
      label: step.label,
      pos: step.pos,
      status: failure ? 'failed' : 'passed',
      ms: Math.round(performance.now() - t0),
      ...(failure ? { failure } : {}),
    };
    failed = Boolean(failure);
    steps.push(result);
    options.onStep?.(result);
  }
  return {
    name: conversation.name,
    pos: conversation.pos,
    steps,
    ms: Math.round(performance.now() - started),
    passed: !failed && !options.signal?.aborted,
  };
}

/** A free loopback port now (the bot binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = listeningPort(server);
      server.close(() => resolve(port));
    });
  });
}

export async function runScript(script: Script, options: RunOptions): Promise<FileResult> {
  const started = performance.now();
  const botSpec = options.forwardTo ? undefined : script.bot;
  const command = botSpec?.command;
  let url = options.forwardTo ?? script.bot?.url;
  if (url === undefined)
    throw new UsageError(`${script.file}: no bot to talk to: give bot.url in the script or --forward-to`);
  // `url: http://127.0.0.1:0/webhook` with a command: any free port, given to the bot as PORT (parallel CI runs).
  if (command && new URL(url).port === '0') {
    const parsed = new URL(url);
    parsed.port = String(await freePort());
    url = parsed.href;
  }
  const session = await LocalWhatsAppSession.start({
    forwardTo: url,
    customer: script.customers[0]?.number,
    graphPort: options.graphPort,
    cwd: options.cwd,
    appSecret: options.appSecret,
    accessToken: options.accessToken,
    phoneNumberId: options.phoneNumberId,
    wabaId: options.wabaId,
  });
  let bot: StartedBot | undefined;
  const conversations: ConversationResult[] = [];
  try {
    if (command && botSpec) {
      try {
        bot = await startBot({
          command,
          cwd: script.bot?.cwd ?? dirname(script.file),
          env: { ...options.env, ...botEnvironment(session, url), ...script.bot?.env },
          url,
          readyTimeoutMs: botSpec.readyTimeoutMs,
          signal: options.signal,
        });
      } catch (error) {
        if (!(error instanceof BotStartError)) throw error;
        return {
          file: script.file,
          conversations: [],
          ms: Math.round(performance.now() - started),
          error: error.message,
        };
      }
    }
    for (const conversation of script.conversations) {
      options.onConversation?.(conversation);
      conversations.push(await playConversation(session, conversation, options));
    }
  } finally {
    // Local Meta first (no more webhooks to a bot on its way out), then the bot's process tree.
    await session.close();
    await bot?.stop();
  }
  return { file: script.file, conversations, ms: Math.round(performance.now() - started) };
}
