/**
 * The Graph API base receives the access token and `APP_ID|APP_SECRET`. A cloned project's `.env` must not
 * be able to point it elsewhere, so it comes only from --graph-url or the process environment (never from
 * `.env`); it must be https unless it is this machine (a local stand-in), and any other host that is not
 * Meta's is announced on every run.
 */
const META_GRAPH_HOST = /^graph(?:-video)?\.(?:facebook|beta\.facebook)\.com$/;
const LOOPBACK_HOST = /^(?:127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i;

export interface GraphBaseVerdict {
  /** Refuse to run: the reason, for a usage error. */
  error?: string;
  /** Run, but say loudly where the credentials go. */
  warning?: string;
}

export function judgeGraphBase(raw: string, source: string | undefined): GraphBaseVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `invalid Graph API URL "${raw}" (from ${source})` };
  }
  const loopback = LOOPBACK_HOST.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return {
      error: `refusing Graph API URL "${url.origin}" (from ${source}): the access token and app secret would travel without https`,
    };
  }
  // This machine (a local stand-in, as the tests use): the credentials do not leave it.
  if (META_GRAPH_HOST.test(url.hostname) || loopback) return {};
  return {
    warning: `Graph API calls go to ${url.origin} (from ${source}), NOT Meta: your access token and app secret are sent there`,
  };
}
