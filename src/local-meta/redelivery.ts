/**
 * Meta resends a webhook its endpoint did not take: "If a webhook request to your endpoint receives an HTTP status
 * code other than 200, or if the webhook cannot be delivered for another reason, delivery is retried with
 * decreasing frequency until the request succeeds, for up to 7 days" (WhatsApp Cloud API, Set up webhooks →
 * Webhook delivery failure; Graph API's webhooks page: "we will retry immediately, then … with decreasing
 * frequency"). Local WhatsApp does the same, on the scale of a local session, so a bot that answers 500 or
 * takes too long sees the duplicates it must ignore (dedupe on the wamid, statuses on id + status).
 */

/** Waits before each resend, after the first failed delivery: at once, then less and less often. */
export const REDELIVERY_DELAYS_MS: readonly number[] = [
  0,
  10_000,
  60_000,
  5 * 60_000,
  15 * 60_000,
  60 * 60_000,
  ...Array.from({ length: 7 * 24 - 1 }, () => 60 * 60_000),
];

/** Resends waiting at once at most; past it a new failure is given up at once (a bot down for hours, a flood). */
export const MAX_PENDING_REDELIVERIES = 10_000;

/** Only a 200 is a delivery: another status (even 2xx), a timeout or no connection gets resent. */
export function delivered(answer: { status?: number }): boolean {
  return answer.status === 200;
}
