import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { startSampleReceiver, TEST_CA, type SampleReceiver } from '../fixtures/sample-receiver.js';
import { closedPort, doctorJson, goodEnv, makeProject, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { useCleanups } from '../helpers/cleanups.js';

const defer = useCleanups();

async function setup(
  receiverOptions: Parameters<typeof startSampleReceiver>[0] = { verifyToken: VERIFY_TOKEN },
): Promise<{ dir: string; r: SampleReceiver }> {
  const r = await startSampleReceiver(receiverOptions);
  // No local receiver in these tests: PORT points at a closed port, so only the public URL is probed.
  const p = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined, PORT: String(await closedPort()) }));
  defer(() => r.close(), p.cleanup);
  return { dir: p.dir, r };
}

describe('doctor: public URL checks (--url)', () => {
  it('https with a trusted chain: certificate and handshake pass; Meta still cannot reach localhost', async () => {
    const { dir, r } = await setup({ verifyToken: VERIFY_TOKEN, tls: 'trusted' });
    const { byId } = await doctorJson(dir, ['--offline', '--url', r.url], { NODE_EXTRA_CA_CERTS: TEST_CA });
    expect(byId('public.https').status).toBe('ok');
    expect(byId('public.tls')).toMatchObject({ status: 'ok', finding: 'valid certificate, trusted chain' });
    expect(byId('public.handshake').status).toBe('ok');
    expect(byId('public.latency').status).toBe('ok');
    expect(byId('public.reachable')).toMatchObject({ status: 'fail' });
    // Meta's verification User-Agent went through the public URL.
    expect(
      r.requests.some((q) => q.method === 'GET' && q.headers['user-agent']?.startsWith('facebookplatform/1.0')),
    ).toBe(true);
  });

  it.each([
    ['a self-signed certificate', 'self-signed' as const, {}, /self-signed certificate.*DEPTH_ZERO_SELF_SIGNED_CERT/],
    [
      'a chain from an unknown CA',
      'trusted' as const,
      { NODE_EXTRA_CA_CERTS: undefined },
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    ],
  ])('%s → public.tls fails', async (_n, tls, env, text) => {
    const { dir, r } = await setup({ verifyToken: VERIFY_TOKEN, tls });
    const { run, byId } = await doctorJson(dir, ['--offline', '--url', r.url], env);
    expect(byId('public.tls').status).toBe('fail');
    expect(byId('public.tls').finding).toMatch(text);
    expect(run.exitCode).toBe(1);
  });

  it('a certificate for another host → public.tls names the host it covers and the one it must cover', async () => {
    // cert.pem is issued for 127.0.0.1 only; the callback URL says localhost (same loopback socket).
    const tls = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
    const server = createHttpsServer(
      { key: readFileSync(`${tls}key.pem`), cert: readFileSync(`${tls}cert.pem`) },
      (_q, s) => s.end('ok'),
    );
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    defer(() => new Promise((res) => server.close(res)));
    const { dir } = await setup();
    const url = `https://localhost:${(server.address() as AddressInfo).port}/webhook`;
    const { byId } = await doctorJson(dir, ['--offline', '--url', url], { NODE_EXTRA_CA_CERTS: `${tls}cert.pem` });
    expect(byId('public.tls')).toMatchObject({
      status: 'fail',
      finding: 'localhost presents a certificate for 127.0.0.1 [ERR_TLS_CERT_ALTNAME_INVALID]',
    });
    expect(byId('public.tls').fix).toMatch(/^the certificate must cover localhost: .*\(127\.0\.0\.1\)/);
  });

  it('plain http → public.https fails', async () => {
    const { dir, r } = await setup();
    const { byId } = await doctorJson(dir, ['--offline', '--url', r.url], {});
    expect(byId('public.https')).toMatchObject({ status: 'fail' });
    expect(byId('public.https').finding).toContain('Meta only calls https://');
  });

  it('https:// on a plain-http port → "this port speaks http", no OpenSSL text, the handshake not blamed on the token', async () => {
    const { dir, r } = await setup();
    const url = r.url.replace(/^http:/, 'https:');
    const { run, byId } = await doctorJson(dir, ['--offline', '--url', url], {});
    expect(byId('public.tls')).toMatchObject({ status: 'fail' });
    expect(byId('public.tls').finding).toContain('this port speaks http');
    expect(byId('public.tls').finding).not.toMatch(/SSL|wrong version|routines/i);
    expect(byId('public.tls').fix).toMatch(/http:\/\/ for a local receiver/);
    // A verify token is set (goodEnv): the handshake did not run because TLS failed first.
    expect(byId('public.handshake')).toMatchObject({ status: 'skip' });
    expect(JSON.stringify(byId('public.handshake'))).not.toMatch(/token/);
    expect(JSON.stringify(byId('public.handshake'))).toContain('TLS handshake failed first');
    expect(run.exitCode).toBe(1);
  });

  it('a tunnel reminder page in front of the receiver → public.handshake names it', async () => {
    const { dir, r } = await setup({ verifyToken: VERIFY_TOKEN, mode: 'interstitial' });
    const { byId } = await doctorJson(dir, ['--offline', '--url', r.url], {});
    expect(byId('public.handshake').status).toBe('fail');
    expect(byId('public.handshake').finding).toMatch(/Friendly Reminder/);
  });

  it('a tunnel whose receiver is down (502) → public.handshake says the tunnel cannot reach it', async () => {
    const gateway = createServer((_q, s) => s.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'));
    await new Promise<void>((res) => gateway.listen(0, '127.0.0.1', res));
    defer(() => new Promise((res) => gateway.close(res)));
    const { dir } = await setup();
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/webhook`;
    const { byId } = await doctorJson(dir, ['--offline', '--url', url], {});
    expect(byId('public.handshake').finding).toMatch(/could not reach your receiver/);
  });

  it('a callback URL over 200 characters → public.url-length fails', async () => {
    const { dir, r } = await setup();
    const { byId } = await doctorJson(dir, ['--offline', '--url', `${r.url}?k=${'x'.repeat(200)}`], {});
    expect(byId('public.url-length')).toMatchObject({ status: 'fail' });
  });
});
