/**
 * Child-process reaper, run as `node dist/platform/reaper-io.js` by child-process-io.ts (one per wa-hook process).
 *
 * Why: a SIGKILLed `wa-hook up` runs no handlers, so it cannot stop cloudflared itself, and Node has no
 * PR_SET_PDEATHSIG. This helper holds the read end of a pipe from its parent; the kernel closes the pipe
 * whenever the parent dies, however it dies. On that EOF the reaper stops every pid it was told about
 * (SIGTERM, then SIGKILL after 5 s; on Windows `taskkill /T /F` first, for the whole tree) and exits. Protocol
 * on stdin: `+<pid>\n` to watch, `-<pid>\n` to forget.
 */
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { isPidAlive } from './pid-io.js';
import { treeKillCommand } from './process-tree.js';

const GRACE_MS = 5000;
const pids = new Set<number>();
let buffered = '';

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

let reaping = false;

function reapAll(): void {
  if (reaping) return;
  reaping = true;
  // Windows: the parent is already gone, no time for politeness; /T takes a shim's real program too.
  for (const pid of pids) {
    const tree = treeKillCommand(pid, process.platform, true);
    if (tree) spawnSync(tree.command, tree.args, { stdio: 'ignore', windowsHide: true, timeout: 10_000 });
  }
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  const poll = setInterval(() => {
    const left = [...pids].filter(isPidAlive);
    if (left.length === 0 || Date.now() > deadline) {
      for (const pid of left) signal(pid, 'SIGKILL');
      // Nothing else holds the event loop (stdin has ended): the reaper exits by itself.
      clearInterval(poll);
    }
  }, 50);
}

// Ctrl-C in a terminal signals the whole foreground group, us included; the parent decides, we wait for EOF.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl).trim();
    buffered = buffered.slice(nl + 1);
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (line.startsWith('+')) pids.add(pid);
    else if (line.startsWith('-')) pids.delete(pid);
  }
});
process.stdin.on('end', reapAll);
process.stdin.on('error', reapAll);
