/**
 * How many echo replies the bot may send: at most `limit` in any rolling window of `windowMs`. The bot
 * spends the user's Graph API quota and messages real people, so even signed traffic (a loop between two
 * bots, a burst of test sends) must not turn into an unbounded stream of messages. The clock is injected.
 */
export interface ReplyLimiter {
  /** True when a reply may go now (and counts it); `firstRefusal` once per run of refusals, to say it once. */
  take(): { ok: true } | { ok: false; firstRefusal: boolean };
}

export const ECHO_REPLIES_PER_MINUTE = 10;

export function createReplyLimiter(
  now: () => number,
  limit = ECHO_REPLIES_PER_MINUTE,
  windowMs = 60_000,
): ReplyLimiter {
  const sent: number[] = [];
  let refusing = false;
  return {
    take() {
      const t = now();
      while ((sent[0] ?? Number.POSITIVE_INFINITY) <= t - windowMs) sent.shift();
      if (sent.length < limit) {
        sent.push(t);
        refusing = false;
        return { ok: true };
      }
      const firstRefusal = !refusing;
      refusing = true;
      return { ok: false, firstRefusal };
    },
  };
}
