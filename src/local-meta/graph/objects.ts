/**
 * The Graph objects doctor, `up --register` and client libraries read: the phone number, the WABA, the
 * token's debug info, the app's subscriptions. Local WhatsApp answers as a healthy, registered Cloud API
 * number on a verified business would, so `doctor --graph-url <local>` passes. Field selection as Graph
 * does it: `?fields=a,b` returns `id` plus those; an unknown field is an error.
 */
import { nonexistingField } from './errors.js';
import type { MetaError } from '../rules/types.js';

export interface Identity {
  phoneNumberId: string;
  wabaId: string;
  businessNumber: string;
  appId: string;
  accessToken: string;
}

/** "15550783881" → "+1 555-078-3881" (Meta's display form for NANP; other numbers as +digits). */
export function displayNumber(digits: string): string {
  const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : `+${digits}`;
}

export function phoneNumberNode(id: Identity, callbackUrl: string | undefined): Record<string, unknown> {
  return {
    verified_name: 'Local WhatsApp',
    code_verification_status: 'VERIFIED',
    display_phone_number: displayNumber(id.businessNumber),
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: 'STANDARD' },
    webhook_configuration: callbackUrl ? { application: callbackUrl } : {},
    status: 'CONNECTED',
    name_status: 'APPROVED',
    account_mode: 'LIVE',
    messaging_limit_tier: 'TIER_UNLIMITED',
    is_on_biz_app: false,
    is_official_business_account: false,
    id: id.phoneNumberId,
  };
}

export const PHONE_DEFAULT_FIELDS = [
  'verified_name',
  'code_verification_status',
  'display_phone_number',
  'quality_rating',
  'platform_type',
  'throughput',
  'id',
];

export function wabaNode(id: Identity): Record<string, unknown> {
  return {
    id: id.wabaId,
    name: 'Local WhatsApp',
    timezone_id: '1',
    message_template_namespace: 'local_whatsapp_namespace',
    account_review_status: 'APPROVED',
    business_verification_status: 'VERIFIED',
    currency: 'USD',
  };
}

export const WABA_DEFAULT_FIELDS = ['id', 'name', 'timezone_id', 'message_template_namespace'];

/** `?fields=` applied to a node: `id` always, then the asked fields in the node's order. */
export function selectFields(
  node: Record<string, unknown>,
  fieldsParam: string | null,
  defaults: readonly string[],
  nodeType: string,
): { ok: true; data: Record<string, unknown> } | { ok: false; error: MetaError } {
  const asked =
    fieldsParam === null || fieldsParam.trim() === ''
      ? defaults
      : fieldsParam
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== '');
  const unknown = asked.find((f) => !(f in node));
  if (unknown !== undefined) return { ok: false, error: nonexistingField(unknown, nodeType) };
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (asked.includes(key) || key === 'id') data[key] = value;
  return { ok: true, data };
}

export const SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'];

/** GET /debug_token?input_token=… */
export function debugTokenData(id: Identity, inputToken: string, issuedAt: number): Record<string, unknown> {
  if (inputToken !== id.accessToken)
    return {
      data: {
        error: { code: 190, message: 'Invalid OAuth access token.' },
        is_valid: false,
        scopes: [],
      },
    };
  return {
    data: {
      app_id: id.appId,
      type: 'SYSTEM_USER',
      application: 'Local WhatsApp',
      data_access_expires_at: 0,
      expires_at: 0,
      is_valid: true,
      issued_at: Math.floor(issuedAt / 1000),
      scopes: [...SCOPES, 'business_management'],
      granular_scopes: SCOPES.map((scope) => ({ scope, target_ids: [id.wabaId] })),
      user_id: '100000000000001',
    },
  };
}

export interface AppSubscriptionState {
  callbackUrl: string;
  fields: string[];
  active: boolean;
}

export function appSubscriptionsData(
  sub: AppSubscriptionState | undefined,
  apiVersion: string,
): Record<string, unknown> {
  return {
    data: sub
      ? [
          {
            object: 'whatsapp_business_account',
            callback_url: sub.callbackUrl,
            active: sub.active,
            fields: sub.fields.map((name) => ({ name, version: apiVersion })),
          },
        ]
      : [],
  };
}

export function subscribedAppsData(id: Identity, subscribed: boolean): Record<string, unknown> {
  return {
    data: subscribed
      ? [
          {
            whatsapp_business_api_data: {
              link: `https://www.facebook.com/games/?app_id=${id.appId}`,
              name: 'Local WhatsApp',
              id: id.appId,
            },
          },
        ]
      : [],
  };
}

/** Graph lists end with cursors; local lists are one page. */
export function page<T>(data: T[]): { data: T[]; paging: { cursors: { before: string; after: string } } } {
  return { data, paging: { cursors: { before: 'QVFIUmxtY0ZA', after: 'QVFIUmxtY0ZA' } } };
}
