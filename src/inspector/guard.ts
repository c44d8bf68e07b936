/**
 * DNS-rebinding and cross-site defence for the loopback inspector: a page on evil.example that makes
 * its name resolve to 127.0.0.1 still sends `Host: evil.example:4040`, and a cross-site fetch carries
 * its own `Origin`. Only our own address and port pass; everything else gets 403 (and no CORS headers).
 */
export function allowedInspectorHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedInspectorRequest(headers: { host?: string; origin?: string }, port: number): boolean {
  const allowed = allowedInspectorHosts(port);
  const host = headers.host?.trim().toLowerCase();
  if (!host || !allowed.includes(host)) return false;
  const origin = headers.origin?.trim().toLowerCase();
  if (origin === undefined) return true;
  // A present Origin must be exactly ours; "null" (sandboxed frames, file://) is refused too.
  return allowed.some((h) => origin === `http://${h}`);
}
