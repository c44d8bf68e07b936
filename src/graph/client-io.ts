import type { Dispatcher } from 'undici';
import { httpRequest, proxyDispatcher } from '../http/client-io.js';
import { redactSecrets } from '../config/redact.js';
import { DEFAULT_GRAPH_URL } from '../config/resolve.js';
import {
  isAppSubscriptionList,
  isDebugToken,
  isNumberList,
  isPhoneNumber,
  isPhoneNumberDetails,
  isSubscribedAppList,
  isSuccess,
  isWaba,
  type Shape,
} from './shapes.js';
import type {
  AppSubscription,
  DebugTokenData,
  GraphFailure,
  GraphList,
  GraphOutcome,
  PhoneNumberData,
  PhoneNumberDetails,
  SubscribedApp,
  WabaData,
} from './types.js';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com/v24.0 (config graphUrl / WA_HOOK_GRAPH_URL). */
  baseUrl: string;
  /** Tests and callers may inject one; default honours HTTP(S)_PROXY / NO_PROXY from `env`. */
  dispatcher?: Dispatcher;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Secrets to mask in any error text that could echo them (URLs with input_token, proxy errors). */
  secrets?: ReadonlyArray<string | undefined>;
}

export interface CallOptions {
  token: string;
  query?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded, like Meta's curl samples. */
  form?: Record<string, string>;
  json?: unknown;
}

/** What a call expects back (shapes.ts): a 2xx answer of another shape is a failure, not a lying value. */
export interface ShapedCall<T> extends CallOptions {
  shape: Shape<T>;
}

const MAX_BODY = 1_000_000;

/** Thin Graph API client: typed outcomes, never throws for HTTP or network trouble, never leaks a token. */
export class GraphClient {
  private readonly base: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  // close() aborts calls in flight: Ctrl-C on `up --echo` must not wait for a Graph call that hangs.
  private readonly stop = new AbortController();

  constructor(private readonly opts: GraphClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher = opts.dispatcher ?? proxyDispatcher(opts.env ?? {});
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** Aborts calls in flight and drops the connections this client opened (a hung proxy must not keep the process alive). */
  async close(): Promise<void> {
    this.stop.abort();
    if (this.ownsDispatcher) await this.dispatcher.destroy().catch(() => undefined);
  }

  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, options: ShapedCall<T>): Promise<GraphOutcome<T>> {
    const url = new URL(`${this.base}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const signal = this.opts.signal ? AbortSignal.any([this.stop.signal, this.opts.signal]) : this.stop.signal;
    const secrets = [
      options.token,
      ...(this.opts.secrets ?? []),
      ...Object.values(options.form ?? {}),
      ...Object.values(options.query ?? {}),
    ];
    const clean = (text: string) => redactSecrets(text, secrets);
    const res = await httpRequest(url, {
      method,
      headers,
      body,
      signal,
      timeoutMs: this.timeoutMs,
      dispatcher: this.dispatcher,
      maxBodyBytes: MAX_BODY,
    });
    if (!res.ok) {
      if (res.error.kind === 'timeout')
        return {
          ok: false,
          error: { kind: 'timeout', message: `${method} ${clean(url.pathname)} took longer than ${this.timeoutMs} ms` },
        };
      return {
        ok: false,
        error: { kind: 'network', message: clean(`${url.host}: ${res.error.code || res.error.message}`) },
      };
    }
    const parsed = res.truncated ? undefined : parseJson(res.body);
    if (res.status >= 200 && res.status < 300 && isObject(parsed) && !parsed.error) {
      if (options.shape(parsed)) return { ok: true, data: parsed };
      const message = `${method} ${clean(url.pathname)} answered ${res.status} with an unexpected shape: ${clean(res.body.slice(0, 200))}`;
      return { ok: false, error: { kind: 'graph', httpStatus: res.status, message } };
    }
    return { ok: false, error: toGraphFailure(res.status, parsed, res.body, clean) };
  }

  /** Token introspection; `viaToken` is the app token APP_ID|APP_SECRET when known, else the token itself. */
  debugToken(inputToken: string, viaToken: string): Promise<GraphOutcome<{ data: DebugTokenData }>> {
    return this.call('GET', 'debug_token', {
      token: viaToken,
      query: { input_token: inputToken },
      shape: isDebugToken,
    });
  }

  phoneNumber(phoneNumberId: string, token: string): Promise<GraphOutcome<PhoneNumberData>> {
    const fields =
      'display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,webhook_configuration';
    return this.call('GET', encodeURIComponent(phoneNumberId), { token, query: { fields }, shape: isPhoneNumber });
  }

  /**
   * The newer fields, asked apart from phoneNumber(): Graph refuses a whole request (#100) when one field
   * does not exist on the API version in use, and the basic check must not depend on these.
   */
  phoneNumberDetails(phoneNumberId: string, token: string): Promise<GraphOutcome<PhoneNumberDetails>> {
    const fields =
      'status,name_status,account_mode,messaging_limit_tier,throughput,is_on_biz_app,is_official_business_account';
    return this.call('GET', encodeURIComponent(phoneNumberId), {
      token,
      query: { fields },
      shape: isPhoneNumberDetails,
    });
  }

  waba(wabaId: string, token: string): Promise<GraphOutcome<WabaData>> {
    const fields = 'name,account_review_status,business_verification_status';
    return this.call('GET', encodeURIComponent(wabaId), { token, query: { fields }, shape: isWaba });
  }

  wabaPhoneNumbers(
    wabaId: string,
    token: string,
  ): Promise<GraphOutcome<GraphList<{ id: string; display_phone_number?: string }>>> {
    return this.call('GET', `${encodeURIComponent(wabaId)}/phone_numbers`, { token, shape: isNumberList });
  }

  subscribedApps(wabaId: string, token: string): Promise<GraphOutcome<GraphList<SubscribedApp>>> {
    return this.call('GET', `${encodeURIComponent(wabaId)}/subscribed_apps`, { token, shape: isSubscribedAppList });
  }

  /** Subscribes the token's app to the WABA (no body): what makes real messages flow (Meta: webhooks/override, "subscribed_apps"). */
  subscribeApp(wabaId: string, token: string): Promise<GraphOutcome<{ success: boolean | string }>> {
    return this.call('POST', `${encodeURIComponent(wabaId)}/subscribed_apps`, { token, shape: isSuccess });
  }

  appSubscriptions(appId: string, appToken: string): Promise<GraphOutcome<GraphList<AppSubscription>>> {
    return this.call('GET', `${encodeURIComponent(appId)}/subscriptions`, {
      token: appToken,
      shape: isAppSubscriptionList,
    });
  }

  /** Meta performs the verification GET against callbackUrl before answering. */
  setAppSubscription(
    appId: string,
    appToken: string,
    sub: { callbackUrl: string; verifyToken: string; fields: string[] },
  ): Promise<GraphOutcome<{ success: boolean | string }>> {
    return this.call('POST', `${encodeURIComponent(appId)}/subscriptions`, {
      token: appToken,
      shape: isSuccess,
      form: {
        object: 'whatsapp_business_account',
        callback_url: sub.callbackUrl,
        verify_token: sub.verifyToken,
        fields: sub.fields.join(','),
      },
    });
  }
}

export function appAccessToken(appId: string, appSecret: string): string {
  return `${appId}|${appSecret}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toGraphFailure(status: number, parsed: unknown, text: string, clean: (s: string) => string): GraphFailure {
  const e = isObject(parsed) ? parsed.error : undefined;
  if (isObject(e)) {
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    return {
      kind: 'graph',
      httpStatus: status,
      code: num(e.code),
      subcode: num(e.error_subcode),
      type: typeof e.type === 'string' ? e.type : undefined,
      message: clean(typeof e.message === 'string' ? e.message : 'unknown error'),
    };
  }
  return {
    kind: 'graph',
    httpStatus: status,
    message: clean(`HTTP ${status}: ${text.slice(0, 200).trim() || 'empty body'}`),
  };
}

/** The secrets a Graph client must never echo, and where it points: one place for doctor, --fix/--register and the echo bot. */
export interface GraphConfig {
  graphUrl?: string;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
}

/** A client on the configured base URL (default Meta's) that masks every configured secret in its errors. */
export function graphClientFor(
  config: GraphConfig,
  options: {
    env?: Readonly<Record<string, string | undefined>>;
    signal?: AbortSignal;
    extraSecrets?: ReadonlyArray<string | undefined>;
  } = {},
): GraphClient {
  return new GraphClient({
    baseUrl: config.graphUrl ?? DEFAULT_GRAPH_URL,
    env: options.env,
    signal: options.signal,
    secrets: [config.accessToken, config.appSecret, config.verifyToken, ...(options.extraSecrets ?? [])],
  });
}
