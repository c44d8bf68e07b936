import { get } from 'node:http';
import { join } from 'node:path';
import { isPidAlive } from '../platform/pid-io.js';
import { INSTANCE_PATH, instanceMatches } from './instance.js';
import { readSafeFile, removeSafeFile, writeSafeFile } from './safe-files-io.js';
import { isRecord, recordOr } from '../json-narrow.js';

/** What a running `wa-hook up` tells the other commands (`.wa-hook/state.json`). */
export interface UpState {
  pid: number;
  /**
   * Random per `up` run; its receiver answers it on GET INSTANCE_PATH. A live pid with another (or no)
   * answer is a reused pid, not our `up`.
   */
  instanceId: string;
  startedAt: string;
  /** Local callback URL, e.g. http://127.0.0.1:8000/webhook */
  localUrl: string;
  path: string;
  port: number;
  /** Public origin and callback URL once a tunnel (or --public-url) is up. */
  publicUrl?: string;
  callbackUrl?: string;
  provider?: string;
  forwardTo?: string;
  inspectorUrl?: string;
  /**
   * The verify token this `up` answers (or, forwarding, self-tests) with, and where it came from, so
   * verify/send-sample/doctor use what it actually answers with. The file is written 0600 and lives in the
   * git-ignored .wa-hook folder.
   */
  verifyToken?: string;
  verifyTokenSource?: 'flag' | 'env' | 'dotenv' | 'generated';
  /** `up --local`: local WhatsApp's Graph API (host only) and the token its control routes want. */
  localGraphUrl?: string;
  localControlToken?: string;
  /** One-way fingerprint of the App Secret `up` checks signatures with (never the secret itself). */
  appSecretFingerprint?: string;
}

export const STATE_DIR = '.wa-hook';

export function stateDir(cwd: string): string {
  return join(cwd, STATE_DIR);
}

export function statePath(cwd: string): string {
  return join(stateDir(cwd), 'state.json');
}

/** What the receiver on 127.0.0.1:port answers on INSTANCE_PATH (node:http: undici fails under Wine). */
function askInstance(port: number, timeoutMs: number): Promise<{ status?: number; body: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: INSTANCE_PATH, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 200) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', () => resolve({ body: '' }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ body: '' }));
  });
}

const OPTIONAL_STRINGS = [
  'publicUrl',
  'callbackUrl',
  'provider',
  'forwardTo',
  'inspectorUrl',
  'verifyToken',
  'localGraphUrl',
  'localControlToken',
  'appSecretFingerprint',
] as const satisfies ReadonlyArray<keyof UpState>;
const TOKEN_SOURCES: ReadonlyArray<UpState['verifyTokenSource']> = ['flag', 'env', 'dotenv', 'generated'];

/**
 * Only the shape a real `up` writes: an instance id, a port, and a local URL that is the loopback receiver;
 * every other field of the type it claims to be (a hand-edited file is refused, not read wrong later).
 */
export function isTrustworthyShape(state: unknown): state is UpState {
  if (!isRecord(state)) return false;
  const s: Partial<Record<keyof UpState, unknown>> = state;
  if (typeof s.pid !== 'number' || typeof s.instanceId !== 'string' || !/^[\w-]{8,200}$/.test(s.instanceId)) {
    return false;
  }
  if (typeof s.port !== 'number' || !Number.isInteger(s.port) || s.port < 1 || s.port > 65535) return false;
  if (typeof s.path !== 'string' || !/^\/[^\s\p{Cc}]*$/u.test(s.path)) return false;
  if (typeof s.startedAt !== 'string' || !OPTIONAL_STRINGS.every((k) => s[k] === undefined || typeof s[k] === 'string'))
    return false;
  if (s.verifyTokenSource !== undefined && !TOKEN_SOURCES.some((t) => t === s.verifyTokenSource)) return false;
  return s.localUrl === `http://127.0.0.1:${s.port}${s.path}`;
}

/**
 * The state of a live `up`, or undefined. A file left by a dead `up` (kill -9, closed console) is
 * ignored, also when its pid now belongs to another process: the receiver must answer the instance id.
 */
export async function readState(cwd: string, probeTimeoutMs = 2000): Promise<UpState | undefined> {
  let state: unknown;
  try {
    // A planted symlink or foreign file is ignored here (readers only); `up` refuses it when writing.
    state = JSON.parse((await readSafeFile(statePath(cwd))) ?? 'null');
  } catch {
    return undefined;
  }
  // A cloned project can carry a planted state.json (pid 1 is always alive): without an instance id that a
  // receiver on 127.0.0.1 at its own port answers, and a local URL that is exactly that receiver, the file
  // would hand verify the real token, send-sample the real signature and doctor a URL to register with Meta.
  if (!isTrustworthyShape(state) || !isPidAlive(state.pid)) return undefined;
  const answer = await askInstance(state.port, probeTimeoutMs);
  return instanceMatches(state.instanceId, answer.status, answer.body) ? state : undefined;
}

/** Written atomically (exclusive temp file + rename) so a reader never sees half a file and no link is followed. */
export async function writeState(cwd: string, state: UpState): Promise<void> {
  await writeSafeFile(statePath(cwd), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file only if it still belongs to this process. */
export async function removeState(cwd: string, pid: number = process.pid): Promise<void> {
  try {
    const state: unknown = JSON.parse((await readSafeFile(statePath(cwd))) ?? 'null');
    if (recordOr(state).pid !== pid) return;
  } catch {
    return;
  }
  await removeSafeFile(statePath(cwd));
}
