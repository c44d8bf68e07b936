/**
 * `up --local`: local WhatsApp beside the receiver. Ids and secrets come from the configuration when set (the
 * bot's .env stays as it is, only its Graph base URL changes); otherwise generated once and kept in
 * `.wa-hook/local-meta.json` (0600) so a restart keeps them. Statuses and customer messages are POSTed to the
 * receiver, so the event log, the live view, the inspector and the bot (or the --forward-to backend) see them;
 * every Graph API call is recorded as a `graph` event.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UsageError, WaHookError } from '../../errors.js';
import type { UpPart } from '../../session/session-io.js';
import { parseRecordPayload } from '../../events/facts.js';
import { eventsFilePath } from '../../events/log/reader-io.js';
import { readSafeFile, writeSafeFile } from '../../state/safe-files-io.js';
import { readState, stateDir } from '../../state/state-file-io.js';
import { SAMPLE_BUSINESS_NUMBER } from '../../samples/render.js';
import type { LoadedConfig } from '../common.js';
import type { LocalMeta } from '../../local-meta/local-meta-io.js';
import { errorCode, errorMessage } from '../../errors-narrow.js';

export interface LocalIdentity {
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  appId: string;
  businessNumber: string;
}

export const LOCAL_META_FILE = 'local-meta.json';
/** The version printed in the base URL clients are given (any version is answered). */
export const LOCAL_GRAPH_VERSION = 'v24.0';

function digits(n: number): string {
  const bytes = randomBytes(n);
  let out = String(1 + (bytes.readUInt8(0) % 9));
  for (let i = 1; i < n; i++) out += String(bytes.readUInt8(i) % 10);
  return out;
}

function generated(): LocalIdentity {
  return {
    appSecret: randomBytes(16).toString('hex'),
    accessToken: `EAAL${randomBytes(48).toString('base64url').replace(/[-_]/g, 'A')}`,
    phoneNumberId: digits(15),
    wabaId: digits(15),
    appId: digits(16),
    businessNumber: SAMPLE_BUSINESS_NUMBER,
  };
}

const IDENTITY_KEYS = ['appSecret', 'accessToken', 'phoneNumberId', 'wabaId', 'appId', 'businessNumber'] as const;

/** The identity kept in .wa-hook/local-meta.json: its string fields only (a hand-edited file may hold anything). */
async function keptIdentity(cwd: string): Promise<Partial<LocalIdentity>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readSafeFile(join(stateDir(cwd), LOCAL_META_FILE))) ?? '{}');
  } catch {
    return {};
  }
  const kept: Partial<LocalIdentity> = {};
  if (typeof parsed !== 'object' || parsed === null) return kept;
  for (const key of IDENTITY_KEYS) {
    const value: unknown = Reflect.get(parsed, key);
    if (typeof value === 'string') kept[key] = value;
  }
  return kept;
}

/** Config values win; the rest is the kept (or a fresh) generated identity. */
export async function localIdentity(config: LoadedConfig, cwd: string): Promise<LocalIdentity> {
  const kept = await keptIdentity(cwd);
  const base: LocalIdentity = { ...generated(), ...kept };
  if (IDENTITY_KEYS.some((k) => kept[k] === undefined))
    await writeSafeFile(join(stateDir(cwd), LOCAL_META_FILE), `${JSON.stringify(base, null, 2)}\n`);
  const v = config.values;
  return {
    appSecret: v.appSecret ?? base.appSecret,
    accessToken: v.accessToken ?? base.accessToken,
    phoneNumberId: v.phoneNumberId ?? base.phoneNumberId,
    wabaId: v.wabaId ?? base.wabaId,
    appId: v.appId ?? base.appId,
    businessNumber: base.businessNumber,
  };
}

/**
 * For send-sample and friends: while an `up --local` runs here, the ids and secrets it generated fill what the
 * configuration leaves unset (the same rule `up` applied), so a zero-configuration sample is signed with the
 * secret the receiver checks and addressed to the number the echo bot answers for.
 */
export async function withRunningLocalIdentity(config: LoadedConfig, cwd: string): Promise<LoadedConfig> {
  const state = await readState(cwd);
  if (!state?.localGraphUrl) return config;
  const kept = await keptIdentity(cwd);
  const v = config.values;
  return {
    ...config,
    values: {
      ...v,
      appSecret: v.appSecret ?? kept.appSecret,
      accessToken: v.accessToken ?? kept.accessToken,
      phoneNumberId: v.phoneNumberId ?? kept.phoneNumberId,
      wabaId: v.wabaId ?? kept.wabaId,
      appId: v.appId ?? kept.appId,
    },
  };
}

/** The config `up` runs with in local mode: the local identity filled in where the user set nothing. */
export function withLocalIdentity(config: LoadedConfig, id: LocalIdentity): LoadedConfig {
  return {
    ...config,
    values: {
      ...config.values,
      appSecret: id.appSecret,
      accessToken: id.accessToken,
      phoneNumberId: id.phoneNumberId,
      wabaId: id.wabaId,
      appId: id.appId,
    },
  };
}

export function checkLocalFlags(opts: { tunnel?: string; publicUrl?: string; register?: boolean }): void {
  if ((opts.tunnel && opts.tunnel !== 'none') || opts.publicUrl)
    throw new UsageError('--local runs without a tunnel: local WhatsApp and the receiver talk on 127.0.0.1', {
      hint: 'drop --tunnel / --public-url, or run `wa-hook up` without --local to reach real Meta',
    });
  if (opts.register)
    throw new UsageError('--register changes the app subscription on real Meta: it has no meaning with --local', {
      hint: 'drop --register',
    });
}

/**
 * Local WhatsApp starts before the session: the echo bot (a session part) must be given its Graph URL. Its
 * webhook target is the receiver, set by localPart once the receiver listens.
 */
export async function startLocalWhatsApp(cwd: string, graphPort: number, id: LocalIdentity): Promise<LocalMeta> {
  const { startLocalMeta } = await import('../../local-meta/local-meta-io.js');
  const { recentInboundFromLog } = await import('../../local-meta/log-windows-io.js');
  try {
    // Nothing is sent before the part sets the receiver's URL: no send can arrive before `ready`.
    // The event log's recent inbound messages reopen their windows: a restart does not forget who wrote.
    return await startLocalMeta({
      cwd,
      graphPort,
      webhookUrl: 'http://127.0.0.1:9/',
      recentInbound: (now) => recentInboundFromLog(eventsFilePath(cwd), now),
      ...id,
    });
  } catch (error) {
    if (errorCode(error) === 'EADDRINUSE')
      throw new WaHookError(`port ${graphPort} on 127.0.0.1 is already in use (local WhatsApp's Graph API)`, {
        hint: 'pick another with --graph-port (0 = any free one)',
        cause: error,
      });
    throw error;
  }
}

/**
 * The session part: points local WhatsApp at the receiver, lets inbound messages from any source open windows,
 * and records every Graph API call as a `graph` event (through the session's event log) that the live view, the
 * inspector and `wa-hook events --type graph` show.
 */
export function localPart(meta: LocalMeta): UpPart {
  return async (host) => {
    const { graphCallRecord } = await import('../../local-meta/graph/record.js');
    meta.setWebhookUrl(host.receiverUrl);
    const unsubscribe = host.on((event) => {
      if (event.type !== 'request' || event.record.kind !== 'event' || event.record.status >= 300) return;
      meta.observeWebhook(event.payload ?? parseRecordPayload(event.record));
    });
    meta.on('graph-call', (call) => {
      const { record, jsonBody } = graphCallRecord(call);
      host.log.append(record, jsonBody).catch((error: unknown) => {
        host.emit({
          type: 'warning',
          source: 'event-log',
          message: `event log write failed: ${errorMessage(error)}`,
        });
      });
      host.emit({ type: 'graph-call', method: call.method, path: call.path, status: call.status, ms: call.ms });
      host.emit({ type: 'request', record });
    });
    return {
      async close() {
        unsubscribe();
        await meta.close();
      },
    };
  };
}
