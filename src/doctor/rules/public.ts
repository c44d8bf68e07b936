import type { DoctorFacts, PublicFacts, Rule, Verdict } from '../types.js';
import { fail, needPublicUrl, ok, skip, warn } from './helpers.js';
import { TUNNEL_PORT_RULE } from './tunnel/tunnel-port.js';
import { PUBLIC_PATH_VARIANT_RULE } from './callback/path-variant.js';
import { META_ENCODING_RULE } from './callback/meta-encoding.js';

/**
 * Meta's limit for override callback URLs.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override
 */
export const MAX_CALLBACK_URL_LENGTH = 200;

const TLS_EXPLANATIONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'a self-signed certificate (Meta does not accept it)',
  SELF_SIGNED_CERT_IN_CHAIN: 'a certificate chain ending in a self-signed (private) CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'an incomplete chain (intermediate certificate missing)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'an incomplete chain or an untrusted CA',
  CERT_HAS_EXPIRED: 'an expired certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'a certificate for another host name',
};

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** A check of the public callback URL as a parsed URL: skipped when there is none (public.url fails an invalid one). */
function needUrl(check: (p: PublicFacts & { url: string }, url: URL) => Verdict): (facts: DoctorFacts) => Verdict {
  return needPublicUrl((p) => {
    const url = parseUrl(p.url);
    return url ? check(p, url) : skip('no public callback URL');
  });
}

function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    h === '0.0.0.0' ||
    /^127\./.test(h) ||
    /^10\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h) ||
    /^169\.254\./.test(h) ||
    /^f[cd][0-9a-f]{2}:/.test(h) ||
    /^fe80:/.test(h)
  );
}

export const PUBLIC_RULES: Rule[] = [
  {
    id: 'public.url',
    group: 'public',
    title: 'public callback URL',
    detects: 'no public URL known (no running `wa-hook up` with a tunnel, no --url)',
    check: (facts) => {
      const p = facts.public;
      if (!p?.url) return skip('no public callback URL: start `wa-hook up` (tunnel) or pass --url');
      if (!parseUrl(p.url))
        return fail(
          `${p.url} is not a valid URL`,
          'pass the full callback URL, e.g. https://abc.trycloudflare.com/webhook',
        );
      return ok(`${p.url} (${p.origin === 'flag' ? '--url' : 'from the running `wa-hook up`'})`);
    },
  },
  {
    id: 'public.https',
    group: 'public',
    title: 'HTTPS',
    detects: 'a plain http:// callback URL (Meta requires https)',
    check: needUrl((_p, url) =>
      url.protocol === 'https:'
        ? ok('https')
        : fail(
            `${url.protocol.replace(':', '')}:// — Meta only calls https:// callback URLs`,
            "use the tunnel's https URL (`wa-hook up` prints it)",
          ),
    ),
  },
  {
    id: 'public.reachable',
    group: 'public',
    title: 'reachable from the internet',
    detects: 'a callback URL on localhost or a private address (Meta cannot reach it)',
    check: needUrl((_p, url) =>
      isPrivateHost(url.hostname)
        ? fail(
            `${url.hostname} is a local/private address: Meta's servers cannot reach it`,
            'expose the receiver with a tunnel (`wa-hook up`) and use its public URL',
          )
        : ok(`${url.hostname} is a public host name`),
    ),
  },
  {
    id: 'public.url-length',
    group: 'public',
    title: 'URL length',
    detects: `a callback URL longer than ${MAX_CALLBACK_URL_LENGTH} characters (Meta's limit for override URLs)`,
    check: needUrl((p) =>
      p.url.length > MAX_CALLBACK_URL_LENGTH
        ? fail(
            `${p.url.length} characters; Meta accepts at most ${MAX_CALLBACK_URL_LENGTH}`,
            'use a shorter path or host name',
          )
        : ok(`${p.url.length} characters (limit ${MAX_CALLBACK_URL_LENGTH})`),
    ),
  },
  {
    id: 'public.url-shape',
    group: 'public',
    title: 'port and host name',
    detects: 'a non-443 port or an underscore in the host name (reported to fail with Meta)',
    check: needUrl((_p, url) => {
      const notes: string[] = [];
      if (url.port && url.port !== '443') notes.push(`port ${url.port} (non-443 ports reportedly fail)`);
      if (url.hostname.includes('_')) notes.push('an underscore in the host name (reportedly fails)');
      return notes.length
        ? warn(
            notes.join('; '),
            'serve the callback on https://host/ with the default port and a host name without "_"',
          )
        : ok('default port, plain host name');
    }),
  },
  {
    id: 'public.dns',
    group: 'public',
    title: 'DNS',
    detects: 'the public host name does not resolve (tunnel gone or not registered yet)',
    check: needUrl((p, url) => {
      if (!p.dns) return skip('not resolved');
      if (p.dns.error)
        return fail(
          `${url.hostname} does not resolve (${p.dns.error})`,
          'the tunnel is gone or not ready: restart `wa-hook up` and register the new URL (`wa-hook doctor --fix`)',
        );
      return ok(`${url.hostname} → ${p.dns.addresses.slice(0, 3).join(', ')}`);
    }),
  },
  {
    id: 'public.tls',
    group: 'public',
    title: 'certificate',
    detects: 'a self-signed, expired, wrong-host or incomplete-chain certificate',
    check: needUrl((p, url) => {
      if (url.protocol !== 'https:') return skip('not https');
      if (!p.tls) return skip('not checked');
      if (p.tls.ok) return ok('valid certificate, trusted chain');
      if (p.tls.code === 'plain-http')
        return fail(
          `${url.host}: this port speaks http, not https (it answered the TLS handshake in plain HTTP)`,
          "use http:// for a local receiver; Meta needs https: give --url the tunnel's https URL, or terminate TLS in front of the server",
        );
      const why = (p.tls.code && TLS_EXPLANATIONS[p.tls.code]) ?? p.tls.message ?? p.tls.code ?? 'TLS failed';
      const covers = p.tls.certHosts?.length ? p.tls.certHosts.join(', ') : undefined;
      if (p.tls.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || p.tls.code === 'HOSTNAME_MISMATCH')
        return fail(
          `${url.hostname} presents a certificate for ${covers ?? 'another host name'} [${p.tls.code}]`,
          `the certificate must cover ${url.hostname}: issue one for it (or a wildcard that ` +
            `matches), or use the host name the certificate is for${covers ? ` (${covers})` : ''}`,
        );
      return fail(
        `${url.host} presents ${why}${p.tls.code ? ` [${p.tls.code}]` : ''}`,
        'use a certificate from a public CA with the full chain (tunnels provide one)',
      );
    }),
  },
  TUNNEL_PORT_RULE,
  PUBLIC_PATH_VARIANT_RULE,
  META_ENCODING_RULE,
  {
    id: 'public.handshake',
    group: 'public',
    title: 'handshake through the public URL',
    detects:
      "Meta's verification GET through the public URL fails: tunnel down (502/503/530), interstitial page, redirect, token or path mismatch",
    follows: ['public.tunnel-port', 'public.path-variant', 'receiver.handshake', 'public.dns', 'public.tls'],
    check: needUrl((p) => {
      if (!p.handshake) return skip(handshakeNotSent(p));
      const v = p.handshake.verdict;
      // Loopback http passes verify's judge (fine for a local test); public.https/public.reachable say why Meta would not.
      return v.ok ? ok(v.message) : fail(v.message, v.hint ?? 'make the public URL reach the receiver');
    }),
  },
  {
    id: 'public.latency',
    group: 'public',
    title: 'latency through the tunnel',
    detects: 'a slow round trip through the public URL (> 1 s)',
    follows: ['public.handshake'],
    check: needUrl((p) => {
      const ms = p.handshake?.ms;
      if (ms === undefined || ms === null) return skip('no answer to time');
      return ms > 1000
        ? warn(
            `${ms} ms through the public URL`,
            'a closer tunnel region or a faster receiver; Meta expects quick answers',
          )
        : ok(`${ms} ms`);
    }),
  },
];

/** Why the handshake was not sent: an earlier step failed (it is not the token's fault), or there is no token. */
function handshakeNotSent(p: PublicFacts): string {
  if (p.dns?.error) return 'the host does not resolve';
  if (p.tls && !p.tls.ok) return 'the TLS handshake failed first';
  return 'no verify token to test with';
}
