/**
 * Characters Meta changes in the callback URL (issue 26, item 8). Report: Chatwoot registered
 * `/webhooks/whatsapp/+<number>`; "Meta normalizes that `+` to a space (`%20`) when it sends the verification
 * `GET`, so the request that actually reaches Chatwoot is `GET /webhooks/whatsapp/%20<number>`", the channel
 * lookup fails and the answer is "HTTP 401 `{"error":"Error; wrong verify token"}`", which Meta reports as
 * "(#2200) Callback verification failed ... HTTP Status Code = 401" — https://github.com/chatwoot/chatwoot/issues/14738.
 * The fake is that controller: the path parameter decoded as Rails does (percent-decoding, `+` kept literally).
 */
import { describe, expect, it } from 'vitest';
import { doctorOwnReceiver, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { useCleanups } from '../helpers/cleanups.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { metaSpelling, safeSpelling } from '../../src/doctor/rules/callback/meta-spelling.js';

const NUMBER = '+15550783881';

/** Chatwoot's Webhooks::WhatsappController#verify: find the channel by the path's phone number, then the token. */
function chatwootLike(): Promise<LoopbackServer> {
  return startLoopbackServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/webhooks\/whatsapp\/([^/]+)$/.exec(u.pathname);
    if (!m) return void res.writeHead(404).end();
    if (req.method === 'POST') return void req.resume().on('end', () => res.writeHead(200).end());
    const channelFound = decodeURIComponent(m[1]!) === NUMBER;
    if (!channelFound || u.searchParams.get('hub.verify_token') !== VERIFY_TOKEN)
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":"Error; wrong verify token"}');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(u.searchParams.get('hub.challenge') ?? '');
  });
}

const defer = useCleanups();

async function doctorWithUrl(path: string) {
  const server = await chatwootLike();
  defer(server.close);
  const url = `http://127.0.0.1:${server.port}${path}`;
  const result = await doctorOwnReceiver(defer, server.port, '/webhooks/whatsapp/%2B15550783881', ['--url', url]);
  return { ...result, url, server };
}

describe('doctor sends the handshake as Meta spells the URL', () => {
  it('Meta’s spelling: `+` becomes %20 in the path and query, %2B and plain URLs are untouched', () => {
    expect(metaSpelling('https://h.example/webhooks/whatsapp/+155?k=a+b')).toBe(
      'https://h.example/webhooks/whatsapp/%20155?k=a%20b',
    );
    expect(metaSpelling('https://h.example/webhooks/whatsapp/%2B155')).toBe(
      'https://h.example/webhooks/whatsapp/%2B155',
    );
    expect(metaSpelling('https://h.example/webhook')).toBe('https://h.example/webhook');
    expect(safeSpelling('https://h.example/webhooks/whatsapp/+155?k=a+b|c')).toBe(
      'https://h.example/webhooks/whatsapp/%2B155?k=a%2Bb%7Cc',
    );
  });

  it('healthy control: the same callback spelled with %2B — ok, no public warning from it', async () => {
    const { byId } = await doctorWithUrl('/webhooks/whatsapp/%2B15550783881');
    expect(byId('public.meta-encoding')).toMatchObject({ status: 'ok', finding: 'no character Meta would change' });
    expect(byId('public.handshake').status).toBe('ok');
  });

  it('a literal + in the path (chatwoot#14738): Meta’s GET gets 401, doctor names %20 and how to spell it', async () => {
    const { byId, url, server: s } = await doctorWithUrl(`/webhooks/whatsapp/${NUMBER}`);
    expect(byId('public.handshake').status).toBe('ok'); // as written, the URL works: that is why it is confusing
    const f = byId('public.meta-encoding');
    expect(f.status).toBe('fail');
    expect(f.finding).toBe(
      'Meta requests /webhooks/whatsapp/%2015550783881 for /webhooks/whatsapp/+15550783881 (`+` in the path becomes a space (%20)): your server answers that with 401 while the URL as written gets 200',
    );
    expect(f.fix).toBe(
      `register it as ${url.replace('+', '%2B')} (percent-encoded characters such as %2B reach your server unchanged), or use a path without \`+\``,
    );
    // Bytes on the wire: the request as Meta sends it reached the server.
    expect(s.requests.some((r) => r.url.startsWith('/webhooks/whatsapp/%2015550783881?hub.mode=subscribe'))).toBe(true);
  });
});
