/**
 * Requests wa-hook sends on purpose (verify's handshake and wrong-token check, doctor's probes, send-sample,
 * up's self-test) carry `X-Wa-Hook-Probe: <command>/<kind>`. The live view, `events` and the inspector show
 * them as what they are, and doctor never counts them as evidence about Meta's traffic.
 */
import type { EventRecord } from './record.js';

export const PROBE_HEADER = 'x-wa-hook-probe';

/** Who sent it: the command (or `up` self-test, the inspector). */
export type ProbeSource = 'verify' | 'doctor' | 'send-sample' | 'up' | 'inspector';
/**
 * `handshake` and `sample` must be accepted; `wrong-token`, `bad-signature` and `unsigned` are negative tests
 * that must be refused.
 */
export type ProbeKind = 'handshake' | 'wrong-token' | 'sample' | 'bad-signature' | 'unsigned' | 'replay';

const NEGATIVE: ReadonlySet<string> = new Set(['wrong-token', 'bad-signature', 'unsigned']);

export function probeHeaders(source: ProbeSource, kind: ProbeKind): Record<string, string> {
  return { [PROBE_HEADER]: `${source}/${kind}` };
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

/** The probe a recorded request was, or undefined for a request wa-hook did not mark. */
export function probeOf(record: Pick<EventRecord, 'headers' | 'status'>): ProbeInfo | undefined {
  const value = record.headers?.[PROBE_HEADER];
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
export function isProblem(record: Pick<EventRecord, 'headers' | 'status'>): boolean {
  const probe = probeOf(record);
  return probe ? !probe.asExpected : record.status >= 400;
}
