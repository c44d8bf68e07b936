/**
 * doctor never shows ✔ for a Meta check that got no answer from Meta (issue 26, item 1).
 * Reports this reproduces: a Graph API that cannot be reached from the developer's machine —
 * https://github.com/node-facebook/facebook-node-sdk/issues/116 ("getaddrinfo ENOTFOUND graph.facebook.com":
 * "something wrong with your dns or network connection") and https://github.com/adonisjs/ally/issues/13
 * ("our network blocks all facebook request"). Here nothing listens where the Graph API should be (refused).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, defaultState, startFakeGraphApi, type FakeGraphApi } from '../fixtures/fake-graph-api.js';
import type { SampleReceiver } from '../fixtures/sample-receiver.js';
import { doctorJson, goodEnv, makeProject, startGoodReceiver, writeUpState } from '../helpers/doctor-project.js';
import { runCli } from '../helpers/run-cli.js';

let receiver: SampleReceiver;
let project: { dir: string; cleanup: () => Promise<void> };

beforeEach(async () => {
  receiver = await startGoodReceiver();
  project = await makeProject(goodEnv());
  await writeUpState(project.dir, { localUrl: receiver.url, port: receiver.port });
});

afterEach(async () => {
  await Promise.all([receiver.close(), project.cleanup()]);
});

describe('doctor when the Graph API cannot be reached', () => {
  it('reports the one network cause once; every other Meta check says skipped, none passes or blames an id', async () => {
    const env = { WA_HOOK_GRAPH_URL: 'http://127.0.0.1:1/v24.0', PORT: String(receiver.port) };
    const { run, findings, byId } = await doctorJson(project.dir, [], env);
    expect(run.exitCode).toBe(1);
    const meta = findings.filter((f) => f.group === 'meta');
    expect(meta.filter((f) => f.status !== 'skip').map((f) => f.id)).toEqual(['meta.graph-reachable']);
    expect(byId('meta.graph-reachable').finding).toMatch(/127\.0\.0\.1:1 refused the connection \(ECONNREFUSED\)/);
    expect(byId('meta.graph-reachable').fix).toMatch(/HTTPS_PROXY and WA_HOOK_GRAPH_URL/);
    for (const id of ['meta.app-credentials', 'meta.overrides', 'meta.rate-limit', 'meta.token', 'meta.phone-number'])
      expect(byId(id).finding).toBe('skipped: no answer from the Graph API (see meta.graph-reachable)');

    const human = await runCli(['doctor'], { cwd: project.dir, env });
    const section = human.stdout.slice(
      human.stdout.indexOf('Meta (Graph API)'),
      human.stdout.indexOf('Recorded events'),
    );
    expect(section).toContain('✖ Graph API reachable — 127.0.0.1:1 refused the connection');
    expect(section).not.toContain('✔');
    expect(section).not.toMatch(/check the app id|accepted by Meta|not rate limited|no override/);
    expect(section.match(/✖/g)).toHaveLength(1);
  });

  it('healthy control: the Graph API answers → reachable, not rate limited, no warning', async () => {
    const graph: FakeGraphApi = await startFakeGraphApi(defaultState());
    try {
      graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions = [
        { object: 'whatsapp_business_account', callback_url: receiver.url, active: true, fields: ['messages'] },
      ];
      const { run, findings, byId } = await doctorJson(project.dir, [], {
        WA_HOOK_GRAPH_URL: graph.url,
        PORT: String(receiver.port),
      });
      expect(byId('meta.graph-reachable')).toMatchObject({
        status: 'ok',
        finding: `${new URL(graph.url).host} answered`,
      });
      expect(byId('meta.rate-limit').status).toBe('ok');
      expect(byId('meta.app-credentials').status).toBe('ok');
      expect(findings.filter((f) => f.group === 'meta' && (f.status === 'warn' || f.status === 'fail'))).toEqual([]);
      expect(findings.filter((f) => f.status === 'fail' || f.status === 'warn')).toEqual([]);
      expect(run.exitCode).toBe(0);
    } finally {
      await graph.close();
    }
  });
});
