import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from './temp-dir.js';
import type { Defer } from './cleanups.js';
import { runCli, type CliRun } from './run-cli.js';
import { DEFAULT_IDS } from '../fixtures/fake-graph-api.js';
import { startSampleReceiver, type SampleReceiver } from '../fixtures/sample-receiver.js';
import type { Finding } from '../../src/doctor/diagnose.js';

export const VERIFY_TOKEN = 'dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5';

/** The .env of a complete, correct setup matching the fake Graph API's defaults. */
export function goodEnv(overrides: Record<string, string | undefined> = {}): string {
  const values: Record<string, string | undefined> = {
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_APP_SECRET: DEFAULT_IDS.appSecret,
    WHATSAPP_ACCESS_TOKEN: DEFAULT_IDS.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: DEFAULT_IDS.phoneNumberId,
    WHATSAPP_BUSINESS_ACCOUNT_ID: DEFAULT_IDS.wabaId,
    WHATSAPP_APP_ID: DEFAULT_IDS.appId,
    ...overrides,
  };
  return (
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

/** A sample receiver that checks the verify token and app secret goodEnv() writes (`options` may change them). */
export function startGoodReceiver(
  options: Partial<Parameters<typeof startSampleReceiver>[0]> = {},
): Promise<SampleReceiver> {
  return startSampleReceiver({ verifyToken: VERIFY_TOKEN, appSecret: DEFAULT_IDS.appSecret, ...options });
}

export async function makeProject(envText: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const project = await makeTempDir('wa-hook-doctor-');
  await writeFile(join(project.dir, '.env'), envText);
  return project;
}

/** Pretends a `wa-hook up` is running: its state file, owned by this (live) test process. */
export async function writeUpState(
  dir: string,
  state: { localUrl: string; port: number; instanceId?: string; callbackUrl?: string; verifyToken?: string },
): Promise<void> {
  await mkdir(join(dir, '.wa-hook'), { recursive: true });
  await writeFile(
    join(dir, '.wa-hook', 'state.json'),
    JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), path: '/webhook', ...state }),
  );
}

export async function doctorJson(
  dir: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ run: CliRun; findings: Finding[]; byId: (id: string) => Finding }> {
  const run = await runCli(['doctor', '--json', ...args], { cwd: dir, env });
  let findings: Finding[] = [];
  try {
    findings = JSON.parse(run.stdout) as Finding[];
  } catch {
    throw new Error(`doctor --json did not print JSON (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  }
  const byId = (id: string) => {
    const f = findings.find((x) => x.id === id);
    if (!f) throw new Error(`no finding ${id}`);
    return f;
  };
  return { run, findings, byId };
}

/** The secrets goodEnv() writes. */
const GOOD_ENV_SECRETS = [DEFAULT_IDS.accessToken, DEFAULT_IDS.appSecret, VERIFY_TOKEN];

/**
 * `doctor --json --offline …` about a bot's own receiver on `port`: a fresh project whose .env has the verify
 * token and WEBHOOK_PATH only (no access token or app secret), removed through `defer` after the test.
 */
export async function doctorOwnReceiver(
  defer: Defer,
  port: number,
  webhookPath: string | undefined,
  args: string[] = [],
): ReturnType<typeof doctorJson> {
  const project = await makeProject(
    goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined, WHATSAPP_APP_SECRET: undefined, WEBHOOK_PATH: webhookPath }),
  );
  defer(project.cleanup);
  return doctorJson(project.dir, ['--offline', ...args], { PORT: String(port) });
}

/** Secrets must never appear in full in anything the CLI prints: goodEnv()'s, and `also`. */
export function expectNoSecrets(run: CliRun, also: string[] = []): void {
  const all = run.stdout + run.stderr;
  for (const s of [...GOOD_ENV_SECRETS, ...also])
    if (all.includes(s)) throw new Error(`secret ${s.slice(0, 4)}… printed in full:\n${all}`);
}

/**
 * A loopback port where nothing listens (keeps doctor off whatever runs on :8000). Port 1 is never bound here;
 * a port freed by a closed test server is not safe, since a parallel test may take it in between.
 */
export async function closedPort(): Promise<number> {
  return 1;
}
