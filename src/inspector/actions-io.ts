import { playScenario } from '../samples/send/play-scenario-io.js';
import { recordBody } from '../events/record/record.js';
import { signBody } from '../verification/signature.js';
import { mayResign, replayRefusal, unverifiedReason } from '../samples/replay-policy.js';
import { findById } from '../events/log/reader-io.js';
import type { SampleInfo, SampleLibrary } from './samples-io.js';
import { probeHeaders, type ProbeKind } from '../events/probe.js';

export type ActionResult =
  | { ok: true; target: string; signed: boolean; status: number; ms: number }
  | { ok: false; error: string; target?: string };

export type ScenarioResult =
  | { ok: true; target: string; signed: boolean; steps: Array<{ label: string; status?: number }> }
  | { ok: false; error: string; target?: string };

export interface InspectorActions {
  /** `unsigned`: the user chose "Send unsigned as received" (the only way to replay an unverified record). */
  replay(id: string, options?: { unsigned?: boolean }): Promise<ActionResult>;
  send(name: string, text?: string): Promise<ActionResult>;
  samples(): Promise<SampleInfo[]>;
  scenarios(): Promise<SampleInfo[]>;
  /** Plays a scenario with its compressed delays; resolves when every step was sent. */
  scenario(name: string): Promise<ScenarioResult>;
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
async function deliver(options: ActionOptions, body: Buffer, kind: ProbeKind, sign = true): Promise<ActionResult> {
  // undici is heavy: loaded on the first click, not when `up` starts.
  const { createSender } = await import('../samples/send/sender-io.js');
  const sender = createSender(options.targetUrl, {
    connections: 1,
    timeoutMs: options.timeoutMs ?? 10_000,
    headers: probeHeaders('inspector', kind),
  });
  try {
    // A fresh signature over the exact bytes: the original may have been made with another secret.
    const signature = options.appSecret === undefined || !sign ? undefined : signBody(body, options.appSecret);
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
      const record = await findById(options.logPath, id);
      if (!record) return { ok: false, error: `no event with id ${id} in the log` };
      if (record.method !== 'POST' || (record.body === undefined && record.bodyBase64 === undefined)) {
        return {
          ok: false,
          error: `${record.id} is a ${record.method} ${record.kind} without a body: nothing to replay`,
        };
      }
      const refusal = replayRefusal(record);
      if (refusal) return { ok: false, error: `${record.id} ${refusal.reason} (${refusal.hint})` };
      if (!unsigned && !mayResign(record, recordBody(record), options.appSecret)) {
        return {
          ok: false,
          error: `${record.id} ${unverifiedReason(record)}: wa-hook signs only bytes whose signature it verified (use "Send unsigned as received")`,
        };
      }
      return deliver(options, recordBody(record), 'replay', !unsigned);
    },
    async send(name, text) {
      const body = await options.samples.render(name, { text: text === '' ? undefined : text });
      if (!body) return { ok: false, error: `unknown sample "${name}"` };
      return deliver(options, body, 'sample');
    },
    samples: () => options.samples.list(),
    scenarios: () => options.samples.scenarios(),
    async scenario(name) {
      const deliveries = await options.samples.scenario(name);
      if (!deliveries) return { ok: false, error: `unknown scenario "${name}"` };
      const { createSender } = await import('../samples/send/sender-io.js');
      const sender = createSender(options.targetUrl, { connections: 1, timeoutMs: options.timeoutMs ?? 10_000 });
      const steps: Array<{ label: string; status?: number }> = [];
      const secret = options.appSecret;
      try {
        await playScenario(deliveries, {
          sender,
          sign: (body) => (secret === undefined ? undefined : signBody(body, secret)),
          onSent: (d, result) => steps.push({ label: d.planned.label, status: result.status }),
        });
      } finally {
        await sender.close();
      }
      return { ok: true, target: options.targetUrl, signed: options.appSecret !== undefined, steps };
    },
  };
}
