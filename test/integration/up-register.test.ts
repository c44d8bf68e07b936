import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, defaultState, startFakeGraphApi, type FakeGraphApi } from '../fixtures/fake-graph-api.js';
import { goodEnv, makeProject, VERIFY_TOKEN } from '../helpers/doctor-project.js';
import { PATH_WITH_FAKES, startUpTunnel, type RunningUpTunnel } from '../helpers/start-up-tunnel.js';
import { runCli } from '../helpers/run-cli.js';

let graph: FakeGraphApi;
let project: { dir: string; cleanup: () => Promise<void> };
let up: RunningUpTunnel | undefined;

beforeEach(async () => {
  graph = await startFakeGraphApi(defaultState());
  // Nothing subscribed yet: the state of a brand-new Meta app.
  graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [];
});

afterEach(async () => {
  if (up && !up.exited()) await up.stop('SIGKILL');
  up = undefined;
  await Promise.all([graph.close(), project.cleanup()]);
});

const env = () => ({ PATH: PATH_WITH_FAKES, HOME: project.dir, WA_HOOK_GRAPH_URL: graph.url });

describe('wa-hook up --register', () => {
  it('subscribes the app and points the webhook at the self-tested callback URL', async () => {
    project = await makeProject(goodEnv());
    up = await startUpTunnel(['--register', '--tunnel', 'cloudflared'], { cwd: project.dir, env: env() });
    const tunnel = await up.waitForEvent((e) => e.type === 'tunnel', 'tunnel');
    const register = await up.waitForEvent((e) => e.type === 'register', 'register');
    expect(register).toMatchObject({ ok: true, callbackUrl: tunnel.callbackUrl });
    // Meta's side now matches: the fake ran the handshake through the tunnel before saving.
    const [subscription] = graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions;
    expect(subscription).toMatchObject({
      object: 'whatsapp_business_account',
      callback_url: tunnel.callbackUrl,
      active: true,
    });
    expect(subscription!.fields).toContain('messages');
    expect(graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps.map((a) => a.appId)).toEqual([DEFAULT_IDS.appId]);
    // The self-test came first.
    const types = up.events().map((e) => e.type);
    expect(types.indexOf('verify')).toBeLessThan(types.indexOf('register'));
    for (const secret of [VERIFY_TOKEN, DEFAULT_IDS.appSecret, DEFAULT_IDS.accessToken]) {
      expect(up.stderr() + JSON.stringify(up.events())).not.toContain(secret);
    }
    expect(await up.stop()).toBe(0);
  });

  it.each([
    ['http://127.0.0.1:1', /it is http:\/\/ and Meta calls only https:\/\/ callback URLs/],
    ['https://localhost:8443', /localhost is not reachable from the internet/],
    ['https://192.168.1.20', /192\.168\.1\.20 is not reachable from the internet/],
  ])('refuses to register --public-url %s, which Meta cannot call: exit 2 before anything starts', async (url, why) => {
    project = await makeProject(goodEnv());
    const run = await runCli(['up', '--register', '--public-url', url], { cwd: project.dir, env: env() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).toMatch(/register a public https URL/);
    expect(graph.requests).toEqual([]);
  });

  it('refuses to register an access token as the verify token', async () => {
    project = await makeProject(goodEnv({ WHATSAPP_VERIFY_TOKEN: 'EAAGm0PX4ZCpsBAKZAZBnotreal' }));
    up = await startUpTunnel(['--register', '--tunnel', 'cloudflared'], { cwd: project.dir, env: env() });
    await up.waitForStderr('--register: not registering: the verify token looks like a Meta access token');
    expect(up.stderr()).not.toContain('EAAGm0PX4ZCpsBAKZAZBnotreal');
    await up.waitForEvent((e) => e.type === 'verify', 'self-test');
    expect(graph.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(await up.stop()).toBe(0);
  });

  it('says what is missing and keeps running without an app id', async () => {
    project = await makeProject(goodEnv({ WHATSAPP_APP_ID: undefined }));
    up = await startUpTunnel(['--register', '--tunnel', 'cloudflared'], { cwd: project.dir, env: env() });
    await up.waitForStderr('--register: cannot update Meta without WHATSAPP_APP_ID');
    await up.waitForEvent((e) => e.type === 'verify', 'self-test');
    expect(up.events().some((e) => e.type === 'register')).toBe(false);
    expect(graph.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(await up.stop()).toBe(0);
  });
});
