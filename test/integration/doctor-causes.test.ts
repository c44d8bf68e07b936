/**
 * Causes doctor names from Graph's own words (issue 26): each case reproduces a public report with the fake
 * Graph API answering that report's exact error text, plus a healthy control free of warnings.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, defaultState, startFakeGraphApi, type FakeGraphApi } from '../fixtures/fake-graph-api.js';
import type { SampleReceiver } from '../fixtures/sample-receiver.js';
import { doctorJson, expectNoSecrets, goodEnv, makeProject, startGoodReceiver } from '../helpers/doctor-project.js';

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
  receiver = await startGoodReceiver();
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
    expectNoSecrets(run);

    // The fix works: the proof computed as it says is accepted by the (proof-checking) fake.
    const hex = createHmac('sha256', DEFAULT_IDS.appSecret).update(DEFAULT_IDS.accessToken).digest('hex');
    const res = await fetch(`${graph.url}/${DEFAULT_IDS.phoneNumberId}?appsecret_proof=${hex}`, {
      headers: { authorization: `Bearer ${DEFAULT_IDS.accessToken}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('doctor names an id of the wrong kind', () => {
  const roots = (findings: Array<{ id: string; status: string; causedBy?: string; group: string }>) =>
    findings.filter((f) => f.group === 'meta' && (f.status === 'fail' || f.status === 'warn') && !f.causedBy);

  // https://github.com/PipedreamHQ/pipedream/issues/9004 — a Business id where the WABA id belongs:
  // "(#100) Tried accessing nonexisting field (message_templates) on node type (Business)".
  it('a Business portfolio id as the WABA id: one finding, the granted WABA named', async () => {
    graph.state.businesses.set('200000000000001', { id: '200000000000001', name: 'Lucky Shrub LLC' });
    const { run, findings, byId } = await doctorJson(project.dir, ['--waba-id', '200000000000001'], env);
    expect(run.exitCode).toBe(1);
    expect(byId('meta.id-kinds')).toMatchObject({
      status: 'fail',
      finding:
        'WHATSAPP_BUSINESS_ACCOUNT_ID 200000000000001 is a Business portfolio id (Business settings → Business info), not a WhatsApp Business Account id: Graph says its node type is Business',
      fix: `set WHATSAPP_BUSINESS_ACCOUNT_ID=${DEFAULT_IDS.wabaId} (the WhatsApp Business Account this token was granted)`,
    });
    expect(roots(findings).map((f) => f.id)).toEqual(['meta.id-kinds']);
    expect(byId('meta.waba-subscribed').causedBy).toBe('meta.id-kinds');
    expect(JSON.stringify(findings)).not.toMatch(/does not exist/);
  });

  it('the app id as the WABA id: said as an app id', async () => {
    const { byId, findings } = await doctorJson(project.dir, ['--waba-id', DEFAULT_IDS.appId], env);
    expect(byId('meta.id-kinds').finding).toContain('is an app id (App Dashboard), not a WhatsApp Business Account id');
    expect(byId('meta.id-kinds').fix).toContain(`WHATSAPP_BUSINESS_ACCOUNT_ID=${DEFAULT_IDS.wabaId}`);
    expect(roots(findings).map((f) => f.id)).toEqual(['meta.id-kinds']);
  });

  it('the WABA id as the phone number id: the WABA’s numbers named with their ids', async () => {
    const { byId, findings } = await doctorJson(project.dir, ['--phone-number-id', DEFAULT_IDS.wabaId], env);
    expect(byId('meta.id-kinds')).toMatchObject({
      status: 'fail',
      finding: `WHATSAPP_PHONE_NUMBER_ID ${DEFAULT_IDS.wabaId} is a WhatsApp Business Account (WABA) id, not a phone number id: Graph says its node type is WhatsAppBusinessAccount`,
      fix: `set WHATSAPP_PHONE_NUMBER_ID to the id of one of this WABA's numbers: ${DEFAULT_IDS.phoneNumberId} (${DEFAULT_IDS.display})`,
    });
    expect(roots(findings).map((f) => f.id)).toEqual(['meta.id-kinds']);
  });
});
