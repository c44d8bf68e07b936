/**
 * The headers of one webhook delivery, as Meta sends them. No SHA-1
 * `X-Hub-Signature`: Meta's current docs do not confirm it is still sent.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
export const META_CONTENT_TYPE = 'application/json';
export const META_USER_AGENT = 'facebookexternalua';

/** Header names in Meta's capitalisation; `X-Hub-Signature-256` only when there is a signature. */
export function deliveryHeaders(signature: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': META_CONTENT_TYPE, 'User-Agent': META_USER_AGENT };
  if (signature !== undefined) headers['X-Hub-Signature-256'] = signature;
  return headers;
}
