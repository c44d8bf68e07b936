/**
 * `up --register`: once a public callback URL has passed the self-test, point Meta at it — subscribe the
 * app to the WABA and set the app's webhook (callback URL + verify token + `messages`) — the same safe
 * fixes as `doctor --fix`. Runs again whenever the URL changes, so a quick tunnel's new URL reaches Meta.
 */
import type { LoadedConfig } from '../config/resolve.js';
import { checkVerifyToken } from '../config/secret-shapes.js';
import type { UpEvent, WarningEvent } from './events.js';

export type Registrar = (callbackUrl: string, signal: AbortSignal) => Promise<void>;

/** Why registration cannot work, or undefined when it can. */
export function registerRefusal(options: {
  values: LoadedConfig['values'];
  verifyToken?: string;
  hasPublicSide: boolean;
}): Omit<WarningEvent, 'type' | 'source'> | undefined {
  const { values: v, verifyToken } = options;
  if (!options.hasPublicSide)
    return {
      message: '--register: there is no public URL to register (--tunnel none)',
      hint: 'drop --tunnel none, or give --public-url',
    };
  const missing = [
    v.appId ? undefined : 'WHATSAPP_APP_ID',
    v.appSecret ? undefined : 'WHATSAPP_APP_SECRET',
    verifyToken ? undefined : 'WHATSAPP_VERIFY_TOKEN',
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0)
    return {
      message: `--register: cannot update Meta without ${missing.join(', ')}`,
      hint: 'run `wa-hook init` to add them to .env',
    };
  const tokenProblem = checkVerifyToken(verifyToken).find((p) => p.severity === 'fail');
  // Registering it would write the mistake into Meta's dashboard too (the setup guide's EAA… token).
  if (tokenProblem)
    return {
      message: `--register: not registering: the verify token ${tokenProblem.message}`,
      hint: 'set a random WHATSAPP_VERIFY_TOKEN (`wa-hook init` makes one)',
    };
  return undefined;
}

/** The registrar: each call reports what Meta answered as a `register` event. */
export function createRegistrar(options: {
  values: LoadedConfig['values'];
  env: NodeJS.ProcessEnv;
  verifyToken: string;
  emit: (event: UpEvent) => void;
}): Registrar {
  const { values: v, verifyToken } = options;
  return async (callbackUrl, signal) => {
    const { registerCallback, subscribeAppToWaba } = await import('../graph/meta-setup-io.js');
    const setup = { config: v, env: options.env, signal };
    // Subscribing the app to the WABA is what makes real messages flow; it needs the access token.
    const subscribed = v.wabaId && v.accessToken ? await subscribeAppToWaba(setup) : undefined;
    const registered = await registerCallback({ ...setup, callbackUrl, verifyToken });
    options.emit({
      type: 'register',
      callbackUrl,
      ok: registered.ok && subscribed?.ok !== false,
      subscribedApp: subscribed,
      webhook: registered,
    });
  };
}
