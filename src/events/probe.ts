/**
 * Requests wa-hook sends on purpose (verify's handshake and wrong-token check, doctor's probes, send-sample,
 * up's self-test) carry `X-Wa-Hook-Probe: <command>/<kind>; t=<ms>; mac=<hmac>`. The live view, `events` and
 * the inspector show them as what they are, and doctor never counts them as evidence about Meta's traffic.
 *
 * Anyone on the internet can send that header, so a bare name would turn attacks into green "our own probe ✔"
 * lines hidden from doctor. The mac is an HMAC with the project's probe key (`.wa-hook/probe-key`, 0600, only
 * local wa-hook processes of this user read it) over the name and the time; the receiver checks it on arrival
 * and records `probe` only when it holds. Only that recorded field makes a request one of ours.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventRecord } from './record/record.js';

export const PROBE_HEADER = 'x-wa-hook-probe';

/** Who sent it: the command (or `up` self-test, the inspector). */
export type ProbeSource = 'verify' | 'doctor' | 'send-sample' | 'up' | 'inspector';
/**
 * `handshake` and `sample` must be accepted; `wrong-token`, `bad-signature` and `unsigned` are negative tests
 * that must be refused.
 */
export type ProbeKind = 'handshake' | 'wrong-token' | 'sample' | 'bad-signature' | 'unsigned' | 'replay';

const NEGATIVE: ReadonlySet<string> = new Set(['wrong-token', 'bad-signature', 'unsigned']);

/** A marked probe older (or newer) than this is not ours any more: a copied header is good for minutes at most. */
export const PROBE_MAX_AGE_MS = 5 * 60_000;

let activeKey: string | undefined;

/** The probe key of this project (probe-key-io.ts loads it); without one, probes go out unmarked. */
export function useProbeKey(key: string | undefined): void {
  activeKey = key;
}

function probeMac(key: string, name: string, time: number): Buffer {
  return createHmac('sha256', key).update(`${name};${time}`).digest().subarray(0, 16);
}

/** The header value for a probe sent at `now`. */
export function probeHeaderValue(key: string, source: ProbeSource, kind: ProbeKind, now: number): string {
  const name = `${source}/${kind}`;
  return `${name}; t=${now}; mac=${probeMac(key, name, now).toString('hex')}`;
}

/** The marker for a request wa-hook sends itself, or no header when this project has no probe key yet. */
export function probeHeaders(source: ProbeSource, kind: ProbeKind, now = Date.now()): Record<string, string> {
  return activeKey === undefined ? {} : { [PROBE_HEADER]: probeHeaderValue(activeKey, source, kind, now) };
}

/** `verify/handshake` when the header was made with `key` within PROBE_MAX_AGE_MS of `now`; else undefined. */
export function verifiedProbe(value: string | undefined, key: string | undefined, now: number): string | undefined {
  if (value === undefined || key === undefined) return undefined;
  const [, probe, t, mac] = /^([a-z-]{1,20}\/[a-z-]{1,20}); t=(\d{1,15}); mac=([0-9a-f]{32})$/.exec(value.trim()) ?? [];
  if (probe === undefined || mac === undefined) return undefined;
  const time = Number(t);
  if (Math.abs(now - time) > PROBE_MAX_AGE_MS) return undefined;
  const given = Buffer.from(mac, 'hex');
  return timingSafeEqual(given, probeMac(key, probe, time)) ? probe : undefined;
}

export interface ProbeInfo {
  source: string;
  kind: string;
  /** The negative ones pass when refused; the others when answered 2xx. */
  negative: boolean;
  /** Did the receiver answer as it should? */
  asExpected: boolean;
  /** `wa-hook verify: wrong-token probe refused (403) ✔` */
  line: string;
}

/**
 * The probe a recorded request was, or undefined for a request wa-hook did not mark. Only the `probe` field
 * the receiver wrote after checking the mac counts; the header alone is what anyone can send.
 */
export function probeOf(record: Pick<EventRecord, 'probe' | 'status'>): ProbeInfo | undefined {
  const value = record.probe;
  if (typeof value !== 'string') return undefined;
  const [source = 'wa-hook', kind = 'probe'] = value.trim().split('/', 2);
  const negative = NEGATIVE.has(kind);
  const accepted = record.status >= 200 && record.status < 300;
  const refused = record.status === 401 || record.status === 403;
  const asExpected = negative ? refused || (kind === 'wrong-token' && record.status >= 400) : accepted;
  const what = kind === 'handshake' ? 'handshake' : kind === 'sample' ? 'sample' : `${kind} probe`;
  const answered = negative ? (accepted ? 'accepted' : 'refused') : accepted ? 'answered' : 'refused';
  const line = `wa-hook ${source}: ${what} ${answered} (${record.status}) ${asExpected ? '✔' : '✖'}`;
  return { source, kind, negative, asExpected, line };
}

/** A request that points at a real problem: refused or failed, unless it is one of our probes that went as expected. */
export function isProblem(record: Pick<EventRecord, 'probe' | 'status'>): boolean {
  const probe = probeOf(record);
  return probe ? !probe.asExpected : record.status >= 400;
}

/**
 * wa-hook's own probes: what `verify`, `doctor` and `up`'s self-test send to check a receiver (handshakes, a
 * wrong token, doctor's samples) and the negative tests of `send-sample` (`--bad-signature`, `--unsigned`).
 * Every run adds a few, so `wa-hook events` and the inspector hide them unless asked (`--probes`, `--type
 * probe`, the inspector's checkbox). The samples `send-sample` and the inspector deliver (and their replays)
 * are the test events the user asked for: they are not probes and stay listed with what they carry.
 */
export function isHiddenProbe(record: Pick<EventRecord, 'probe' | 'status'>): boolean {
  const probe = probeOf(record);
  if (probe === undefined) return false;
  const delivered =
    (probe.source === 'send-sample' || probe.source === 'inspector') &&
    (probe.kind === 'sample' || probe.kind === 'replay');
  return !delivered;
}
