/**
 * What `up` runs beside the receiver: the loopback web inspector and the `--echo` bot. Kept out of
 * up.ts so the tunnel work there and this stay independent; up.ts calls start/onRecord/close.
 */
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { EventRecord } from '../../events/record.js';
import { parsePort } from '../../config/resolve.js';
import { maskSecret } from '../../config/redact.js';
import { DEFAULT_INSPECT_PORT, startUpInspector } from '../../inspector/setup-io.js';
import type { Inspector, InspectorInfo } from '../../inspector/server-io.js';
import type { LocalMeta } from '../../local-meta/local-meta-io.js';
import type { EchoBot } from '../../echo/bot-io.js';
import type { Output } from '../../ui/output-io.js';
import { renderEcho } from '../../ui/echo-view.js';
import type { LoadedConfig } from '../common.js';

export interface AddonOptions {
  inspect?: boolean;
  inspectPort?: string;
  echo?: boolean;
  showToken?: boolean;
  tunnel?: string;
  publicUrl?: string;
}

export interface UpAddons {
  inspectorUrl?: string;
  /** For the ready banner, e.g. "replies to texts as phone number 1065… (token EAAG…)". */
  echo?: string;
  onRecord(record: EventRecord, details: { payload?: unknown }): void;
  /** For the tunnel code: the public callback URL and the tunnel's state, shown live on the page. */
  setTunnel(status: string, callbackUrl?: string): void;
  close(): Promise<void>;
}

interface Setup {
  opts: AddonOptions;
  ctx: Ctx;
  out: Output;
  config: LoadedConfig;
  receiverUrl: string;
  logPath: string;
  verifyToken?: string;
  forwardTo?: string;
  /** `up --local`: the inspector's Phone view drives it. */
  localMeta?: LocalMeta;
}

async function startEcho({ out, config, ctx, forwardTo }: Setup): Promise<EchoBot | undefined> {
  if (forwardTo) {
    // Your backend is the bot there: a second reply from wa-hook would double every answer.
    out.warn('--echo is off with --forward-to: your backend answers the messages');
    return undefined;
  }
  const { accessToken, phoneNumberId } = config.values;
  const missing = [
    accessToken ? '' : 'WHATSAPP_ACCESS_TOKEN (--access-token)',
    phoneNumberId ? '' : 'WHATSAPP_PHONE_NUMBER_ID (--phone-number-id)',
  ].filter(Boolean);
  if (missing.length > 0 || !accessToken || !phoneNumberId) {
    out.warn(`--echo needs ${missing.join(' and ')}: running without bot replies`);
    return undefined;
  }
  // undici only when the bot is on: `up` without --echo never loads it.
  const [{ graphClientFor }, { createEchoBot }] = await Promise.all([
    import('../../graph/client-io.js'),
    import('../../echo/bot-io.js'),
  ]);
  // Outbound calls honour HTTPS_PROXY / NO_PROXY from ctx.env (STYLE.md §11); the token is masked in errors.
  const client = graphClientFor(config.values, { env: ctx.env });
  return createEchoBot({ client, token: accessToken, phoneNumberId, report: (report) => renderEcho(out, report) });
}

/** Flag checks that must fail before anything starts (exit 2, one line). */
export function inspectPortOf(opts: AddonOptions): number {
  const port = parsePort(opts.inspectPort ?? String(DEFAULT_INSPECT_PORT));
  if (port === undefined)
    throw new UsageError(`invalid --inspect-port "${opts.inspectPort}"`, {
      hint: 'use a number from 0 to 65535; 0 picks a free port',
    });
  return port;
}

export async function startUpAddons(setup: Setup): Promise<UpAddons> {
  const { opts, out } = setup;
  const inspectPort = inspectPortOf(opts);
  const bot = opts.echo ? await startEcho(setup) : undefined;
  const token =
    setup.verifyToken === undefined
      ? "(your backend's)"
      : opts.showToken
        ? setup.verifyToken
        : maskSecret(setup.verifyToken);
  const info: InspectorInfo = {
    callbackUrl: opts.publicUrl ?? setup.receiverUrl,
    localUrl: setup.receiverUrl,
    verifyToken: token,
    tunnel: opts.publicUrl ? 'your own public URL' : 'none (local only)',
    signatures: setup.config.values.appSecret !== undefined ? 'checked' : 'unchecked',
    ...(setup.forwardTo ? { forwardTo: setup.forwardTo } : {}),
    echo: bot ? 'on' : 'off',
  };
  let inspector: Inspector | undefined;
  if (opts.inspect !== false) {
    inspector = await startUpInspector({
      port: inspectPort,
      logPath: setup.logPath,
      receiverUrl: setup.receiverUrl,
      appSecret: setup.config.values.appSecret,
      phoneNumberId: setup.config.values.phoneNumberId,
      wabaId: setup.config.values.wabaId,
      info,
      ...(setup.localMeta ? { phone: { meta: setup.localMeta, cwd: setup.ctx.cwd } } : {}),
    }).catch(async (error: unknown) => {
      await bot?.close();
      throw error;
    });
    if (inspector.busyPort !== undefined)
      out.warn(`port ${inspector.busyPort} is not available: the inspector uses ${inspector.port} instead`);
  }
  return {
    inspectorUrl: inspector?.url,
    echo: bot
      ? `replies to texts as phone number ${setup.config.values.phoneNumberId} (token ${maskSecret(setup.config.values.accessToken)})`
      : undefined,
    onRecord(record, details) {
      inspector?.publish(record);
      bot?.handle(record, details.payload);
    },
    setTunnel(status, callbackUrl) {
      inspector?.setInfo({ tunnel: status, ...(callbackUrl ? { callbackUrl } : {}) });
    },
    async close() {
      await inspector?.close();
      await bot?.close();
    },
  };
}
