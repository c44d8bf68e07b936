/**
 * The headers of one webhook delivery, as Meta sends them (reference/meta-webhooks.md §2). No SHA-1
 * `X-Hub-Signature`: the reference does not confirm Meta still sends it.
 */
export const META_CONTENT_TYPE = 'application/json';
export const META_USER_AGENT = 'facebookexternalua';

/** Header names in Meta's capitalisation; `X-Hub-Signature-256` only when there is a signature. */
export function deliveryHeaders(signature: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': META_CONTENT_TYPE, 'User-Agent': META_USER_AGENT };
  if (signature !== undefined) headers['X-Hub-Signature-256'] = signature;
  return headers;
}
