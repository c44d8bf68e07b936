import type { IncomingMessage } from 'node:http';
import type { BodyRefusal } from './refusal.js';
import { isRecord } from '../json-narrow.js';

/**
 * Meta's payloads reach 3 MB; accept that with a margin, refuse more with 413.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: BodyRefusal };

/**
 * Bytes of request bodies held at once by one receiver: 256 connections × 4 MiB would be 1 GiB. Past it a
 * request is answered 503 (Meta retries) instead of running `up` out of memory.
 */
export const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

export class BodyBudget {
  used = 0;
  constructor(readonly limit = MAX_BYTES_IN_FLIGHT) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/**
 * Reads the raw request bytes, stopping as soon as the bound is passed. With a budget, the bytes read are
 * taken from it as they arrive; on success the caller gives `body.length` back when done with the body,
 * on failure they are given back here.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES, budget?: BodyBudget): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (!result.ok) budget?.give(size);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      if (budget && !budget.take(chunk.length)) {
        settle({ ok: false, reason: 'busy' });
        return;
      }
      size += chunk.length;
      if (size > limit) {
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () =>
      settle({ ok: true, body: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size) }),
    );
    req.on('aborted', () => settle({ ok: false, reason: 'aborted' }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** A small JSON object body (the inspector's and the phone's requests); undefined when it is too big, not JSON or no object. */
export async function readJsonObject(
  req: IncomingMessage,
  limit: number,
): Promise<Record<string, unknown> | undefined> {
  const read = await readBody(req, limit);
  if (!read.ok) return undefined;
  try {
    const value: unknown = JSON.parse(read.body.toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
