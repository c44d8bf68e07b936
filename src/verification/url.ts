/**
 * Meta's verification GET, as a URL, and the facts about a callback URL that decide whether Meta can use it
 * at all (scheme, host). Pure: no I/O.
 */
import { maskSecret } from '../config/redact.js';

/** The query names Meta sends (PHP sees them as hub_mode…; every other stack sees the dots). */
const HUB_KEYS = ['hub.mode', 'hub.challenge', 'hub.verify_token'];

function appendHubQuery(callbackUrl: string, challenge: string, tokenPart: string): string {
  const url = new URL(callbackUrl);
  // Keep the callback's own query (some backends route on it) but never send two hub.* values.
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !HUB_KEYS.includes(safeDecode(pair.split('=')[0] ?? '')));
  kept.push('hub.mode=subscribe', `hub.challenge=${encodeURIComponent(challenge)}`, `hub.verify_token=${tokenPart}`);
  url.hash = '';
  url.search = '';
  return `${url.toString()}?${kept.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The exact URL Meta requests: the callback URL with its own query kept, then `hub.mode=subscribe`,
 * `hub.challenge` and `hub.verify_token`, URL-encoded (spaces as %20, which every framework decodes).
 */
export function buildVerificationUrl(callbackUrl: string, challenge: string, verifyToken: string): string {
  return appendHubQuery(callbackUrl, challenge, encodeURIComponent(verifyToken));
}

/** The same URL for display: the token masked, never printed in full. */
export function displayVerificationUrl(callbackUrl: string, challenge: string, verifyToken: string): string {
  return appendHubQuery(callbackUrl, challenge, maskSecret(verifyToken));
}

/** 127.0.0.0/8, ::1, localhost: only this machine can reach it, so plain http is fine for a local test. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** RFC 1918, link-local and unique-local addresses: Meta's servers cannot reach them. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    /^10(\.\d{1,3}){3}$/.test(host) ||
    /^192\.168(\.\d{1,3}){2}$/.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}$/.test(host) ||
    /^169\.254(\.\d{1,3}){2}$/.test(host) ||
    /^f[cd][0-9a-f]{2}:/.test(host) ||
    /^fe80:/.test(host) ||
    host.endsWith('.local')
  );
}
