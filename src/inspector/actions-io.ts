import { recordBody } from '../events/record.js';
import { signPayload } from '../samples/signature.js';
import { mayResign, unverifiedReason } from '../samples/replay-policy.js';
import { findFromEnd } from '../events/log-reader-io.js';
import type { SampleInfo, SampleLibrary } from './samples-io.js';

export type ActionResult =
  | { ok: true; target: string; signed: boolean; status: number; ms: number }
  | { ok: false; error: string; target?: string };

export interface InspectorActions {
  /** `unsigned`: the user chose "Send unsigned as received" (the only way to replay an unverified record). */
  replay(id: string, options?: { unsigned?: boolean }): Promise<ActionResult>;
  send(name: string, text?: string): Promise<ActionResult>;
  samples(): Promise<SampleInfo[]>;
}

export interface ActionOptions {
  logPath: string;
  /** The local callback: in --forward-to mode the receiver passes it on to the backend as usual. */
  targetUrl: string;
  appSecret?: string;
  samples: SampleLibrary;
  timeoutMs?: number;
}

/** Replay and Send sample go through send-sample's sender: same headers, same signing as a delivery. */
async function deliver(options: ActionOptions, body: Buffer, sign = true): Promise<ActionResult> {
  // undici is heavy: loaded on the first click, not when `up` starts.
  const { createSender } = await import('../samples/sender-io.js');
  const sender = createSender(options.targetUrl, { connections: 1, timeoutMs: options.timeoutMs ?? 10_000 });
  try {
    // A fresh signature over the exact bytes: the original may have been made with another secret.
    const signature = options.appSecret === undefined || !sign ? undefined : signPayload(body, options.appSecret);
    const result = await sender.send(body, signature);
    if (result.status === undefined) {
      return {
        ok: false,
        target: options.targetUrl,
        error: `could not deliver to ${options.targetUrl}: ${result.errorCode ?? result.errorMessage ?? 'unknown error'}`,
      };
    }
    return {
      ok: true,
      target: options.targetUrl,
      signed: signature !== undefined,
      status: result.status,
      ms: Math.round(result.ms),
    };
  } finally {
    await sender.close();
  }
}

export function createInspectorActions(options: ActionOptions): InspectorActions {
  return {
    async replay(id, { unsigned = false } = {}) {
      const record = await findFromEnd(options.logPath, (r) => r.id === id);
      if (!record) return { ok: false, error: `no event with id ${id} in the log` };
      if (record.method !== 'POST' || (record.body === undefined && record.bodyBase64 === undefined)) {
        return {
          ok: false,
          error: `${record.id} is a ${record.method} ${record.kind} without a body: nothing to replay`,
        };
      }
      if (!unsigned && !mayResign(record)) {
        return {
          ok: false,
          error: `${record.id} ${unverifiedReason(record)}: wa-hook signs only bytes whose signature it verified (use "Send unsigned as received")`,
        };
      }
      return deliver(options, recordBody(record), !unsigned);
    },
    async send(name, text) {
      const body = await options.samples.render(name, { text: text === '' ? undefined : text });
      if (!body) return { ok: false, error: `unknown sample "${name}"` };
      return deliver(options, body);
    },
    samples: () => options.samples.list(),
  };
}
