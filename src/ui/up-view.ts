import type { EventRecord } from '../core/event-record.js';
import { summarizeRecord } from '../core/event-facts.js';
import { maskSecret } from '../core/redact.js';
import type { Output } from './output.js';

export interface ReadyInfo {
  localUrl: string;
  port: number;
  path: string;
  forwardTo?: string;
  /** Undefined in forward mode when none is configured: the backend holds it. */
  verifyToken?: string;
  verifyTokenGenerated: boolean;
  showToken: boolean;
  appSecretSet: boolean;
  eventLog: string;
  inspectorUrl?: string;
  /** `up --echo` is on: what it does. */
  echo?: string;
}

/** The banner `up` prints once the receiver listens (or the `ready` NDJSON event). */
export function renderReady(out: Output, info: ReadyInfo): void {
  const token = info.verifyToken === undefined ? undefined : info.showToken ? info.verifyToken : maskSecret(info.verifyToken);
  out.data({
    type: 'ready',
    localUrl: info.localUrl,
    port: info.port,
    path: info.path,
    ...(info.forwardTo ? { forwardTo: info.forwardTo } : {}),
    pid: process.pid,
    verifyToken: token,
    verifyTokenGenerated: info.verifyTokenGenerated,
    signatures: info.appSecretSet ? 'checked' : 'unchecked',
    eventLog: info.eventLog,
    ...(info.inspectorUrl ? { inspectorUrl: info.inspectorUrl } : {}),
    echo: info.echo !== undefined,
  });
  const t = out.theme;
  out.info(`${t.green('✔')} receiver listening on ${t.bold(info.localUrl)}`);
  if (info.forwardTo) {
    out.info(`  forwarding to ${t.bold(info.forwardTo)} ${t.dim('(your backend answers every request)')}`);
  }
  const tokenNote = info.verifyTokenGenerated ? ' (generated for this session; set WHATSAPP_VERIFY_TOKEN to keep one)' : '';
  if (token === undefined) out.info(`  verify token  ${t.dim("your backend's (set WHATSAPP_VERIFY_TOKEN so wa-hook can self-test it)")}`);
  else out.info(`  verify token  ${token}${info.showToken ? '' : t.dim(' (--show-token to print it)')}${t.dim(tokenNote)}`);
  out.info(`  signatures    ${info.appSecretSet ? 'checked with the app secret' : t.yellow('not checked (set WHATSAPP_APP_SECRET)')}`);
  out.info(`  event log     ${info.eventLog}`);
  if (info.inspectorUrl) out.info(`  inspector     ${t.bold(info.inspectorUrl)} ${t.dim('(this machine only)')}`);
  if (info.echo) out.info(`  echo bot      ${info.echo}`);
}

/** One line per message/status for a recorded request, or the reason it was refused. */
export function renderRecord(out: Output, record: EventRecord, details: { payload?: unknown; hint?: string }): void {
  const summary = summarizeRecord(record, details.payload);
  if (record.forward) {
    const backend = record.forward.error ? `backend unreachable (${record.forward.error})` : `backend ${record.forward.status} in ${record.forward.ms} ms`;
    summary[0] = `${summary[0]} → ${backend}`;
  }
  out.data({ type: 'event', id: record.id, kind: record.kind, method: record.method, status: record.status, signature: record.signature, reason: record.reason, forward: record.forward, hint: record.status >= 400 ? details.hint : undefined, summary });
  if (out.json) return;
  const t = out.theme;
  const time = record.receivedAt.slice(11, 19);
  for (const line of summary) {
    const coloured = record.status >= 400 ? t.red(line) : line;
    out.result(`${t.dim(time)} ${coloured}`);
  }
  if (record.status >= 400 && details.hint) out.info(`  ${t.cyan('→')} ${details.hint}`);
}
