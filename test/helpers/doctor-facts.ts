import type { DoctorFacts, HandshakeFacts, HttpExchange } from '../../src/doctor/diagnose.js';
import { buildVerificationUrl, judgeVerification } from '../../src/verification/judge.js';
import { toNetworkError } from '../../src/http/network-error.js';

export const IDS = {
  verifyToken: 'dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5',
  appSecret: '0123456789abcdef0123456789abcdef',
  accessToken: 'EAAGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  appId: '670843887433847',
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  callbackUrl: 'https://calm-river.trycloudflare.com/webhook',
};

const CHALLENGE = '1158201444';

/** A handshake answered with this status/body, judged by verify's judge exactly as doctor does. */
export function handshake(
  url: string,
  status: number | undefined,
  body = CHALLENGE,
  options: { headers?: Record<string, string>; ms?: number; wrong?: number; errorCode?: string } = {},
): HandshakeFacts {
  const probeUrl = buildVerificationUrl(url, CHALLENGE, IDS.verifyToken);
  const verdict = judgeVerification(
    status === undefined
      ? {
          url: probeUrl,
          challenge: CHALLENGE,
          error: toNetworkError(Object.assign(new Error('failed'), { code: options.errorCode ?? 'ECONNREFUSED' })),
        }
      : {
          url: probeUrl,
          challenge: CHALLENGE,
          response: { status, body, headers: options.headers ?? {}, ms: options.ms ?? 3 },
        },
  );
  const wrong = options.wrong ?? 403;
  return {
    verdict,
    wrongTokenAccepted: wrong === 200,
    wrongTokenRefused: wrong >= 400 && wrong < 500,
    wrongTokenStatus: status === undefined ? null : wrong,
    status: status ?? null,
    ms: status === undefined ? null : (options.ms ?? 3),
  };
}

const ok200 = (ms = 5): HttpExchange => ({ status: 200, body: 'EVENT_RECEIVED', ms });

/** Facts of a setup where every check passes; tests change one thing at a time. */
export function healthyFacts(): DoctorFacts {
  const now = Date.parse('2026-11-25T12:00:00Z');
  return {
    now,
    config: {
      envFile: { path: '/p/.env', found: true },
      values: {
        verifyToken: IDS.verifyToken,
        appSecret: IDS.appSecret,
        accessToken: IDS.accessToken,
        appId: IDS.appId,
        wabaId: IDS.wabaId,
        phoneNumberId: IDS.phoneNumberId,
        port: '8000',
        path: '/webhook',
        graphUrl: 'https://graph.facebook.com/v24.0',
      },
      sources: {
        verifyToken: 'dotenv',
        appSecret: 'dotenv',
        accessToken: 'dotenv',
        appId: 'dotenv',
        wabaId: 'dotenv',
        phoneNumberId: 'dotenv',
        port: 'default',
        path: 'default',
        graphUrl: 'default',
      },
      port: 8000,
      path: '/webhook',
    },
    git: { inRepo: true, ignored: true, tracked: false },
    up: { localUrl: 'http://127.0.0.1:8000/webhook', callbackUrl: IDS.callbackUrl, port: 8000, path: '/webhook' },
    receiver: {
      url: 'http://127.0.0.1:8000/webhook',
      listening: { ok: true },
      signed: true,
      handshake: handshake('http://127.0.0.1:8000/webhook', 200),
      plainEvent: ok200(),
      metaStyleEvent: ok200(),
      badSignature: { status: 401, body: '', ms: 2 },
    },
    public: {
      url: IDS.callbackUrl,
      origin: 'state',
      dns: { addresses: ['104.16.0.1'] },
      tls: { ok: true },
      handshake: handshake(IDS.callbackUrl, 200, CHALLENGE, { ms: 180 }),
    },
    meta: {
      answered: true,
      debugVia: 'app',
      debugToken: {
        ok: true,
        data: {
          app_id: IDS.appId,
          type: 'SYSTEM_USER',
          expires_at: 0,
          is_valid: true,
          issued_at: now / 1000 - 3600,
          scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'],
          granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [IDS.wabaId] }],
        },
      },
      phone: {
        ok: true,
        data: {
          id: IDS.phoneNumberId,
          display_phone_number: '+1 555-078-3881',
          verified_name: 'Lucky Shrub',
          quality_rating: 'GREEN',
          webhook_configuration: { application: IDS.callbackUrl },
        },
      },
      wabaPhones: { ok: true, data: { data: [{ id: IDS.phoneNumberId, display_phone_number: '+1 555-078-3881' }] } },
      subscribedApps: {
        ok: true,
        data: { data: [{ whatsapp_business_api_data: { id: IDS.appId, name: 'Lucky Shrub' } }] },
      },
      appSubscriptions: {
        ok: true,
        data: {
          data: [
            {
              object: 'whatsapp_business_account',
              callback_url: IDS.callbackUrl,
              active: true,
              fields: [{ name: 'messages', version: 'v24.0' }],
            },
          ],
        },
      },
    },
    events: [],
  };
}
