/** The inspector URL `up` prints carries the per-session token after `#`; API calls send it (`?token=`). */
export function inspectorToken(inspectorUrl: string): string {
  return new URLSearchParams(new URL(inspectorUrl).hash.slice(1)).get('token') ?? '';
}

/** `/api/…` on the inspector, with the session token in the query. */
export function apiUrl(inspectorUrl: string, path: string): string {
  const url = new URL(path, new URL(inspectorUrl).origin);
  if (!url.searchParams.has('token')) url.searchParams.set('token', inspectorToken(inspectorUrl));
  return url.href;
}
