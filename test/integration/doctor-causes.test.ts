/**
 * Causes doctor names from Graph's own words (issue 26): each case reproduces a public report with the fake
 * Graph API answering that report's exact error text, plus a healthy control free of warnings.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, defaultState, startFakeGraphApi, type FakeGraphApi } from '../fixtures/fake-graph-api.js';
import { startSampleReceiver, type SampleReceiver } from '../fixtures/sample-receiver.js';
import { doctorJson, expectNoSecrets, goodEnv, makeProject, VERIFY_TOKEN } from '../helpers/doctor-project.js';

const SECRETS = [DEFAULT_IDS.accessToken, DEFAULT_IDS.appSecret, VERIFY_TOKEN];

let graph: FakeGraphApi;
let receiver: SampleReceiver;
let project: { dir: string; cleanup: () => Promise<void> };
let env: Record<string, string>;

beforeEach(async () => {
  graph = await startFakeGraphApi(defaultState());
  graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions = [
    {
      object: 'whatsapp_business_account',
      callback_url: 'https://x.example/webhook',
      active: true,
      fields: ['messages'],
    },
  ];
  receiver = await startSampleReceiver({ verifyToken: VERIFY_TOKEN, appSecret: DEFAULT_IDS.appSecret });
  project = await makeProject(goodEnv());
  env = { WA_HOOK_GRAPH_URL: graph.url, PORT: String(receiver.port) };
});

afterEach(async () => {
  await Promise.all([graph.close(), receiver.close(), project.cleanup()]);
});

const problems = (findings: Array<{ status: string; causedBy?: string; group: string }>) =>
  findings.filter((f) => f.group === 'meta' && (f.status === 'fail' || f.status === 'warn'));

describe('doctor names Graph-side causes', () => {
  it('healthy control: no Meta warning, appsecret_proof not required', async () => {
    const { findings, byId } = await doctorJson(project.dir, [], env);
    expect(problems(findings)).toEqual([]);
    expect(byId('meta.appsecret-proof')).toMatchObject({ status: 'ok', finding: 'not required' });
  });

  // https://github.com/Yoctol/bottender/issues/271 — {"message":"API calls from the server require an
  // appsecret_proof argument","type":"GraphMethodException","code":100}; the same with WhatsApp in
  // https://github.com/amazon-connect/amazon-connect-message-streaming-examples/pull/29 ("Require App Secret").
  it('Require App Secret on: one finding naming the setting and both fixes, not "the ids do not exist"', async () => {
    graph.state.apps.get(DEFAULT_IDS.appId)!.requireProof = true;
    const { run, findings, byId } = await doctorJson(project.dir, [], env);
    expect(run.exitCode).toBe(1);
    const proof = byId('meta.appsecret-proof');
    expect(proof.status).toBe('fail');
    expect(proof.finding).toContain('API calls from the server require an appsecret_proof argument');
    expect(proof.fix).toContain('HMAC-SHA256 of the access token with the App Secret as key');
    expect(proof.fix).toContain('Require App Secret → No');
    expect(
      problems(findings)
        .filter((f) => !f.causedBy)
        .map((f) => (f as { id?: string }).id),
    ).toEqual(['meta.appsecret-proof']);
    expect(JSON.stringify(findings)).not.toMatch(/does not exist/);
    expectNoSecrets(run, SECRETS);

    // The fix works: the proof computed as it says is accepted by the (proof-checking) fake.
    const hex = createHmac('sha256', DEFAULT_IDS.appSecret).update(DEFAULT_IDS.accessToken).digest('hex');
    const res = await fetch(`${graph.url}/${DEFAULT_IDS.phoneNumberId}?appsecret_proof=${hex}`, {
      headers: { authorization: `Bearer ${DEFAULT_IDS.accessToken}` },
    });
    expect(res.status).toBe(200);
  });
});
