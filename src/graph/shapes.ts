/**
 * What a 2xx Graph answer must look like before the client hands it on typed: small checks of the fields the
 * rules and the bot read (Meta adds fields and enum values freely, so only the ones we use are checked). An
 * answer that fails its shape becomes a Graph failure instead of a value that lies about its type.
 */
import type {
  AppSubscription,
  DebugTokenData,
  GraphList,
  PhoneNumberData,
  PhoneNumberDetails,
  SubscribedApp,
  WabaData,
} from './types.js';
import type { TemplateDef } from '../local-meta/rules/types.js';
import { isTemplateDef } from '../local-meta/rules/template/template-def.js';
import { isRecord as isObject } from '../json-narrow.js';

type Json = Record<string, unknown>;
export type Shape<T> = (value: Json) => value is Json & T;

const optional = (v: unknown, type: 'string' | 'boolean' | 'number') => v === undefined || typeof v === type;
const strings = (v: Json, keys: string[]) => keys.every((k) => optional(v[k], 'string'));

export const isNode = (v: Json): v is Json & { id: string } => typeof v.id === 'string';

export const isPhoneNumber: Shape<PhoneNumberData> = (v): v is Json & PhoneNumberData =>
  isNode(v) &&
  strings(v, [
    'display_phone_number',
    'verified_name',
    'quality_rating',
    'code_verification_status',
    'platform_type',
  ]) &&
  (v.webhook_configuration === undefined || isObject(v.webhook_configuration));

export const isPhoneNumberDetails: Shape<PhoneNumberDetails> = (v): v is Json & PhoneNumberDetails =>
  isNode(v) &&
  strings(v, ['status', 'name_status', 'account_mode', 'messaging_limit_tier']) &&
  (v.throughput === undefined || isObject(v.throughput)) &&
  optional(v.is_on_biz_app, 'boolean') &&
  optional(v.is_official_business_account, 'boolean');

export const isWaba: Shape<WabaData> = (v): v is Json & WabaData =>
  isNode(v) && strings(v, ['name', 'account_review_status', 'business_verification_status']);

export const isDebugToken: Shape<{ data: DebugTokenData }> = (v): v is Json & { data: DebugTokenData } =>
  isObject(v.data) &&
  strings(v.data, ['app_id', 'type', 'application']) &&
  optional(v.data.expires_at, 'number') &&
  optional(v.data.is_valid, 'boolean') &&
  (v.data.scopes === undefined || (Array.isArray(v.data.scopes) && v.data.scopes.every((s) => typeof s === 'string')));

/** `{data: [...]}` whose items are objects passing `item`. */
export function listOf<T>(item: (v: Json) => boolean): Shape<GraphList<T>> {
  return (v): v is Json & GraphList<T> => Array.isArray(v.data) && v.data.every((d) => isObject(d) && item(d));
}

export const isNumberList = listOf<{ id: string; display_phone_number?: string }>(
  (d) => isNode(d) && strings(d, ['display_phone_number']),
);
export const isSubscribedAppList = listOf<SubscribedApp>(
  (d) =>
    (d.whatsapp_business_api_data === undefined || isObject(d.whatsapp_business_api_data)) &&
    strings(d, ['override_callback_uri']),
);
export const isAppSubscriptionList = listOf<AppSubscription>(
  (d) =>
    typeof d.object === 'string' && strings(d, ['callback_url']) && (d.fields === undefined || Array.isArray(d.fields)),
);

export const isSuccess: Shape<{ success: boolean | string }> = (v): v is Json & { success: boolean | string } =>
  typeof v.success === 'boolean' || typeof v.success === 'string';

/** Any JSON object: for answers only relayed or shown, never read field by field. */
export const anyObject = (v: Json): v is Json => isObject(v);

/** A page of GET /{waba-id}/message_templates: Meta's template objects and the cursor to the next page. */
export const isTemplatePage = (v: Json): v is Json & TemplatePage =>
  listOf<TemplateDef>(isTemplateDef)(v) && (v.paging === undefined || isObject(v.paging));

export interface TemplatePage {
  data: TemplateDef[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** The answer to POST /{phone-number-id}/messages (a send, or marking a message read). */
export const isMessagesAnswer = (v: Json): v is Json & { messages?: Array<{ id?: string }>; success?: boolean } =>
  (v.messages === undefined || (Array.isArray(v.messages) && v.messages.every(isObject))) &&
  optional(v.success, 'boolean');
