/**
 * Shapes of the Graph API answers doctor reads (reference/meta-webhooks.md §5), and the outcome type the
 * Graph client returns, so the pure diagnosis rules can judge them without doing any I/O.
 */

/** A Graph error object (`{"error":{…}}`), or a transport failure that never reached Graph. */
export type GraphFailure =
  | { kind: 'graph'; httpStatus: number; code?: number; subcode?: number; type?: string; message: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; message: string };

export type GraphOutcome<T> = { ok: true; data: T } | { ok: false; error: GraphFailure };

export interface DebugTokenData {
  app_id?: string;
  type?: string;
  application?: string;
  expires_at?: number;
  data_access_expires_at?: number;
  issued_at?: number;
  is_valid?: boolean;
  scopes?: string[];
  granular_scopes?: Array<{ scope: string; target_ids?: Array<string | number> }>;
  error?: { code?: number; subcode?: number; message?: string };
}

export interface WebhookConfiguration {
  phone_number?: string;
  whatsapp_business_account?: string;
  application?: string;
}

export interface PhoneNumberData {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  code_verification_status?: string;
  platform_type?: string;
  webhook_configuration?: WebhookConfiguration;
}

/**
 * GET /{phone-number-id}?fields=… beyond the basics. Shapes: Meta's WhatsApp Business Phone Number reference
 * (name_status, code_verification_status, quality_rating), About the platform (platform_type, throughput.level),
 * Onboarding business app users (is_on_biz_app), WhatsApp Account Number reference (status, account_mode,
 * messaging_limit_tier, is_official_business_account). Enum values are kept as strings: Meta adds new ones.
 */
export interface PhoneNumberDetails {
  id: string;
  /** CONNECTED once registered; PENDING before POST /{id}/register; FLAGGED, RESTRICTED, RATE_LIMITED, … */
  status?: string;
  /** APPROVED, AVAILABLE_WITHOUT_REVIEW, PENDING_REVIEW, DECLINED, EXPIRED, NONE */
  name_status?: string;
  /** LIVE or SANDBOX (a test number). */
  account_mode?: string;
  /** TIER_50 … TIER_UNLIMITED; since v24 the business portfolio's limit. */
  messaging_limit_tier?: string;
  throughput?: { level?: string };
  /** The number is also used in the WhatsApp Business app (coexistence). */
  is_on_biz_app?: boolean;
  is_official_business_account?: boolean;
}

/** GET /{waba-id}?fields=name,account_review_status,business_verification_status (WABA reference). */
export interface WabaData {
  id: string;
  name?: string;
  /** APPROVED, PENDING, REJECTED, DEFERRED (account_review_update webhook). */
  account_review_status?: string;
  /** VERIFIED, UNVERIFIED, … */
  business_verification_status?: string;
}

export interface SubscribedApp {
  whatsapp_business_api_data?: { id?: string; link?: string; name?: string };
  override_callback_uri?: string;
}

export interface AppSubscription {
  object: string;
  callback_url?: string;
  active?: boolean;
  fields?: Array<{ name: string; version?: string }>;
}

export interface GraphList<T> {
  data: T[];
}

/** Every valid WhatsApp webhook field; event knowledge lives in src/events/fields.ts. */
export { WHATSAPP_FIELDS } from '../events/fields.js';

/** Fields guides tell people to subscribe to that WhatsApp does not have (§4), with where the data really is. */
export const NOT_WHATSAPP_FIELDS: Readonly<Record<string, string>> = {
  message_status: 'statuses arrive in the `messages` field as value.statuses[]',
  message_reactions: 'a Messenger/Instagram field; WhatsApp reactions arrive in `messages` as type "reaction"',
  message_deliveries: 'a Messenger field; WhatsApp delivery receipts arrive in `messages` as value.statuses[]',
  message_reads: 'a Messenger field; WhatsApp read receipts arrive in `messages` as value.statuses[]',
};

/** Describes a failure in one line, branching on code/subcode (never on the text, per §5). */
export function describeGraphFailure(error: GraphFailure): string {
  if (error.kind !== 'graph')
    return error.kind === 'timeout'
      ? `no answer from the Graph API (${error.message})`
      : `cannot reach the Graph API (${error.message})`;
  const code =
    error.code !== undefined ? ` (#${error.code}${error.subcode !== undefined ? `/${error.subcode}` : ''})` : '';
  return `Graph API error${code}: ${error.message}`;
}

export function isTokenError(error: GraphFailure): boolean {
  return error.kind === 'graph' && error.code === 190;
}

export function isUnknownObject(error: GraphFailure): boolean {
  return (
    error.kind === 'graph' &&
    error.code === 100 &&
    (error.subcode === 33 || error.subcode === undefined) &&
    !isAppSecretProofRequired(error) &&
    !wrongNodeType(error)
  );
}

/**
 * "API calls from the server require an appsecret_proof argument" (#100, GraphMethodException): the app has
 * Require App Secret on. Code 100 has no subcode here, so only the text tells it from "does not exist".
 */
export function isAppSecretProofRequired(error: GraphFailure): boolean {
  return error.kind === 'graph' && error.code === 100 && /appsecret_proof/i.test(error.message);
}

/**
 * The node type Graph names when an edge or field does not exist on the id given: "(#100) Tried accessing
 * nonexisting field (phone_numbers) on node type (Business)" — an id of the wrong kind, not a missing one.
 */
export function wrongNodeType(error: GraphFailure): string | undefined {
  if (error.kind !== 'graph' || error.code !== 100) return undefined;
  return /on node type \(([A-Za-z]+)\)/.exec(error.message)?.[1];
}

/** Graph's rate limits (error codes page): 4 app-level calls, 80007 WABA-level calls, 130429 message throughput. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 80007, 130429]);

export function isRateLimit(error: GraphFailure): boolean {
  return error.kind === 'graph' && error.code !== undefined && RATE_LIMIT_CODES.has(error.code);
}

export function isPermissionError(error: GraphFailure): boolean {
  return (
    error.kind === 'graph' &&
    error.code !== undefined &&
    (error.code === 10 || (error.code >= 200 && error.code <= 299))
  );
}
