/**
 * How long a webhook's acknowledgement may take. Meta's request to the callback times out after about 20 s; it
 * then counts the delivery as failed and sends it again, so a bot that did its work before answering sees a
 * duplicate (double replies). Measured here without Meta's network and the tunnel, which add to it, the warning
 * comes well before the timeout: at 5 s unless `--slow-ms` says otherwise. Pure: no I/O.
 * Source: https://developers.facebook.com/documentation/business-messaging/whatsapp/calling/faq ("Our https
 * request to your webhook server timed out after ~20s … We retry sending this webhook"), and
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview#webhook-delivery-failure
 * (anything but 200 is retried, for up to 7 days).
 */

/** Meta's request timeout for a webhook delivery (about 20 s, per Meta's Calling FAQ). */
export const META_ACK_TIMEOUT_MS = 20_000;

/** Default: slower than this is worth a warning (`send-sample --slow-ms`, `up --slow-ms`); doctor fails it. */
export const SLOW_ACK_MS = 5_000;

/** What to aim for: doctor warns above it (the handler should only acknowledge, then work). */
export const ACK_AIM_MS = 1_000;

/** The fix for every slow acknowledgement. */
export const SLOW_ACK_HINT =
  'Meta retries what it does not see acknowledged within about 20 s (a duplicate, double replies): answer 200 first, then do the work';

export interface SlowAck {
  ms: number;
  /** The threshold it was judged against. */
  slowMs: number;
  /** Meta would have timed out already: the delivery counts as failed and comes again. */
  pastTimeout: boolean;
  message: string;
  hint: string;
}

/** undefined: fast enough. Otherwise what to say about an answer that took `ms`. */
export function judgeAckTime(ms: number, slowMs: number = SLOW_ACK_MS): SlowAck | undefined {
  if (!(ms > slowMs)) return undefined;
  const took = `${Math.round(ms)} ms`;
  const pastTimeout = ms >= META_ACK_TIMEOUT_MS;
  return {
    ms,
    slowMs,
    pastTimeout,
    message: pastTimeout
      ? `acknowledged after ${took}: Meta gives up after about 20 s and sends the event again`
      : `slow acknowledgement: ${took} (over ${slowMs} ms)`,
    hint: SLOW_ACK_HINT,
  };
}
