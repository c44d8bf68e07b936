import type { DoctorFacts, HttpExchange } from '../../src/core/diagnosis.js';

export const IDS = {
  verifyToken: 'dgU-I8H1Q2Bup7Z3TY4NhF4sNHvmVkY5',
  appSecret: '0123456789abcdef0123456789abcdef',
  accessToken: 'EAAGxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  appId: '670843887433847',
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  callbackUrl: 'https://calm-river.trycloudflare.com/webhook',
};

const ok200 = (ms = 5): HttpExchange => ({ status: 200, body: 'EVENT_RECEIVED', ms });

/** Facts of a setup where every check passes; tests change one thing at a time. */
export function healthyFacts(): DoctorFacts {
  const now = Date.parse('2026-11-25T12:00:00Z');
  return {
    now,
    config: {
      envFile: { path: '/p/.env', found: true },
      values: { verifyToken: IDS.verifyToken, appSecret: IDS.appSecret, accessToken: IDS.accessToken, appId: IDS.appId, wabaId: IDS.wabaId, phoneNumberId: IDS.phoneNumberId, port: '8000', path: '/webhook', graphUrl: 'https://graph.facebook.com/v24.0' },
      sources: { verifyToken: 'dotenv', appSecret: 'dotenv', accessToken: 'dotenv', appId: 'dotenv', wabaId: 'dotenv', phoneNumberId: 'dotenv', port: 'default', path: 'default', graphUrl: 'default' },
      port: 8000,
      path: '/webhook',
    },
    git: { inRepo: true, ignored: true, tracked: false },
    up: { localUrl: 'http://127.0.0.1:8000/webhook', callbackUrl: IDS.callbackUrl, port: 8000, path: '/webhook' },
    receiver: {
      url: 'http://127.0.0.1:8000/webhook',
      listening: { ok: true },
      signed: true,
      handshake: { challenge: '1158201444', reply: { status: 200, body: '1158201444', contentType: 'text/plain', ms: 3 }, wrongToken: { status: 403, body: 'forbidden', ms: 2 } },
      plainEvent: ok200(),
      metaStyleEvent: ok200(),
      badSignature: { status: 401, body: '', ms: 2 },
    },
    public: {
      url: IDS.callbackUrl,
      origin: 'state',
      dns: { addresses: ['104.16.0.1'] },
      tls: { ok: true },
      handshake: { challenge: '1158201444', reply: { status: 200, body: '1158201444', ms: 180 } },
    },
    meta: {
      debugVia: 'app',
      debugToken: { ok: true, data: { app_id: IDS.appId, type: 'SYSTEM_USER', expires_at: 0, is_valid: true, issued_at: now / 1000 - 3600, scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'], granular_scopes: [{ scope: 'whatsapp_business_management', target_ids: [IDS.wabaId] }] } },
      phone: { ok: true, data: { id: IDS.phoneNumberId, display_phone_number: '+1 555-078-3881', verified_name: 'Lucky Shrub', quality_rating: 'GREEN', webhook_configuration: { application: IDS.callbackUrl } } },
      wabaPhones: { ok: true, data: { data: [{ id: IDS.phoneNumberId, display_phone_number: '+1 555-078-3881' }] } },
      subscribedApps: { ok: true, data: { data: [{ whatsapp_business_api_data: { id: IDS.appId, name: 'Lucky Shrub' } }] } },
      appSubscriptions: { ok: true, data: { data: [{ object: 'whatsapp_business_account', callback_url: IDS.callbackUrl, active: true, fields: [{ name: 'messages', version: 'v24.0' }] }] } },
    },
    events: [],
  };
}
