/**
 * cloudflared's output as a whole: each line classified once (output.ts), the facts that explain a later
 * failure kept (the pre-checks verdict, DNS failures, the last edge dial error), and a ring of recent lines
 * for an unexpected exit. Pure and bounded: a cloudflared failing in a tight loop prints tens of thousands of
 * lines per second, so a repeated line costs one map lookup and memory never grows.
 */
import { parseCloudflaredLine, stripLogPrefix, MAX_LINE, type CloudflaredLine } from './output.js';

const RING_SIZE = 24;
const CACHE_SIZE = 64;
const MAX_NOTES = 4;
/** Drops a `2026-01-01T00:00:00Z ` prefix with two character checks instead of a regex. */
function withoutTimestamp(line: string): string {
  return line.length > 21 && line[19] === 'Z' && line[20] === ' ' && line[10] === 'T' ? line.slice(21) : line;
}

export interface CloudflaredDiagnosis {
  /** ERROR/WARNING rows of the CONNECTIVITY PRE-CHECKS box that matter to a tunnel (not auto-update). */
  prechecks: string[];
  precheckSummary?: string;
  /** A DNS lookup cloudflared survived but that predicts failure (features, edge discovery). */
  dns?: string;
  /** The `error=` of the last failed edge connection attempt. */
  lastDialError?: string;
  /** Edge dial failures seen, by transport. */
  dialFailures: { quic: number; http2: number };
}

export class CloudflaredLog {
  private readonly ring: string[] = [];
  private next = 0;
  /** Message (without the timestamp) → classification; the tight-loop lines repeat verbatim. */
  private readonly cache = new Map<string, CloudflaredLine>();
  readonly diagnosis: CloudflaredDiagnosis = { prechecks: [], dialFailures: { quic: 0, http2: 0 } };

  feed(raw: string): CloudflaredLine {
    const line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    this.ring[this.next] = line;
    this.next = (this.next + 1) % RING_SIZE;
    const body = withoutTimestamp(line);
    let parsed = this.cache.get(body);
    if (!parsed) {
      parsed = parseCloudflaredLine(line);
      if (this.cache.size >= CACHE_SIZE) this.cache.clear();
      this.cache.set(body, parsed);
    }
    this.note(parsed, body);
    return parsed;
  }

  /** The last lines, oldest first. */
  recentLines(): string[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)].filter((l) => l !== undefined);
  }

  private note(parsed: CloudflaredLine, body: string): void {
    const d = this.diagnosis;
    if (parsed.kind === 'diagnosis') {
      if (parsed.topic === 'precheck-summary') d.precheckSummary = parsed.text;
      else if (parsed.topic === 'dns') d.dns ??= parsed.text;
      // wa-hook runs with --no-autoupdate: the "automatic software updates" row is noise here.
      else if (!/software updates/.test(parsed.text) && !d.prechecks.includes(parsed.text)) {
        if (d.prechecks.length < MAX_NOTES) d.prechecks.push(parsed.text);
      }
    } else if (parsed.kind === 'warning' && parsed.failure.id === 'edge-dial-failed') {
      if (/Unable to establish connection|Serve tunnel error/.test(body) && !/quic/i.test(body))
        d.dialFailures.http2 += 1;
      else d.dialFailures.quic += 1;
      if (parsed.detail) d.lastDialError = parsed.detail;
    }
  }
}

export { stripLogPrefix };
