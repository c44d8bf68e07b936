/**
 * Verification GETs that never got an HTTP answer: what the failure (already classified by
 * src/http/network-error.ts) means for a webhook and how to fix it; TLS failures are told apart by OpenSSL's
 * code (DEPTH_ZERO_SELF_SIGNED_CERT…). Pure: no I/O.
 */
import type { Finding, ProbeFailure } from './types.js';
import { isLoopbackHost } from './url.js';

const TRUSTED_CA_HINT = 'Meta accepts only certificates from a trusted CA with the full chain';

const TLS_SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_HOSTNAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const TLS_CHAIN = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
]);

function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** Classifies a failed request (no HTTP response at all) into one finding with a concrete fix. */
export function judgeProbeError(error: ProbeFailure, rawUrl: string): Finding {
  const url = new URL(rawUrl);
  const where = hostPort(url);
  const local = isLoopbackHost(url.hostname);
  const code = error.code;
  if (error.kind === 'refused') {
    return {
      cause: 'connection-refused',
      message: `connection refused: nothing is listening on ${where}`,
      hint: local
        ? 'the receiver is not running: start it with `wa-hook up` (or start your own server) and check the port'
        : `nothing accepts connections on ${where}: check the host and port, and that the tunnel and your receiver are running`,
    };
  }
  if (error.kind === 'dns') {
    return {
      cause: 'dns-not-found',
      message: `the host ${url.hostname} does not resolve (${code})`,
      hint:
        code === 'EAI_AGAIN'
          ? 'DNS lookup failed temporarily: check your internet connection or VPN, then retry'
          : 'check the URL for typos; a quick-tunnel URL (trycloudflare.com, loca.lt) dies with its process — copy the current one from `wa-hook up`',
    };
  }
  if (error.kind === 'timeout') {
    return {
      cause: 'timeout',
      message: `no answer from ${where}: ${error.message}`,
      hint:
        'the receiver (or the tunnel in front of it) accepted the request but never answered: ' +
        'make sure the GET handler always responds, then retry; Meta gives up on slow callbacks',
    };
  }
  if (TLS_SELF_SIGNED.has(code)) {
    return {
      cause: 'tls-self-signed',
      message: `the HTTPS certificate of ${url.hostname} is self-signed (${code})`,
      hint: `${TRUSTED_CA_HINT}; self-signed is not supported — use a tunnel (\`wa-hook up\`) or a Let's Encrypt certificate`,
    };
  }
  if (TLS_EXPIRED.has(code)) {
    return {
      cause: 'tls-expired',
      message: `the HTTPS certificate of ${url.hostname} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'} (${code})`,
      hint: 'renew the certificate (e.g. `certbot renew`) and reload the web server; check the server clock too',
    };
  }
  if (TLS_HOSTNAME.has(code)) {
    return {
      cause: 'tls-hostname-mismatch',
      message: `the HTTPS certificate does not cover ${url.hostname} (${code})`,
      hint: `issue a certificate for ${url.hostname} (or use the host name the certificate was issued for)`,
    };
  }
  if (TLS_CHAIN.has(code)) {
    return {
      cause: 'tls-untrusted',
      message: `the HTTPS certificate of ${url.hostname} cannot be verified (${code})`,
      hint: `${TRUSTED_CA_HINT}: serve the full chain (fullchain.pem, not cert.pem) from a public CA`,
    };
  }
  if (error.kind === 'plain-http') {
    return {
      cause: 'tls-not-spoken',
      message: `${where} does not speak HTTPS (it answered in plain HTTP)`,
      hint: local
        ? "use http:// for the local receiver; Meta needs the tunnel's https URL"
        : 'terminate TLS in front of the server, or use a tunnel (`wa-hook up`)',
    };
  }
  if (error.kind === 'tls') {
    return {
      cause: 'tls-error',
      message: `TLS handshake with ${url.hostname} failed: ${error.message} (${code})`,
      hint: `${TRUSTED_CA_HINT} and a modern TLS setup: test the host with an SSL checker`,
    };
  }
  if (error.kind === 'reset') {
    return {
      cause: 'connection-closed',
      message: `${where} closed the connection without answering (${code})`,
      hint: "often http:// sent to an HTTPS port, or a crash in the GET handler: check the scheme and the receiver's log",
    };
  }
  if (error.kind === 'unreachable') {
    return {
      cause: 'network-unreachable',
      message: `${where} is unreachable from this machine (${code})`,
      hint: 'check your network, VPN or firewall, then retry',
    };
  }
  return {
    cause: 'network-error',
    message: `the request failed: ${error.message}${code ? ` (${code})` : ''}`,
    hint: 'check the URL, your network and that the receiver is running, then retry',
  };
}
