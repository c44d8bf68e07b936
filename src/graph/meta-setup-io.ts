import { describeGraphFailure, NOT_WHATSAPP_FIELDS } from './types.js';
import { appAccessToken, graphClientFor, type GraphClient } from './client-io.js';

/**
 * The two safe changes doctor --fix (and `up --register`) make on Meta's side:
 * subscribe the app to the WABA, and point the app's WhatsApp webhook at the current callback URL.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override
 */

export interface MetaConfig {
  graphUrl?: string;
  appId?: string;
  appSecret?: string;
  accessToken?: string;
  wabaId?: string;
}

export type SetupResult = { ok: true; detail: string } | { ok: false; error: string };

export interface SetupOptions {
  config: MetaConfig;
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  graph?: GraphClient;
}

function client(options: SetupOptions, extraSecrets: Array<string | undefined> = []): GraphClient {
  const c = options.config;
  return options.graph ?? graphClientFor(c, { env: options.env, signal: options.signal, extraSecrets });
}

/** POST /{WABA_ID}/subscribed_apps: subscribes the access token's app to the WABA. */
export async function subscribeAppToWaba(options: SetupOptions): Promise<SetupResult> {
  const { wabaId, accessToken } = options.config;
  if (!wabaId || !accessToken)
    return { ok: false, error: 'needs WHATSAPP_BUSINESS_ACCOUNT_ID and WHATSAPP_ACCESS_TOKEN' };
  const graph = client(options);
  const res = await graph.subscribeApp(wabaId, accessToken).finally(() => (options.graph ? undefined : graph.close()));
  return res.ok
    ? { ok: true, detail: `app subscribed to WABA ${wabaId}` }
    : { ok: false, error: describeGraphFailure(res.error) };
}

/**
 * POST /{APP_ID}/subscriptions with the callback URL, verify token and `messages` (plus the WhatsApp
 * fields already subscribed, minus ones that do not exist for WhatsApp). Meta runs the verification
 * handshake against callbackUrl before saving, so the receiver must be up and reachable.
 */
export async function registerCallback(
  options: SetupOptions & { callbackUrl: string; verifyToken: string },
): Promise<SetupResult> {
  const { appId, appSecret } = options.config;
  if (!appId || !appSecret)
    return { ok: false, error: 'needs WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (for the app token)' };
  const graph = client(options, [options.verifyToken]);
  const appToken = appAccessToken(appId, appSecret);
  let fields: string[];
  let res;
  try {
    const current = await graph.appSubscriptions(appId, appToken);
    const existing = current.ok
      ? (current.data.data.find((s) => s.object === 'whatsapp_business_account')?.fields ?? []).map((f) => f.name)
      : [];
    fields = [...new Set(['messages', ...existing.filter((f) => !(f in NOT_WHATSAPP_FIELDS))])];
    res = await graph.setAppSubscription(appId, appToken, {
      callbackUrl: options.callbackUrl,
      verifyToken: options.verifyToken,
      fields,
    });
  } finally {
    if (!options.graph) await graph.close();
  }
  if (!res.ok) return { ok: false, error: describeGraphFailure(res.error) };
  return { ok: true, detail: `webhook set to ${options.callbackUrl} (fields: ${fields.join(', ')})` };
}
