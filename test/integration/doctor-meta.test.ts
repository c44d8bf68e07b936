import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_IDS,
  defaultState,
  startFakeGraphApi,
  type FakeGraphApi,
  type FakeGraphState,
} from '../fixtures/fake-graph-api.js';
import { startSampleReceiver, type SampleReceiver } from '../fixtures/sample-receiver.js';
import {
  doctorJson,
  expectNoSecrets,
  goodEnv,
  makeProject,
  startGoodReceiver,
  VERIFY_TOKEN,
  writeUpState,
} from '../helpers/doctor-project.js';
import { runCli } from '../helpers/run-cli.js';
import { runInPty } from '../helpers/pty.js';

const STALE_URL = 'https://old-words.trycloudflare.com/webhook';

let graph: FakeGraphApi;
let receiver: SampleReceiver;
let project: { dir: string; cleanup: () => Promise<void> };
let env: Record<string, string>;

function registered(state: FakeGraphState, url: string, fields = ['messages']): void {
  state.apps.get(DEFAULT_IDS.appId)!.subscriptions = [
    { object: 'whatsapp_business_account', callback_url: url, active: true, fields },
  ];
}

beforeEach(async () => {
  graph = await startFakeGraphApi(defaultState());
  receiver = await startGoodReceiver();
  project = await makeProject(goodEnv());
  env = { WA_HOOK_GRAPH_URL: graph.url, PORT: String(receiver.port) };
});

afterEach(async () => {
  await Promise.all([graph.close(), receiver.close(), project.cleanup()]);
});

describe('doctor against the fake Graph API', () => {
  it('passes on a complete setup, showing the number and its quality, without printing secrets', async () => {
    registered(graph.state, receiver.url);
    const human = await runCli(['doctor'], { cwd: project.dir, env });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain('✔ phone number — +1 555-078-3881 (Lucky Shrub), quality GREEN');
    expect(human.stdout).toContain('✔ app subscribed to the WABA — subscribed: Lucky Shrub (670843887433847)');
    expectNoSecrets(human);
    const { run, findings } = await doctorJson(project.dir, [], env);
    expect(run.exitCode).toBe(0);
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'warn')).toEqual([]);
    // debug_token went through the app token, and every call carried a Bearer header (never a query token).
    const debug = graph.requests.find((r) => r.path === '/debug_token')!;
    expect(debug.headers.authorization).toBe(`Bearer ${DEFAULT_IDS.appId}|${DEFAULT_IDS.appSecret}`);
    expect(graph.requests.every((r) => r.query.access_token === undefined)).toBe(true);
  });

  it('app not subscribed to the WABA → exit 1 and the exact subscribed_apps fix, token masked', async () => {
    graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [];
    const run = await runCli(['doctor'], { cwd: project.dir, env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`✖ app subscribed to the WABA — no app is subscribed to WABA ${DEFAULT_IDS.wabaId}`);
    expect(run.stdout).toContain(
      `→ run \`wa-hook doctor --fix\`, or: curl -X POST "${graph.url}/${DEFAULT_IDS.wabaId}/subscribed_apps" -H "Authorization: Bearer EAAG…"`,
    );
    expectNoSecrets(run);
  });

  it('--fix --yes subscribes the app and registers the callback; a second doctor passes', async () => {
    graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [];
    const fixed = await runCli(['doctor', '--fix', '--yes', '--url', receiver.url], { cwd: project.dir, env });
    expectNoSecrets(fixed);
    expect(fixed.stderr).toContain(`✔ fixed: app subscribed to WABA ${DEFAULT_IDS.wabaId}`);
    expect(fixed.stderr).toContain(`✔ fixed: webhook set to ${receiver.url} (fields: messages)`);
    expect(graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps.map((a) => a.appId)).toEqual([DEFAULT_IDS.appId]);
    expect(graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions).toMatchObject([
      {
        object: 'whatsapp_business_account',
        callback_url: receiver.url,
        fields: ['messages'],
        verifyToken: VERIFY_TOKEN,
      },
    ]);
    // Meta's handshake reached the receiver before the subscription was saved.
    expect(
      receiver.requests.some(
        (r) =>
          r.method === 'GET' &&
          r.headers['user-agent']?.startsWith('facebookplatform') &&
          r.url.includes('hub.verify_token='),
      ),
    ).toBe(true);
    const again = await doctorJson(project.dir, [], env);
    expect(again.run.exitCode).toBe(0);
    expect(again.byId('meta.waba-subscribed').status).toBe('ok');
    expect(again.byId('meta.app-subscription').status).toBe('ok');
    expect(again.byId('meta.messages-field').status).toBe('ok');
  });

  it('--fix --yes fails cleanly when Meta cannot verify the callback URL', async () => {
    const wrong = await startSampleReceiver({ verifyToken: 'another-verify-token-0123456789' });
    try {
      const run = await runCli(['doctor', '--fix', '--yes', '--url', wrong.url], { cwd: project.dir, env });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(
        /✖ could not set the app's WhatsApp webhook.*\(#2200\) callback verification failed: HTTP Status Code = 403/,
      );
      expect(graph.state.apps.get(DEFAULT_IDS.appId)!.subscriptions).toEqual([]);
      expectNoSecrets(run);
    } finally {
      await wrong.close();
    }
  });

  it.each([
    ['declined', 'n', false],
    ['accepted', 'y', true],
  ])('--fix in a terminal asks first: %s', async (_n, key, applied) => {
    graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [];
    const { screen } = await runInPty(['doctor', '--fix'], {
      cwd: project.dir,
      env,
      answers: [['Apply this change to your Meta app?', `${key}\r`]],
    });
    expect(screen).toContain(`subscribe app ${DEFAULT_IDS.appId} to WABA ${DEFAULT_IDS.wabaId}`);
    expect(graph.requests.some((r) => r.method === 'POST')).toBe(applied);
    expect(graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps.length).toBe(applied ? 1 : 0);
    expect(screen).not.toContain(DEFAULT_IDS.accessToken);
  });

  it('--fix without a terminal and without --yes changes nothing (exit 2)', async () => {
    graph.state.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [];
    const run = await runCli(['doctor', '--fix'], { cwd: project.dir, env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('add --yes');
    expect(graph.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('--offline makes no Graph API call', async () => {
    const { run, byId } = await doctorJson(project.dir, ['--offline'], env);
    expect(run.exitCode).toBe(0);
    expect(byId('meta.token')).toMatchObject({ status: 'skip', finding: 'skipped (--offline)' });
    expect(graph.requests).toEqual([]);
  });

  it('no access token → Meta checks skipped with a note, app subscription still checked with the app token', async () => {
    await project.cleanup();
    project = await makeProject(goodEnv({ WHATSAPP_ACCESS_TOKEN: undefined }));
    registered(graph.state, receiver.url);
    const { run, byId } = await doctorJson(project.dir, [], env);
    expect(run.exitCode).toBe(0);
    expect(byId('meta.token').finding).toMatch(/no WHATSAPP_ACCESS_TOKEN/);
    expect(byId('meta.app-subscription').status).toBe('ok');
  });
});

// One row per troubleshooting case (docs/troubleshooting.md) and Graph error: switch the fake, expect the finding.
type Case = [string, (s: FakeGraphState) => void, string, string, RegExp, string[]?];
/** The token was granted whatsapp_business_messaging only (no whatsapp_business_management). */
const messagingScopeOnly = (s: FakeGraphState) => {
  s.tokens.get(DEFAULT_IDS.accessToken)!.scopes = ['whatsapp_business_messaging'];
};
const CASES: Case[] = [
  [
    'expired token (190/463)',
    (s) => {
      s.tokens.get(DEFAULT_IDS.accessToken)!.state = 'expired';
    },
    'meta.token',
    'fail',
    /expired/,
  ],
  [
    'temporary 24 h token',
    (s) => {
      const t = s.tokens.get(DEFAULT_IDS.accessToken)!;
      t.issuedAt = Math.floor(Date.now() / 1000) - 3600;
      t.expiresAt = t.issuedAt + 86_400;
    },
    'meta.token-expiry',
    'warn',
    /temporary token/,
  ],
  [
    'malformed token (190)',
    () => {},
    'meta.token',
    'fail',
    /Cannot parse access token|not valid/,
    ['--access-token', 'EAAGnot-a-real-token-0000000000'],
  ],
  ['scope missing', messagingScopeOnly, 'meta.token-scopes', 'fail', /whatsapp_business_management/],
  // Without whatsapp_business_management, what needs it says it cannot check: no id is blamed.
  ...[
    ['subscribed_apps (#200) cannot be checked, not blamed on the WABA id', 'meta.waba-subscribed'],
    ['the phone number (100/33) cannot be checked, not "does not exist"', 'meta.phone-number'],
  ].map(([what, id]): Case => [
    `permission missing: ${what}`,
    messagingScopeOnly,
    id!,
    'skip',
    /cannot check without the whatsapp_business_management permission/,
  ]),
  [
    'rate limited (#4): one finding, not a network problem',
    (s) => {
      s.rateLimit = 4;
    },
    'meta.rate-limit',
    'fail',
    /rate limited: Graph API error \(#4\): \(#4\) Application request limit reached.*wait, then retry/,
  ],
  [
    'rate limited (80007): the other Meta checks say why they were skipped',
    (s) => {
      s.rateLimit = 80007;
    },
    'meta.waba-subscribed',
    'skip',
    /rate-limited doctor \(see meta.rate-limit\)/,
  ],
  [
    'number added but not registered (platform_type NOT_APPLICABLE, status PENDING)',
    (s) => {
      s.phones.get(DEFAULT_IDS.phoneNumberId)!.platformType = 'NOT_APPLICABLE';
    },
    'meta.phone-registered',
    'fail',
    /not registered with Cloud API \(platform_type NOT_APPLICABLE, status PENDING\).*\/106540352242922\/register.*"pin":"<6-digit PIN>"/,
  ],
  [
    'number also on the WhatsApp Business app (coexistence)',
    (s) => {
      registered(s, 'CURRENT');
      s.phones.get(DEFAULT_IDS.phoneNumberId)!.onBizApp = true;
    },
    'meta.coexistence',
    'warn',
    /also used in the WhatsApp Business app.*subscribe smb_message_echoes.*fields=messages,smb_message_echoes/,
  ],
  [
    'display name declined',
    (s) => {
      s.phones.get(DEFAULT_IDS.phoneNumberId)!.nameStatus = 'DECLINED';
    },
    'meta.display-name',
    'warn',
    /display name is DECLINED.*display name guidelines/,
  ],
  [
    'number restricted, limit shown',
    (s) => {
      const p = s.phones.get(DEFAULT_IDS.phoneNumberId)!;
      p.status = 'RESTRICTED';
      p.tier = 'TIER_250';
    },
    'meta.messaging-limit',
    'warn',
    /restricted.*limit TIER_250, throughput STANDARD.*Account quality/,
  ],
  [
    'sandbox (test) number',
    (s) => {
      s.phones.get(DEFAULT_IDS.phoneNumberId)!.accountMode = 'SANDBOX';
    },
    'meta.account-mode',
    'warn',
    /account_mode SANDBOX.*API Setup/,
  ],
  [
    'business not verified',
    (s) => {
      s.wabas.get(DEFAULT_IDS.wabaId)!.verification = 'UNVERIFIED';
    },
    'meta.business-verification',
    'warn',
    /business verification UNVERIFIED.*Business verification/,
  ],
  [
    'WABA rejected in review',
    (s) => {
      s.wabas.get(DEFAULT_IDS.wabaId)!.reviewStatus = 'REJECTED';
    },
    'meta.business-verification',
    'fail',
    /WABA was rejected/,
  ],
  [
    'the phone number (digits) given as its id',
    () => {},
    'meta.phone-number',
    'fail',
    /15550783881 is the phone number \(\+1 555-078-3881\), not its id.*WHATSAPP_PHONE_NUMBER_ID=106540352242922/,
    ['--phone-number-id', '15550783881'],
  ],
  [
    'WABA not assigned to the token (100/33)',
    (s) => {
      s.tokens.get(DEFAULT_IDS.accessToken)!.targetIds = [];
    },
    'meta.token-waba',
    'fail',
    /not among the token's targets/,
  ],
  [
    'unknown phone number id (100/33)',
    () => {},
    'meta.phone-number',
    'fail',
    /does not exist or this token cannot see it/,
    ['--phone-number-id', '999999999999'],
  ],
  [
    'phone in another WABA',
    (s) => {
      s.wabas.set('555555555555', { id: '555555555555', phoneIds: ['777777777777'], subscribedApps: [] });
      s.phones.set('777777777777', {
        id: '777777777777',
        display: '+1 555-000-1111',
        verifiedName: 'X',
        quality: 'GREEN',
      });
      s.tokens.get(DEFAULT_IDS.accessToken)!.targetIds.push('555555555555');
    },
    'meta.phone-in-waba',
    'fail',
    /not in WABA/,
    ['--phone-number-id', '777777777777'],
  ],
  [
    'another app subscribed instead',
    (s) => {
      s.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps = [{ appId: '123123123123' }];
    },
    'meta.waba-subscribed',
    'fail',
    /only Other app \(123123123123\)/,
  ],
  [
    'no webhook for WhatsApp on the app',
    () => {},
    'meta.app-subscription',
    'fail',
    /no webhook for whatsapp_business_account/,
  ],
  [
    'callback URL stale after a tunnel change',
    (s) => registered(s, STALE_URL),
    'meta.callback-url',
    'fail',
    /old-words.*but the current callback URL is/,
  ],
  [
    '`messages` not subscribed',
    (s) => registered(s, 'CURRENT', ['account_update']),
    'meta.messages-field',
    'fail',
    /`messages` is not among/,
  ],
  [
    "the guide's fields message_status / message_reactions",
    (s) => registered(s, 'CURRENT', ['messages', 'message_status', 'message_reactions']),
    'meta.unknown-fields',
    'warn',
    /message_status: statuses arrive in the `messages` field as value.statuses\[\]/,
  ],
  [
    'stale WABA override',
    (s) => {
      registered(s, 'CURRENT');
      s.wabas.get(DEFAULT_IDS.wabaId)!.subscribedApps[0]!.override = STALE_URL;
    },
    'meta.overrides',
    'fail',
    /WABA-level override sends events to https:\/\/old-words/,
  ],
  [
    'stale phone override',
    (s) => {
      registered(s, 'CURRENT');
      s.phones.get(DEFAULT_IDS.phoneNumberId)!.override = STALE_URL;
    },
    'meta.overrides',
    'fail',
    /phone-level override/,
  ],
  [
    'wrong App Secret (app token refused)',
    () => {},
    'meta.app-credentials',
    'fail',
    /WHATSAPP_APP_SECRET or WHATSAPP_APP_ID is wrong/,
    ['--app-secret', 'fedcba9876543210fedcba9876543210'],
  ],
  [
    'token of another app',
    (s) => {
      s.apps.set('888888888888', {
        id: '888888888888',
        name: 'B',
        secret: 'ffffffffffffffffffffffffffffffff',
        subscriptions: [],
      });
    },
    'meta.token-app',
    'fail',
    /belongs to app 670843887433847, but WHATSAPP_APP_ID is 888888888888/,
    ['--app-id', '888888888888', '--app-secret', 'ffffffffffffffffffffffffffffffff'],
  ],
];

describe('doctor finds each Meta-side cause', () => {
  it.each(CASES)('%s', async (_name, change, id, status, text, args = []) => {
    change(graph.state);
    for (const app of graph.state.apps.values())
      for (const s of app.subscriptions) if (s.callback_url === 'CURRENT') s.callback_url = receiver.url;
    await writeUpState(project.dir, {
      localUrl: receiver.url,
      port: receiver.port,
      instanceId: receiver.instanceId,
      callbackUrl: receiver.url,
    });
    const { run, byId } = await doctorJson(project.dir, args, env);
    const f = byId(id);
    expect(f.status).toBe(status);
    expect(`${f.finding} ${f.fix ?? ''}`).toMatch(text);
    if (status === 'fail') expect(run.exitCode).toBe(1);
    expectNoSecrets(
      run,
      args.filter((a) => a.length > 20),
    );
  });
});

describe('doctor: one cause → one finding', () => {
  it('a phone number instead of its id is one failure, with the Graph checks shown as its consequences', async () => {
    registered(graph.state, receiver.url);
    await writeUpState(project.dir, {
      localUrl: receiver.url,
      port: receiver.port,
      instanceId: receiver.instanceId,
      callbackUrl: receiver.url,
    });
    const args = ['--phone-number-id', '+1 555-078-3881'];
    const { findings } = await doctorJson(project.dir, args, env);
    const roots = findings.filter((f) => f.group !== 'public' && f.status === 'fail' && !f.causedBy);
    expect(roots.map((f) => f.id)).toEqual(['config.phone-number-id']);
    expect(findings.filter((f) => f.causedBy === 'config.phone-number-id').map((f) => f.id)).toEqual([
      'meta.phone-number',
      'meta.phone-in-waba',
    ]);
    const human = await runCli(['doctor', ...args], { cwd: project.dir, env });
    expect(human.stdout).toMatch(
      /✖ phone number id — .*looks like a phone number[^\n]*\n.*→ [^\n]*\n\s+↳ ✖ phone number — .*\(a consequence of this\)/,
    );
    expect(human.stdout).toMatch(/failed \(\+2 consequences\)/);
  });
});
