/** Data passed between the verification probe (adapter) and the judge (core). */

/** What came back from the verification GET. `body` is the first bytes (bounded) decoded as UTF-8. */
export interface ProbeResponse {
  status: number;
  /** Lower-case header names, as node:http/undici give them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
  /** Time until the whole (bounded) body arrived. */
  ms: number;
}

import type { NetworkError } from '../http/network-error.js';

/** A request that got no HTTP answer, classified by the one network-error mapping (src/http/network-error.ts). */
export type ProbeFailure = NetworkError;

export interface VerificationProbe {
  /** The full verification URL that was requested (with the hub.* query). */
  url: string;
  challenge: string;
  response?: ProbeResponse;
  error?: ProbeFailure;
}

/** Stable ids: scripts (`--json`) and `doctor` match on them, so never rename one. */
export type VerificationCause =
  | 'ok'
  // the answer
  | 'wrong-token'
  | 'signature-required-on-get'
  | 'access-denied-page'
  | 'wrong-path'
  | 'method-not-allowed'
  | 'bad-request'
  | 'unexpected-status'
  | 'not-200'
  | 'redirect'
  | 'empty-body'
  | 'html-page'
  | 'json-challenge'
  | 'whitespace-around-challenge'
  | 'body-mismatch'
  | 'too-slow'
  | 'slow'
  // tunnels and proxies in front of the receiver
  | 'localtunnel-reminder'
  | 'ngrok-browser-warning'
  | 'cloudflare-challenge'
  | 'tunnel-not-ready'
  | 'tunnel-offline'
  | 'origin-unreachable'
  | 'server-error'
  // the connection
  | 'connection-refused'
  | 'dns-not-found'
  | 'timeout'
  | 'tls-self-signed'
  | 'tls-expired'
  | 'tls-hostname-mismatch'
  | 'tls-untrusted'
  | 'tls-not-spoken'
  | 'tls-error'
  | 'connection-closed'
  | 'network-unreachable'
  | 'network-error'
  // the URL and the token
  | 'http-not-https'
  | 'private-address'
  | 'non-standard-port'
  | 'underscore-in-host'
  | 'token-looks-like-access-token'
  | 'token-looks-like-app-secret'
  | 'token-has-whitespace'
  | 'accepts-any-token'
  | 'wrong-token-not-refused';

export interface Finding {
  cause: VerificationCause;
  message: string;
  hint?: string;
}

export interface Verdict extends Finding {
  /** Meta would accept this callback: status 200, body = challenge byte for byte, https on a public host. */
  ok: boolean;
  /** Problems that do not decide the verdict (or secondary ones when it already failed). */
  warnings: Finding[];
}
