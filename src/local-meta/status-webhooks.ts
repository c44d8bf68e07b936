/**
 * The status webhooks local Meta sends after a send, built from the SAME templates as `send-sample`
 * (templates/statuses/*.json rendered by src/samples/render.ts): the template gives the envelope and the key
 * order; only what depends on this send is set on the rendered object (recipient, wamid, time, pricing for the
 * API version the bot called, biz_opaque_callback_data, the delivery error). Nothing is built by hand.
 */
import { createHash } from 'node:crypto';
import { applyApiVersion, renderTemplate, type Template } from '../samples/render.js';
import { toMetaBytes } from '../samples/bytes/meta-bytes.js';
import { signBody } from '../verification/signature.js';
import { pricingFor } from './rules/pricing.js';
import type { MetaError, SendAccepted } from './rules/types.js';
import { isRecord, recordAt } from '../json-narrow.js';

export type StatusName = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export interface StatusStep {
  status: StatusName;
  /** Milliseconds after the send. */
  afterMs: number;
  /** This status carries `pricing` (and `conversation` before v24): `sent` and the first of delivered/read. */
  priced: boolean;
}

export interface StatusTiming {
  sentMs: number;
  deliveredMs: number;
  /** null: the customer never reads it (read receipts off). */
  readMs: number | null;
  /** Voice messages: first play, after read. */
  playedMs: number;
}

export const DEFAULT_STATUS_TIMING: StatusTiming = { sentMs: 50, deliveredMs: 300, readMs: 1500, playedMs: 3000 };

/**
 * Which statuses a send gets, in order: reactions only `sent`; a delivery error only `failed`; `delivered` is
 * skipped when the message is read at once (Meta: "read" only if delivered, and no delivered webhook then);
 * voice messages (audio with voice:true) also get `played`. Read receipts and typing get none.
 */
export function statusLadder(input: { kind: string; voice: boolean; failed: boolean }, t: StatusTiming): StatusStep[] {
  if (input.kind === 'read' || input.kind === 'typing') return [];
  if (input.failed) return [{ status: 'failed', afterMs: t.sentMs, priced: false }];
  const steps: StatusStep[] = [{ status: 'sent', afterMs: t.sentMs, priced: true }];
  if (input.kind === 'reaction') return steps;
  const readAtOnce = t.readMs !== null && t.readMs <= t.deliveredMs;
  if (!readAtOnce) steps.push({ status: 'delivered', afterMs: Math.max(t.deliveredMs, t.sentMs), priced: true });
  if (t.readMs !== null) steps.push({ status: 'read', afterMs: Math.max(t.readMs, t.sentMs), priced: readAtOnce });
  if (input.voice && t.readMs !== null)
    steps.push({ status: 'played', afterMs: Math.max(t.playedMs, t.readMs, t.sentMs), priced: false });
  return steps;
}

export interface StatusFacts {
  wabaId: string;
  phoneNumberId: string;
  businessNumber: string;
  wamid: string;
  waId: string;
  bsuid: string;
  /** Unix ms on the local clock. */
  at: number;
  apiVersion?: number;
  category: SendAccepted['category'];
  inWindow: boolean;
  bizOpaqueCallbackData?: string;
  error?: MetaError;
}

/** Sets `key` on `target` keeping the template's key order; a new key goes before `before` when present. */
function setKey(target: Record<string, unknown>, key: string, value: unknown, before?: string): void {
  if (key in target || !before || !(before in target)) {
    target[key] = value;
    return;
  }
  const entries = Object.entries(target);
  entries.splice(
    entries.findIndex(([k]) => k === before),
    0,
    [key, value],
  );
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, Object.fromEntries(entries));
}

// A template shaped for an API version, kept: rendering copies it, so one shape serves every status.
const shapes = new WeakMap<Template, Map<number, Template>>();
function shapedFor(template: Template, version: number): Template {
  let byVersion = shapes.get(template);
  if (!byVersion) shapes.set(template, (byVersion = new Map<number, Template>()));
  let shaped = byVersion.get(version);
  if (!shaped) byVersion.set(version, (shaped = applyApiVersion(template, version)));
  return shaped;
}

/** The status payload, as Meta would send it for this send and step. */
export function buildStatusPayload(template: Template, step: StatusStep, facts: StatusFacts): unknown {
  // The variant (conversation before v24) is applied so its key order is the template's; its values are replaced below.
  const shaped = shapedFor(template, facts.apiVersion ?? Number.POSITIVE_INFINITY);
  const seconds = Math.floor(facts.at / 1000);
  const payload = renderTemplate(shaped, {
    waba_id: facts.wabaId,
    phone_number_id: facts.phoneNumberId,
    display_phone_number: facts.businessNumber,
    from: facts.waId,
    user_id: facts.bsuid,
    wamid: facts.wamid,
    timestamp: String(seconds),
    timestamp_plus_1d: String(seconds + 86_400),
  });
  const status = recordAt(payload, 'entry', 0, 'changes', 0, 'value', 'statuses', 0);
  if (!status) throw new Error(`template ${template.name} has no object at entry[0].changes[0].value.statuses[0]`);
  if (facts.bizOpaqueCallbackData !== undefined)
    setKey(status, 'biz_opaque_callback_data', facts.bizOpaqueCallbackData, 'pricing');
  else delete status.biz_opaque_callback_data;
  const priced = step.priced
    ? pricingFor({
        ...(facts.apiVersion !== undefined ? { apiVersion: facts.apiVersion } : {}),
        category: facts.category,
        inWindow: facts.inWindow,
        // Before v24 each message carried its own conversation id; expiration_timestamp only on `sent`.
        ...(facts.apiVersion !== undefined && facts.apiVersion < 24
          ? { conversationId: createHash('sha256').update(facts.wamid).digest('hex').slice(0, 32) }
          : {}),
        ...(step.status === 'sent' ? { expirationTimestamp: String(seconds + 86_400) } : {}),
      })
    : undefined;
  if (priced?.conversation) setKey(status, 'conversation', priced.conversation, 'pricing');
  else delete status.conversation;
  if (priced) setKey(status, 'pricing', priced.pricing);
  else delete status.pricing;
  if (step.status === 'failed' && facts.error && Array.isArray(status.errors) && isRecord(status.errors[0])) {
    const e = facts.error;
    const title = e.message ?? e.title;
    status.errors = [{ ...status.errors[0], code: e.code, title, message: title, error_data: { details: e.details } }];
  }
  return payload;
}

/** Meta's bytes and signature for a payload. */
export function signedBytes(payload: unknown, appSecret: string): { body: Buffer; signature: string } {
  const body = toMetaBytes(payload);
  return { body, signature: signBody(body, appSecret) };
}
