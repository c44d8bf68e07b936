/**
 * `up --register`: once a public callback URL has passed the self-test, point Meta at it — subscribe the
 * app to the WABA and set the app's webhook (callback URL + verify token + `messages`) — the same safe
 * fixes as `doctor --fix`. Runs again whenever the URL changes, so a quick tunnel's new URL reaches Meta.
 */
import type { Ctx } from '../../context.js';
import { checkVerifyToken } from '../../config/secret-shapes.js';
import type { Output } from '../../ui/output-io.js';
import type { LoadedConfig } from '../common.js';

export type Registrar = (callbackUrl: string) => Promise<void>;

/** Returns the registrar, or undefined (after one line saying why) when registration cannot work. */
export function createRegistrar(options: {
  enabled: boolean;
  config: LoadedConfig;
  ctx: Ctx;
  out: Output;
  verifyToken?: string;
  hasPublicSide: boolean;
}): Registrar | undefined {
  const { enabled, config, ctx, out, verifyToken } = options;
  if (!enabled) return undefined;
  const v = config.values;
  const missing = [
    v.appId ? undefined : 'WHATSAPP_APP_ID',
    v.appSecret ? undefined : 'WHATSAPP_APP_SECRET',
    verifyToken ? undefined : 'WHATSAPP_VERIFY_TOKEN',
  ].filter((x): x is string => x !== undefined);
  if (!options.hasPublicSide) {
    out.warn(
      '--register: there is no public URL to register (--tunnel none)',
      'drop --tunnel none, or give --public-url',
    );
    return undefined;
  }
  if (missing.length > 0) {
    out.warn(`--register: cannot update Meta without ${missing.join(', ')}`, 'run `wa-hook init` to add them to .env');
    return undefined;
  }
  const tokenProblem = checkVerifyToken(verifyToken).find((p) => p.severity === 'fail');
  if (tokenProblem) {
    // Registering it would write the mistake into Meta's dashboard too (the setup guide's EAA… token).
    out.warn(
      `--register: not registering: the verify token ${tokenProblem.message}`,
      'set a random WHATSAPP_VERIFY_TOKEN (`wa-hook init` makes one)',
    );
    return undefined;
  }
  return async (callbackUrl) => {
    const { registerCallback, subscribeAppToWaba } = await import('../../graph/meta-setup-io.js');
    const setup = { config: v, env: ctx.env, signal: ctx.signal };
    // Subscribing the app to the WABA is what makes real messages flow; it needs the access token.
    // Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override
    const subscribed = v.wabaId && v.accessToken ? await subscribeAppToWaba(setup) : undefined;
    const registered = await registerCallback({ ...setup, callbackUrl, verifyToken: verifyToken! });
    out.data({
      type: 'register',
      callbackUrl,
      ok: registered.ok && subscribed?.ok !== false,
      subscribedApp: subscribed,
      webhook: registered,
    });
    if (subscribed && !subscribed.ok)
      out.warn(
        `Meta: could not subscribe the app to the WABA: ${subscribed.error}`,
        'run `wa-hook doctor` for the details',
      );
    else if (subscribed) out.ok(`Meta: ${subscribed.detail}`);
    if (!registered.ok)
      out.warn(
        `Meta: could not register the callback URL: ${registered.error}`,
        'run `wa-hook doctor` for the details',
      );
    else out.ok(`Meta: ${registered.detail}`);
  };
}
