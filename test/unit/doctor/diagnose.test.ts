import { describe, expect, it } from 'vitest';
import { diagnose, RULES, type DoctorFacts, type Rule } from '../../../src/doctor/diagnose.js';
import { handshake, healthyFacts, IDS } from '../../helpers/doctor-facts.js';
import type { EventRecord } from '../../../src/events/record/record.js';
import { eventRecord, webhookBody } from '../../helpers/event-log-fixture.js';
import type { PhoneNumberDetails } from '../../../src/graph/types.js';

type Mutate = (f: DoctorFacts) => void;
const LOCAL = 'http://127.0.0.1:8000/webhook';

function findingOf(facts: DoctorFacts, id: string) {
  const found = diagnose(facts).find((x) => x.id === id);
  if (!found) throw new Error(`no finding ${id}`);
  return found;
}

const graphErr = (code: number, subcode?: number, message = 'error') => ({
  ok: false as const,
  error: { kind: 'graph' as const, httpStatus: 400, code, subcode, message },
});
const event = (over: Partial<EventRecord>): EventRecord =>
  eventRecord({
    id: 'evt_1',
    receivedAt: '2026-11-25T11:00:00Z',
    headers: { 'user-agent': 'facebookexternalua' },
    ...over,
  });
const failedStatusBody = (code: number) =>
  webhookBody({ statuses: [{ id: 'wamid.x', status: 'failed', errors: [{ code, title: 't' }] }] });

describe('diagnose: the verify token up keeps (issue 26 item 2)', () => {
  it('is the same at every start: doctor says so, never "a session token that changes at every restart"', () => {
    for (const set of [
      (f: DoctorFacts) => (f.up!.sessionVerifyToken = 'kept-token-abcdefghijklmnop'),
      (f: DoctorFacts) => {
        delete f.up;
        f.keptVerifyToken = 'kept-token-abcdefghijklmnop';
      },
    ]) {
      const facts = healthyFacts();
      delete facts.config.values.verifyToken;
      set(facts);
      const f = findingOf(facts, 'config.verify-token');
      expect(f.status).toBe('ok');
      expect(f.finding).toContain('keeps in .wa-hook/verify-token (kept…), the same at every start');
      expect(f.finding).not.toMatch(/session|restart/);
    }
  });
});

describe('diagnose: healthy setup', () => {
  it('has no warning or failure, and ids are unique', () => {
    const findings = diagnose(healthyFacts());
    expect(findings.filter((f) => f.status === 'warn' || f.status === 'fail')).toEqual([]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(RULES.length);
  });

  it('shows the display number and quality rating', () => {
    expect(findingOf(healthyFacts(), 'meta.phone-number').finding).toBe('+1 555-078-3881 (Lucky Shrub), quality GREEN');
  });
});

// [name, finding id, expected status, text in finding or fix, change]
type Case = [name: string, rule: string, status: string, text: RegExp, mutate: Mutate];

/** A case where Meta's handshake through the public URL gets `status` and `body` back: public.handshake fails. */
function publicHandshakeFails(
  name: string,
  text: RegExp,
  status: number | undefined,
  body: string,
  options?: Parameters<typeof handshake>[3],
): Case {
  return [
    name,
    'public.handshake',
    'fail',
    text,
    (f) => {
      f.public!.handshake = handshake(IDS.callbackUrl, status, body, options);
    },
  ];
}

/** A case where Graph describes the phone number with `details`: `rule` warns. */
function phoneNumberWarns(name: string, rule: string, text: RegExp, details: Omit<PhoneNumberDetails, 'id'>): Case {
  return [
    name,
    rule,
    'warn',
    text,
    (f) => {
      f.meta.phoneDetails = { ok: true, data: { id: IDS.phoneNumberId, ...details } };
    },
  ];
}

const CASES: Case[] = [
  // local WhatsApp's records (`up --local`); test/unit/doctor/local-rules.test.ts has the rest
  [
    'a reply local WhatsApp refused',
    'local.refused-replies',
    'fail',
    /1 of 1 send\(s\) were refused \(#131009\)/,
    (f) => {
      f.localLog = {
        sends: [{ to: '1', at: 0, status: 400, code: 131009, summary: '✖ bot → +1: (#131009) x' }],
        failed: [],
      };
    },
  ],
  [
    'a free-form reply after the window closed',
    'local.outside-window',
    'warn',
    /131047.*\+1\b.*template/,
    (f) => {
      f.localLog = {
        sends: [{ to: '1', at: 0, status: 200, wamid: 'w1', summary: '' }],
        failed: [{ wamid: 'w1', to: '1', at: 1, codes: [131047] }],
      };
    },
  ],
  [
    'the same failure again after a failed status',
    'local.ignored-failures',
    'warn',
    /\+1: 131026 then 1 more/,
    (f) => {
      f.localLog = {
        sends: [
          { to: '1', at: 0, status: 200, wamid: 'w1', summary: '' },
          { to: '1', at: 2, status: 200, wamid: 'w2', summary: '' },
        ],
        failed: [
          { wamid: 'w1', to: '1', at: 1, codes: [131026] },
          { wamid: 'w2', to: '1', at: 3, codes: [131026] },
        ],
      };
    },
  ],
  // configuration
  [
    'no .env',
    'config.env-file',
    'warn',
    /wa-hook init/,
    (f) => {
      f.config.envFile.found = false;
    },
  ],
  [
    'verify token missing',
    'config.verify-token',
    'fail',
    /not set/,
    (f) => {
      delete f.config.values.verifyToken;
    },
  ],
  [
    'guide: access token as verify token',
    'config.verify-token.access-token',
    'fail',
    /access token/,
    (f) => {
      f.config.values.verifyToken = 'EAAGm0PX4ZCpsBAKZAZBxyz0123456789';
    },
  ],
  [
    'verify token equals the access token',
    'config.verify-token.access-token',
    'fail',
    /rotate the access token/,
    (f) => {
      f.config.values.verifyToken = f.config.values.accessToken;
    },
  ],
  [
    'app secret as verify token',
    'config.verify-token.app-secret',
    'fail',
    /App Secret/,
    (f) => {
      f.config.values.verifyToken = IDS.appSecret;
    },
  ],
  [
    'verify token with quotes',
    'config.verify-token.clean',
    'fail',
    /quote/,
    (f) => {
      f.config.values.verifyToken = `"${IDS.verifyToken}"`;
    },
  ],
  [
    'verify token with a trailing space',
    'config.verify-token.clean',
    'fail',
    /whitespace/,
    (f) => {
      f.config.values.verifyToken = `${IDS.verifyToken} `;
    },
  ],
  [
    'weak verify token',
    'config.verify-token.strong',
    'warn',
    /default or guessable/,
    (f) => {
      f.config.values.verifyToken = 'verify_token';
    },
  ],
  [
    'up uses another session token',
    'config.verify-token.matches-up',
    'fail',
    /restart/,
    (f) => {
      f.up!.verifyToken = 'another-session-token-123456';
      f.up!.verifyTokenSource = 'generated';
    },
  ],
  [
    'app secret missing',
    'config.app-secret',
    'warn',
    /cannot be checked/,
    (f) => {
      delete f.config.values.appSecret;
    },
  ],
  [
    'access token as app secret',
    'config.app-secret',
    'fail',
    /access token/,
    (f) => {
      f.config.values.appSecret = IDS.accessToken;
    },
  ],
  [
    'app secret not hex',
    'config.app-secret',
    'fail',
    /32 hex/,
    (f) => {
      f.config.values.appSecret = 'my-secret';
    },
  ],
  [
    'access token missing',
    'config.access-token',
    'warn',
    /skipped/,
    (f) => {
      delete f.config.values.accessToken;
    },
  ],
  [
    'app secret as access token',
    'config.access-token',
    'fail',
    /App Secret/,
    (f) => {
      f.config.values.accessToken = IDS.appSecret;
    },
  ],
  [
    'phone number instead of id',
    'config.phone-number-id',
    'fail',
    /phone number, not an id/,
    (f) => {
      f.config.values.phoneNumberId = '+1 555-078-3881';
    },
  ],
  [
    'waba id missing',
    'config.waba-id',
    'warn',
    /API Setup/,
    (f) => {
      delete f.config.values.wabaId;
    },
  ],
  [
    'app id not numeric',
    'config.app-id',
    'fail',
    /not a numeric id/,
    (f) => {
      f.config.values.appId = 'my-app';
    },
  ],
  [
    '.env not ignored',
    'config.gitignore',
    'fail',
    /\.gitignore/,
    (f) => {
      f.git.ignored = false;
    },
  ],
  [
    '.env committed',
    'config.gitignore',
    'fail',
    /rotate/,
    (f) => {
      f.git.tracked = true;
    },
  ],
  [
    '.wa-hook/ not ignored',
    'config.state-gitignore',
    'fail',
    /\.wa-hook\/\.gitignore/,
    (f) => {
      f.stateDirGit = { inRepo: true, ignored: false, tracked: false };
    },
  ],
  [
    '.wa-hook/ committed',
    'config.state-gitignore',
    'fail',
    /git rm -r --cached \.wa-hook/,
    (f) => {
      f.stateDirGit = { inRepo: true, ignored: true, tracked: true };
    },
  ],
  [
    'PORT differs from up',
    'config.port-path',
    'warn',
    /listens on 8000/,
    (f) => {
      f.config.port = 3000;
      f.config.sources.port = 'dotenv';
    },
  ],
  [
    'WEBHOOK_PATH set and up serves another path',
    'config.port-path',
    'warn',
    /WEBHOOK_PATH is \/hook but the running `wa-hook up` serves \/webhook/,
    (f) => {
      f.config.path = '/hook';
      f.config.sources.path = 'dotenv';
    },
  ],
  [
    'up --forward-to serves the backend route, WEBHOOK_PATH unset',
    'config.port-path',
    'ok',
    /path \/api\/v1\/webhooks\/whatsapp/,
    (f) => {
      f.up!.path = '/api/v1/webhooks/whatsapp';
      f.config.sources.path = 'default';
    },
  ],
  [
    '--url path differs',
    'config.port-path',
    'warn',
    /serves \/webhook/,
    (f) => {
      f.config.urlFlag = 'https://x.example.com/api/webhook';
    },
  ],
  // local receiver
  [
    'receiver down while up runs',
    'receiver.listening',
    'fail',
    /nothing listening/,
    (f) => {
      f.receiver!.listening = { ok: false, error: 'ECONNREFUSED' };
    },
  ],
  [
    'receiver down, no up',
    'receiver.listening',
    'warn',
    /wa-hook up/,
    (f) => {
      delete f.up;
      f.receiver!.listening = { ok: false, error: 'ECONNREFUSED' };
    },
  ],
  [
    'receiver on ::1 only',
    'receiver.listening',
    'fail',
    /::1/,
    (f) => {
      f.receiver!.listening = { ok: false, error: 'ECONNREFUSED', ipv6Only: true };
    },
  ],
  [
    'handshake 403',
    'receiver.handshake',
    'fail',
    /refused the verify token/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 403, 'Forbidden');
    },
  ],
  [
    'handshake JSON body',
    'receiver.handshake',
    'fail',
    /as JSON/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 200, '{"challenge":"1158201444"}');
    },
  ],
  [
    'handshake quoted',
    'receiver.handshake',
    'fail',
    /whitespace around it/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 200, '1158201444\n');
    },
  ],
  [
    'handshake 404',
    'receiver.handshake',
    'fail',
    /WEBHOOK_PATH/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 404, 'Cannot GET');
    },
  ],
  [
    'handshake redirect',
    'receiver.handshake',
    'fail',
    /redirect/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 301, '', { headers: { location: 'http://127.0.0.1:8000/webhook/' } });
    },
  ],
  [
    'any token accepted',
    'receiver.wrong-token',
    'warn',
    /403/,
    (f) => {
      f.receiver!.handshake = handshake(LOCAL, 200, '1158201444', { wrong: 200 });
    },
  ],
  [
    'signed event refused',
    'receiver.signed-event',
    'fail',
    /different key/,
    (f) => {
      f.receiver!.plainEvent = { status: 401, body: '', ms: 1 };
    },
  ],
  [
    'crash on statuses',
    'receiver.signed-event',
    'fail',
    /messages\[\]/,
    (f) => {
      f.receiver!.plainEvent = { status: 500, body: '', ms: 1 };
    },
  ],
  [
    'unsigned event refused without secret',
    'receiver.signed-event',
    'fail',
    /WHATSAPP_APP_SECRET/,
    (f) => {
      f.receiver!.signed = false;
      f.receiver!.plainEvent = { status: 403, ms: 1 };
    },
  ],
  [
    're-serialized JSON',
    'receiver.meta-serialization',
    'fail',
    /raw request bytes/,
    (f) => {
      f.receiver!.metaStyleEvent = { status: 403, body: '', ms: 1 };
    },
  ],
  [
    'signatures unchecked',
    'receiver.bad-signature',
    'warn',
    /not checked/,
    (f) => {
      f.receiver!.badSignature = { status: 200, body: '', ms: 1 };
    },
  ],
  [
    'slow ack',
    'receiver.ack-time',
    'warn',
    /answer 200 first/,
    (f) => {
      f.receiver!.plainEvent = { status: 200, ms: 1800 };
    },
  ],
  [
    'very slow ack',
    'receiver.ack-time',
    'fail',
    /dedupe/,
    (f) => {
      f.receiver!.plainEvent = { status: 200, ms: 6200 };
    },
  ],
  // public URL
  [
    'invalid --url',
    'public.url',
    'fail',
    /not a valid URL/,
    (f) => {
      f.public!.url = 'calm river';
    },
  ],
  [
    'http callback',
    'public.https',
    'fail',
    /https/,
    (f) => {
      f.public!.url = 'http://calm-river.trycloudflare.com/webhook';
    },
  ],
  [
    'loopback callback',
    'public.reachable',
    'fail',
    /cannot reach/,
    (f) => {
      f.public!.url = 'https://127.0.0.1:8443/webhook';
    },
  ],
  [
    'callback too long',
    'public.url-length',
    'fail',
    /at most 200/,
    (f) => {
      f.public!.url = `https://calm-river.trycloudflare.com/${'a'.repeat(200)}`;
    },
  ],
  [
    'port 8443 and underscore',
    'public.url-shape',
    'warn',
    /port 8443.*underscore/,
    (f) => {
      f.public!.url = 'https://my_host.example.com:8443/webhook';
    },
  ],
  [
    'no DNS',
    'public.dns',
    'fail',
    /does not resolve/,
    (f) => {
      f.public!.dns = { addresses: [], error: 'ENOTFOUND' };
    },
  ],
  [
    'self-signed',
    'public.tls',
    'fail',
    /self-signed/,
    (f) => {
      f.public!.tls = { ok: false, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
    },
  ],
  [
    'incomplete chain',
    'public.tls',
    'fail',
    /incomplete chain/,
    (f) => {
      f.public!.tls = { ok: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
    },
  ],
  publicHandshakeFails('tunnel 502', /could not reach your receiver/, 502, 'Bad Gateway'),
  publicHandshakeFails('localtunnel 503', /Tunnel Unavailable/, 503, '503 - Tunnel Unavailable'),
  publicHandshakeFails('cloudflare 530', /no connection to your machine/, 530, 'error code: 1033'),
  publicHandshakeFails('localtunnel reminder', /Friendly Reminder/, 401, '<html><h1>Friendly Reminder</h1></html>', {
    headers: { 'content-type': 'text/html' },
  }),
  publicHandshakeFails(
    'cloudflare WAF',
    /Cloudflare/,
    403,
    '<!DOCTYPE html><html><title>Just a moment...</title><div id="cf-chl-widget"></div></html>',
    { headers: { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-mitigated': 'challenge' } },
  ),
  publicHandshakeFails('public timeout', /no answer/, undefined, '', { errorCode: 'ETIMEDOUT' }),
  [
    'slow tunnel',
    'public.latency',
    'warn',
    /1500 ms/,
    (f) => {
      f.public!.handshake = handshake(IDS.callbackUrl, 200, '1158201444', { ms: 1500 });
    },
  ],
  // Meta
  [
    'expired token',
    'meta.token',
    'fail',
    /expired/,
    (f) => {
      f.meta.debugToken = {
        ok: true,
        data: { is_valid: false, error: { code: 190, subcode: 463, message: 'Session has expired' } },
      };
    },
  ],
  [
    'expired token, self-debug',
    'meta.token',
    'fail',
    /system-user token/,
    (f) => {
      f.meta.debugToken = graphErr(190, 463, 'Error validating access token: Session has expired');
    },
  ],
  [
    'malformed token',
    'meta.token',
    'fail',
    /rejects the access token/,
    (f) => {
      f.meta.debugToken = graphErr(190, undefined, 'Invalid OAuth access token - Cannot parse access token');
    },
  ],
  [
    'Graph unreachable',
    'meta.token',
    'fail',
    /HTTPS_PROXY/,
    (f) => {
      f.meta.debugToken = { ok: false, error: { kind: 'network', message: 'ECONNREFUSED' } };
    },
  ],
  [
    'temporary token',
    'meta.token-expiry',
    'warn',
    /temporary token: expires in 23 h/,
    (f) => {
      const d = f.meta.debugToken as { ok: true; data: Record<string, number> };
      d.data.issued_at = f.now / 1000 - 3600;
      d.data.expires_at = f.now / 1000 + 23 * 3600;
    },
  ],
  [
    'missing scope',
    'meta.token-scopes',
    'fail',
    /whatsapp_business_management/,
    (f) => {
      (f.meta.debugToken as { ok: true; data: { scopes: string[] } }).data.scopes = ['whatsapp_business_messaging'];
    },
  ],
  [
    'WABA not in targets',
    'meta.token-waba',
    'fail',
    /Assign assets/,
    (f) => {
      (f.meta.debugToken as { ok: true; data: { granular_scopes: unknown } }).data.granular_scopes = [
        { scope: 'whatsapp_business_management', target_ids: ['999'] },
      ];
    },
  ],
  [
    'token of another app',
    'meta.token-app',
    'fail',
    /same app/,
    (f) => {
      (f.meta.debugToken as { ok: true; data: { app_id: string } }).data.app_id = '111';
    },
  ],
  [
    'wrong app secret',
    'meta.app-credentials',
    'fail',
    /WHATSAPP_APP_SECRET/,
    (f) => {
      f.meta.appTokenRejected = {
        kind: 'graph',
        httpStatus: 400,
        code: 190,
        message: 'Invalid OAuth access token signature.',
      };
    },
  ],
  [
    'unknown phone id',
    'meta.phone-number',
    'fail',
    /does not exist/,
    (f) => {
      f.meta.phone = graphErr(100, 33);
    },
  ],
  [
    'RED quality',
    'meta.phone-number',
    'warn',
    /limited/,
    (f) => {
      (f.meta.phone as { ok: true; data: { quality_rating: string } }).data.quality_rating = 'RED';
    },
  ],
  [
    'phone in another WABA',
    'meta.phone-in-waba',
    'fail',
    /not in WABA/,
    (f) => {
      f.meta.wabaPhones = { ok: true, data: { data: [{ id: '1', display_phone_number: '+1 555-000-0000' }] } };
    },
  ],
  [
    'app not subscribed',
    'meta.waba-subscribed',
    'fail',
    /doctor --fix.*curl -X POST "https:\/\/graph\.facebook\.com\/v24\.0\/102290129340398\/subscribed_apps" -H "Authorization: Bearer EAAG…"/,
    (f) => {
      f.meta.subscribedApps = { ok: true, data: { data: [] } };
    },
  ],
  [
    'only another app subscribed',
    'meta.waba-subscribed',
    'fail',
    /only Old bot/,
    (f) => {
      f.meta.subscribedApps = {
        ok: true,
        data: { data: [{ whatsapp_business_api_data: { id: '42', name: 'Old bot' } }] },
      };
    },
  ],
  [
    'no permission on subscribed_apps',
    'meta.waba-subscribed',
    'fail',
    /scope/,
    (f) => {
      f.meta.subscribedApps = graphErr(200, undefined, '(#200) Permissions error');
    },
  ],
  [
    'no app webhook',
    'meta.app-subscription',
    'fail',
    /subscriptions" -d object=whatsapp_business_account/,
    (f) => {
      f.meta.appSubscriptions = { ok: true, data: { data: [] } };
    },
  ],
  [
    'stale callback URL',
    'meta.callback-url',
    'fail',
    /old-tunnel.*calm-river/,
    (f) => {
      (
        f.meta.appSubscriptions as { ok: true; data: { data: Array<{ callback_url: string }> } }
      ).data.data[0]!.callback_url = 'https://old-tunnel.trycloudflare.com/webhook';
    },
  ],
  [
    'messages not subscribed',
    'meta.messages-field',
    'fail',
    /not among the subscribed fields/,
    (f) => {
      (f.meta.appSubscriptions as { ok: true; data: { data: Array<{ fields: unknown }> } }).data.data[0]!.fields = [
        { name: 'account_update' },
      ];
    },
  ],
  [
    'guide: bogus fields',
    'meta.unknown-fields',
    'warn',
    /message_status: statuses arrive in the `messages` field.*message_reactions: a Messenger\/Instagram field/,
    (f) => {
      (f.meta.appSubscriptions as { ok: true; data: { data: Array<{ fields: unknown }> } }).data.data[0]!.fields = [
        { name: 'messages' },
        { name: 'message_status' },
        { name: 'message_reactions' },
      ];
    },
  ],
  [
    "a field not in Meta's table (typo through the API)",
    'meta.unknown-fields',
    'warn',
    /not in Meta's WhatsApp field table: message_template_status/,
    (f) => {
      (f.meta.appSubscriptions as { ok: true; data: { data: Array<{ fields: unknown }> } }).data.data[0]!.fields = [
        { name: 'messages' },
        { name: 'message_template_status' },
        { name: 'calls' },
        { name: 'smb_message_echoes' },
      ];
    },
  ],
  [
    'stale phone override',
    'meta.overrides',
    'fail',
    /phone-level override.*override_callback_uri":""/,
    (f) => {
      (f.meta.phone as { ok: true; data: { webhook_configuration: object } }).data.webhook_configuration = {
        phone_number: 'https://old.trycloudflare.com/webhook',
        application: IDS.callbackUrl,
      };
    },
  ],
  [
    'stale WABA override',
    'meta.overrides',
    'fail',
    /WABA-level override/,
    (f) => {
      f.meta.subscribedApps = {
        ok: true,
        data: {
          data: [
            {
              whatsapp_business_api_data: { id: IDS.appId },
              override_callback_uri: 'https://old.trycloudflare.com/webhook',
            },
          ],
        },
      };
    },
  ],
  // recorded events
  [
    'all signatures failed',
    'log.rejected-signatures',
    'fail',
    /App Secret is wrong/,
    (f) => {
      f.events = [event({ kind: 'rejected', status: 401, signature: 'invalid' })];
    },
  ],
  [
    'own probes ignored',
    'log.rejected-signatures',
    'skip',
    /no events/,
    (f) => {
      f.events = [
        // Only a probe the receiver verified counts as ours; a User-Agent naming wa-hook is what anyone sends.
        event({ kind: 'rejected', status: 401, signature: 'invalid', probe: 'doctor/bad-signature' }),
      ];
    },
  ],
  [
    '131047 in statuses',
    'log.failed-sends',
    'warn',
    /131047.*template/,
    (f) => {
      f.events = [event({ body: failedStatusBody(131047) })];
    },
  ],
  [
    '131030 in statuses',
    'log.failed-sends',
    'warn',
    /not in the test number’s allowed list/,
    (f) => {
      f.events = [event({ body: failedStatusBody(131030) })];
    },
  ],
  [
    'backend answered 500',
    'log.non-200',
    'fail',
    /retries/,
    (f) => {
      f.events = [event({ status: 500 })];
    },
  ],
  // Meta: no answer from the Graph API (issue 26 item 1): the network cause, once, with its own fix
  ...(
    [
      [
        'DNS (ENOTFOUND)',
        'graph.facebook.com: ENOTFOUND',
        /cannot resolve graph\.facebook\.com \(ENOTFOUND\).*nslookup/,
      ],
      [
        'TLS inspected by a proxy',
        'graph.facebook.com: SELF_SIGNED_CERT_IN_CHAIN',
        /certificate.*not trusted \(SELF_SIGNED_CERT_IN_CHAIN\).*NODE_EXTRA_CA_CERTS/,
      ],
      [
        'connection reset by a firewall',
        'graph.facebook.com: ECONNRESET',
        /was cut \(ECONNRESET\).*graph\.facebook\.com:443/,
      ],
      [
        'proxy asks for credentials',
        'graph.facebook.com: Proxy response (407) !== 200 when HTTP Tunneling',
        /HTTP 407.*user:password@/,
      ],
    ] as const
  ).map(([name, message, text]): [string, string, string, RegExp, Mutate] => [
    `Graph API unreachable: ${name}`,
    'meta.graph-reachable',
    'fail',
    text,
    (f) => {
      f.meta = {
        unreachable: { kind: 'network', message },
        appSubscriptions: { ok: false, error: { kind: 'network', message } },
      };
    },
  ]),
  [
    'Graph API unreachable: timeout',
    'meta.graph-reachable',
    'fail',
    /no answer from graph\.facebook\.com.*HTTPS_PROXY/,
    (f) => {
      f.meta = { unreachable: { kind: 'timeout', message: 'GET /debug_token took longer than 10000 ms' } };
    },
  ],
  [
    'Require App Secret on (appsecret_proof)',
    'meta.appsecret-proof',
    'fail',
    /require an appsecret_proof argument.*HMAC-SHA256 of the access token with the App Secret as key.*Require App Secret → No/,
    (f) => {
      const e = graphErr(100, undefined, 'API calls from the server require an appsecret_proof argument');
      f.meta.phone = e;
      f.meta.appSecretProofRequired = e.error;
    },
  ],
  [
    'a Business portfolio id as the WABA id (node type Business)',
    'meta.id-kinds',
    'fail',
    /is a Business portfolio id.*node type is Business/,
    (f) => {
      f.meta.subscribedApps = graphErr(
        100,
        undefined,
        '(#100) Tried accessing nonexisting field (subscribed_apps) on node type (Business)',
      );
    },
  ],
  [
    'an Argentine sender (549…) on a test number that refused a reply with 131030',
    'log.recipient-forms',
    'warn',
    /as 5491123456789.*match 541123456789.*send to 541123456789/,
    (f) => {
      const body = JSON.parse(failedStatusBody(131030)) as {
        entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
      };
      body.entry[0]!.changes[0]!.value.messages = [{ from: '5491123456789', id: 'wamid.y', type: 'text' }];
      f.events = [event({ body: JSON.stringify(body) })];
    },
  ],
  // Meta: the number and the WABA (issue 16)
  [
    'rate limited (#4)',
    'meta.rate-limit',
    'fail',
    /rate limited.*Application request limit reached.*wait, then retry/,
    (f) => {
      f.meta.rateLimited = graphErr(4, undefined, '(#4) Application request limit reached').error;
    },
  ],
  [
    'number added but not registered (NOT_APPLICABLE)',
    'meta.phone-registered',
    'fail',
    /not registered with Cloud API.*\/register.*"pin"/,
    (f) => {
      (f.meta.phone as { ok: true; data: { platform_type?: string } }).data.platform_type = 'NOT_APPLICABLE';
    },
  ],
  phoneNumberWarns('display name pending review', 'meta.display-name', /PENDING_REVIEW/, {
    name_status: 'PENDING_REVIEW',
  }),
  phoneNumberWarns('number flagged', 'meta.messaging-limit', /flagged.*TIER_250/, {
    status: 'FLAGGED',
    messaging_limit_tier: 'TIER_250',
  }),
  phoneNumberWarns('sandbox number', 'meta.account-mode', /SANDBOX.*API Setup/, { account_mode: 'SANDBOX' }),
  phoneNumberWarns(
    'number on the WhatsApp Business app, echoes not subscribed',
    'meta.coexistence',
    /WhatsApp Business app.*smb_message_echoes/,
    { is_on_biz_app: true },
  ),
  [
    'business not verified',
    'meta.business-verification',
    'warn',
    /not verified.*Business verification/,
    (f) => {
      f.meta.waba = {
        ok: true,
        data: { id: IDS.wabaId, account_review_status: 'APPROVED', business_verification_status: 'UNVERIFIED' },
      };
    },
  ],
  [
    'app in Development mode (131030 on a LIVE number)',
    'meta.app-mode',
    'warn',
    /Development mode.*App Mode to Live/,
    (f) => {
      f.meta.phoneDetails = { ok: true, data: { id: IDS.phoneNumberId, account_mode: 'LIVE' } };
      f.events = [event({ body: failedStatusBody(131030) })];
    },
  ],
  [
    '131042 in statuses',
    'log.failed-sends',
    'warn',
    /131042.*billing.*Business settings/,
    (f) => {
      f.events = [event({ body: failedStatusBody(131042) })];
    },
  ],
  [
    '131031 in statuses',
    'log.failed-sends',
    'warn',
    /131031.*locked.*request a review/,
    (f) => {
      f.events = [event({ body: failedStatusBody(131031) })];
    },
  ],
  // issue 26, items 7–11 (integration tests reproduce each report; these keep every rule exercised)
  [
    'UTF-16 .env',
    'config.env-bot-loaders',
    'warn',
    /dotenv \(Node\) finds no variable/,
    (f) => {
      f.config.envFile = { ...f.config.envFile, encoding: 'UTF-16LE with BOM', encodingName: 'utf16le-bom' };
    },
  ],
  [
    'route on another spelling',
    'receiver.path-variant',
    'fail',
    /\/webhook\/ \(with a trailing slash\) answers/,
    (f) => {
      f.receiver!.handshake = handshake('http://127.0.0.1:8000/webhook', 404, 'Not Found');
      f.receiver!.pathVariants = { tried: ['/webhook/'], answering: ['/webhook/'] };
    },
  ],
  [
    'public URL on another spelling',
    'public.path-variant',
    'fail',
    /register https:\/\/calm-river\.trycloudflare\.com\/webhook\/ as the callback URL/,
    (f) => {
      f.public!.handshake = handshake(IDS.callbackUrl, 404, 'Not Found');
      f.public!.pathVariants = { tried: ['/webhook/'], answering: ['/webhook/'] };
    },
  ],
  [
    'a + in the callback path',
    'public.meta-encoding',
    'fail',
    /Meta requests \/webhooks\/%20155 for \/webhooks\/\+155/,
    (f) => {
      f.public!.url = 'https://calm-river.trycloudflare.com/webhooks/+155';
      f.public!.metaSpelled = {
        url: 'https://calm-river.trycloudflare.com/webhooks/%20155',
        handshake: handshake(
          'https://calm-river.trycloudflare.com/webhooks/%20155',
          401,
          '{"error":"Error; wrong verify token"}',
        ),
      };
    },
  ],
  [
    'tunnel on another port',
    'public.tunnel-port',
    'fail',
    /cloudflared tunnel --url http:\/\/localhost:8000/,
    (f) => {
      f.tunnels = [
        {
          tool: 'cloudflared',
          publicUrl: IDS.callbackUrl.replace('/webhook', ''),
          origin: 'http://localhost:3000',
          source: 'x',
        },
      ];
    },
  ],
  [
    'account disabled',
    'log.account-update',
    'fail',
    /Meta disabled/,
    (f) => {
      f.events = [
        event({
          body: accountBody('account_update', { event: 'DISABLED_UPDATE', ban_info: { waba_ban_state: 'DISABLE' } }),
        }),
      ];
    },
  ],
  [
    'account alert',
    'log.account-alerts',
    'fail',
    /CRITICAL/,
    (f) => {
      f.events = [
        event({
          body: accountBody('account_alerts', {
            alert_info: {
              alert_severity: 'CRITICAL',
              alert_status: 'ACTIVE',
              alert_type: 'OBA_REJECTED',
              alert_description: 'x',
            },
          }),
        }),
      ];
    },
  ],
  [
    'number flagged',
    'log.number-quality',
    'warn',
    /flagged/,
    (f) => {
      f.events = [
        event({ body: accountBody('phone_number_quality_update', { event: 'FLAGGED', display_phone_number: '1' }) }),
      ];
    },
  ],
  [
    'template paused',
    'log.template-status',
    'warn',
    /132015/,
    (f) => {
      f.events = [
        event({
          body: accountBody('message_template_status_update', {
            event: 'PAUSED',
            message_template_id: 1,
            message_template_name: 't',
          }),
        }),
      ];
    },
  ],
];

/** A webhook of one non-messages field, as Meta sends it. */
function accountBody(field: string, value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: IDS.wabaId, time: 1, changes: [{ value, field }] }],
  });
}

describe('diagnose: one mistake at a time', () => {
  it.each(CASES)('%s → %s %s', (_name, id, status, text, mutate) => {
    const facts = healthyFacts();
    mutate(facts);
    const f = findingOf(facts, id);
    expect(f.status).toBe(status);
    expect(`${f.finding} ${f.fix ?? ''}`).toMatch(text);
  });

  it('every rule is exercised by at least one failing/warning case', () => {
    const covered = new Set(CASES.map((c) => c[1]));
    const untested = RULES.map((r) => r.id).filter((id) => !covered.has(id));
    expect(untested).toEqual([]);
  });
});

describe('diagnose: skips', () => {
  it.each([
    [
      'offline',
      (f: DoctorFacts) => {
        f.meta = { skipped: 'offline' };
      },
      /--offline/,
    ],
    [
      'no access token',
      (f: DoctorFacts) => {
        f.meta = { skipped: 'no-token' };
      },
      /no WHATSAPP_ACCESS_TOKEN/,
    ],
  ])('%s skips the Meta checks that need the token', (_n, mutate, text) => {
    const facts = healthyFacts();
    mutate(facts);
    for (const id of ['meta.token', 'meta.phone-number', 'meta.waba-subscribed', 'meta.overrides']) {
      const f = findingOf(facts, id);
      expect(f.status).toBe('skip');
      expect(f.finding).toMatch(text);
    }
  });

  it('an invalid token skips the calls that would only repeat its error', () => {
    const facts = healthyFacts();
    facts.meta.debugToken = graphErr(190, 463);
    facts.meta.subscribedApps = graphErr(190, 463);
    expect(findingOf(facts, 'meta.waba-subscribed').status).toBe('skip');
    expect(findingOf(facts, 'meta.token').status).toBe('fail');
  });
});

describe('diagnose: one cause, one finding', () => {
  const problems = (facts: DoctorFacts) =>
    diagnose(facts).filter((f) => (f.status === 'fail' || f.status === 'warn') && !f.causedBy);

  it('a phone number instead of its id: the Graph failures are consequences of config.phone-number-id', () => {
    const facts = healthyFacts();
    facts.config.values.phoneNumberId = '+1 555-078-3881';
    facts.meta.phone = graphErr(100, undefined, 'Unknown path components');
    facts.meta.wabaPhones = { ok: true, data: { data: [{ id: '999', display_phone_number: '+1 555-000-0000' }] } };
    const findings = diagnose(facts);
    expect(problems(facts).map((f) => f.id)).toEqual(['config.phone-number-id']);
    expect(findings.find((f) => f.id === 'meta.phone-number')).toMatchObject({
      status: 'fail',
      causedBy: 'config.phone-number-id',
    });
    expect(findings.find((f) => f.id === 'meta.phone-in-waba')?.causedBy).toBe('config.phone-number-id');
  });

  it('a 404 on the callback path: the refused event follows the handshake', () => {
    const facts = healthyFacts();
    facts.receiver!.handshake = handshake(LOCAL, 404, 'Not Found');
    facts.receiver!.plainEvent = { status: 404, body: 'Not Found', ms: 2 };
    const signed = diagnose(facts).find((f) => f.id === 'receiver.signed-event')!;
    expect(signed).toMatchObject({ status: 'fail', causedBy: 'receiver.handshake' });
    expect(problems(facts).map((f) => f.id)).toEqual(['receiver.handshake']);
  });

  it('no answer from the Graph API: one finding, no Meta check passes (even on partial answers)', () => {
    const facts = healthyFacts();
    const down = { kind: 'network' as const, message: 'graph.facebook.com: ENOTFOUND' };
    facts.meta = {
      unreachable: down,
      debugToken: { ok: false, error: down },
      appSubscriptions: { ok: false, error: down },
    };
    const meta = diagnose(facts).filter((f) => f.group === 'meta');
    expect(problems(facts).map((f) => f.id)).toEqual(['meta.graph-reachable']);
    expect(meta.filter((f) => f.status === 'ok')).toEqual([]);
    // One call answered, another did not: still nothing claims an answer it did not get.
    const partial = healthyFacts();
    partial.meta.unreachable = { kind: 'timeout', message: 'GET /106540352242922 took longer than 10000 ms' };
    expect(problems(partial).map((f) => f.id)).toEqual(['meta.graph-reachable']);
    expect(
      diagnose(partial)
        .filter((f) => f.group === 'meta' && f.status === 'ok')
        .map((f) => f.id),
    ).toEqual([]);
  });

  it('a rate limit: one finding, every other Meta check skipped because of it', () => {
    const facts = healthyFacts();
    facts.meta.rateLimited = graphErr(80007, undefined, '(#80007) Rate limit issues').error;
    // Meta answered (with a rate limit), so the Graph API is reachable: that one check stays ✔.
    const meta = diagnose(facts).filter(
      (f) => f.group === 'meta' && f.id !== 'meta.rate-limit' && f.id !== 'meta.graph-reachable',
    );
    expect(problems(facts).map((f) => f.id)).toEqual(['meta.rate-limit']);
    expect(meta.filter((f) => f.status !== 'skip').map((f) => f.id)).toEqual([]);
    expect(meta.find((f) => f.id === 'meta.waba-subscribed')?.finding).toMatch(/rate-limited/);
  });

  it('missing permissions: the id checks say they cannot check, not that the ids are wrong', () => {
    const facts = healthyFacts();
    const d = facts.meta.debugToken as { ok: true; data: { scopes: string[] } };
    d.data.scopes = ['whatsapp_business_messaging'];
    facts.meta.phone = graphErr(100, 33);
    facts.meta.wabaPhones = graphErr(100, 33);
    facts.meta.subscribedApps = graphErr(200, undefined, '(#200) Permissions error');
    expect(problems(facts).map((f) => f.id)).toEqual(['meta.token-scopes']);
    for (const id of ['meta.phone-number', 'meta.phone-in-waba', 'meta.waba-subscribed'])
      expect(diagnose(facts).find((f) => f.id === id)).toMatchObject({
        status: 'skip',
        finding: expect.stringMatching(/cannot check without the whatsapp_business_management permission/),
      });
  });

  it('a WABA not assigned to the token: the hidden number and WABA are consequences of meta.token-waba', () => {
    const facts = healthyFacts();
    const d = facts.meta.debugToken as {
      ok: true;
      data: { granular_scopes: Array<{ scope: string; target_ids: string[] }> };
    };
    d.data.granular_scopes = [{ scope: 'whatsapp_business_management', target_ids: ['555'] }];
    facts.meta.phone = graphErr(100, 33);
    facts.meta.wabaPhones = graphErr(100, 33);
    facts.meta.subscribedApps = graphErr(100, 33);
    expect(problems(facts).map((f) => f.id)).toEqual(['meta.token-waba']);
    const caused = diagnose(facts).filter((f) => f.causedBy === 'meta.token-waba');
    expect(caused.map((f) => f.id)).toEqual(['meta.phone-number', 'meta.phone-in-waba', 'meta.waba-subscribed']);
  });

  it('chains resolve to the root cause, and a cause that is ok leaves the finding standalone', () => {
    const rules = [
      { id: 'a', group: 'config', title: 'a', detects: '', check: () => ({ status: 'fail', finding: 'a' }) },
      {
        id: 'b',
        group: 'meta',
        title: 'b',
        detects: '',
        follows: ['a'],
        check: () => ({ status: 'fail', finding: 'b' }),
      },
      {
        id: 'c',
        group: 'meta',
        title: 'c',
        detects: '',
        check: () => ({ status: 'warn', finding: 'c', fix: 'x', after: 'b' }),
      },
      {
        id: 'd',
        group: 'meta',
        title: 'd',
        detects: '',
        follows: ['e'],
        check: () => ({ status: 'fail', finding: 'd' }),
      },
      { id: 'e', group: 'meta', title: 'e', detects: '', check: () => ({ status: 'ok', finding: 'e' }) },
    ] as const satisfies readonly Rule[];
    const byId = Object.fromEntries(diagnose(healthyFacts(), rules).map((f) => [f.id, f.causedBy]));
    expect(byId).toEqual({ a: undefined, b: 'a', c: 'a', d: undefined, e: undefined });
  });
});
