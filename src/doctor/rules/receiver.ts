import type { DoctorFacts, HttpExchange, ReceiverFacts, Rule, Verdict } from '../types.js';
import { fail, ok, skip, warn } from './helpers.js';
import { RECEIVER_PATH_VARIANT_RULE } from './callback/path-variant.js';
import { ACK_AIM_MS, SLOW_ACK_MS } from '../../events/ack-time.js';

/** Warn above what to aim for, fail where send-sample and `up` warn: the figures and their source are in ack-time.ts. */
export const ACK_WARN_MS = ACK_AIM_MS;
export const ACK_FAIL_MS = SLOW_ACK_MS;

function needReceiver(check: (r: ReceiverFacts, facts: DoctorFacts) => Verdict): (facts: DoctorFacts) => Verdict {
  return (facts) => {
    const r = facts.receiver;
    if (!r) return skip('local receiver not checked');
    if (!r.listening.ok) return skip('nothing listening');
    return check(r, facts);
  };
}

function statusText(x: HttpExchange | undefined): string {
  if (!x) return 'not sent';
  return x.status !== undefined ? `${x.status}` : (x.error ?? 'no answer');
}

export const RECEIVER_RULES: Rule[] = [
  {
    id: 'receiver.listening',
    group: 'receiver',
    title: 'receiver listening',
    detects: 'nothing listening on the local port (receiver down, wrong port, or listening on ::1 only)',
    check: (facts) => {
      const r = facts.receiver;
      if (!r) return skip('local receiver not checked');
      const where = (() => {
        try {
          return new URL(r.url).host;
        } catch {
          return r.url;
        }
      })();
      if (r.listening.ok) return ok(`something answers on ${where}`);
      if (r.listening.ipv6Only) {
        return fail(
          `nothing on ${where}, but the port answers on ::1: the server listens on IPv6 localhost only, and tunnels dial 127.0.0.1`,
          'make the server listen on 127.0.0.1 (or 0.0.0.0), e.g. app.listen(PORT, "127.0.0.1")',
        );
      }
      const text = `nothing listening on ${where} (${r.listening.error ?? 'refused'})`;
      const fix = 'start the receiver (`wa-hook up`), or fix PORT to the port your server really uses';
      // A running `up` that does not answer is broken; with only --url the receiver may live elsewhere;
      // with neither, the user is probably checking the setup before starting anything.
      if (facts.up) return fail(text, fix);
      if (facts.config.urlFlag) return skip(`${text}: checking --url only`);
      return warn(text, fix);
    },
  },
  RECEIVER_PATH_VARIANT_RULE,
  {
    id: 'receiver.handshake',
    group: 'receiver',
    // A handshake that another spelling of the path answers is that path mismatch, said once.
    follows: ['receiver.path-variant'],
    title: 'local handshake',
    detects:
      "the receiver does not answer Meta's verification GET with 200 + the bare challenge (token mismatch, wrong path, JSON body, redirect)",
    check: needReceiver((r) => {
      if (!r.handshake) return skip('no verify token to test with');
      const v = r.handshake.verdict;
      return v.ok
        ? ok(v.message)
        : fail(`${r.url}: ${v.message}`, v.hint ?? 'answer hub.challenge with 200 when the token matches');
    }),
  },
  {
    id: 'receiver.wrong-token',
    group: 'receiver',
    title: 'wrong verify token refused',
    detects: 'the receiver accepts any verify token (anyone can point a subscription at it)',
    check: needReceiver((r) => {
      const h = r.handshake;
      if (!h || h.wrongTokenStatus === null) return skip('no verify token to test with');
      if (h.wrongTokenAccepted)
        return warn(
          'a wrong verify token also gets 200 + challenge',
          'compare hub.verify_token with your token and answer 403 when it differs',
        );
      if (h.wrongTokenRefused) return ok(`a wrong token gets ${h.wrongTokenStatus}`);
      // A 502 from a proxy or `up --forward-to` whose backend is down is not a refusal: nothing was checked.
      if (!h.verdict.ok) return skip(`a wrong token got ${h.wrongTokenStatus}: not tested while the handshake fails`);
      return warn(
        `a wrong verify token got ${h.wrongTokenStatus}, not a refusal`,
        'answer 403 when hub.verify_token differs from your token (not an error page)',
      );
    }),
  },
  {
    id: 'receiver.signed-event',
    group: 'receiver',
    title: 'signed status event accepted',
    detects:
      "a correctly signed event refused (receiver uses another app's secret) or a crash on status events (code that assumes messages[0])",
    check: needReceiver((r) => {
      const x = r.plainEvent;
      if (!x) return skip('not sent');
      const what = r.signed ? 'a correctly signed status event' : 'an unsigned status event (no app secret here)';
      if (x.status === 200) return ok(`${what} got 200`);
      if (x.status === undefined)
        return fail(`${what}: ${x.error ?? 'no answer'}`, 'answer POSTs on the callback path with 200 right away');
      // The receiver is wa-hook's own `up` (not forwarding): its HMAC is right, its App Secret is an older one.
      if ((x.status === 401 || x.status === 403) && r.upSecret === 'other') {
        return fail(
          `${what} got ${x.status}: the running \`wa-hook up\` checks signatures with another App Secret than .env's`,
          'restart `wa-hook up` (it started before .env had this secret)',
        );
      }
      if (x.status === 401 || x.status === 403) {
        return r.signed
          ? fail(
              `${what} got ${x.status}: the receiver checks signatures with a different key`,
              "give the receiver this app's App Secret (App settings → Basic), and hash the raw body",
            )
          : fail(
              `${what} got ${x.status}: the receiver requires a signature but doctor has no app secret`,
              'set WHATSAPP_APP_SECRET so doctor can sign its test events',
            );
      }
      if (x.status >= 500)
        return fail(
          `${what} got ${x.status}: the receiver crashes on events without messages[]`,
          'guard every level: value.messages may be absent (statuses[], errors[]); loop entry[], changes[]',
        );
      if (x.status >= 200 && x.status < 300) return warn(`${what} got ${x.status}; Meta expects 200`, 'answer 200');
      const verdict = fail(
        `${what} got ${x.status}: Meta will retry it for days`,
        'answer 200 to every event you received, even ones you ignore',
      );
      // The GET on the same path got the same 404/405: one wrong path or route, not two problems.
      return r.handshake?.status === x.status ? { ...verdict, after: 'receiver.handshake' } : verdict;
    }),
  },
  {
    id: 'receiver.meta-serialization',
    group: 'receiver',
    title: 'signature over the raw bytes',
    detects:
      'signatures fail only for events with accents, emoji or `/`: the receiver hashes re-serialized JSON instead of the raw body',
    check: needReceiver((r) => {
      if (!r.signed) return skip('no app secret: signatures not tested');
      if (r.plainEvent?.status !== 200 || !r.metaStyleEvent) return skip('needs the plain signed event to pass first');
      const s = r.metaStyleEvent.status;
      if (s === 200) return ok("an event with é, emoji and \\/ (Meta's escaping) got 200");
      if (s === 401 || s === 403) {
        return fail(
          `an event serialized like Meta's (é → \\u00e9, / → \\/) got ${s} while a plain one got 200: the receiver hashes re-serialized JSON`,
          'compute the HMAC over the raw request bytes, before any JSON parsing (e.g. express.raw / req.rawBody)',
        );
      }
      return fail(
        `an event with non-ASCII text got ${statusText(r.metaStyleEvent)}`,
        'accept any valid JSON body and answer 200',
      );
    }),
  },
  {
    id: 'receiver.bad-signature',
    group: 'receiver',
    title: 'bad signature refused',
    detects: 'the receiver accepts events with a wrong X-Hub-Signature-256 (signatures not checked)',
    check: needReceiver((r) => {
      if (!r.signed || !r.badSignature) return skip('no app secret: signatures not tested');
      const s = r.badSignature.status;
      if (s === 200 || (s !== undefined && s >= 200 && s < 300))
        return warn(
          `an event with a wrong signature got ${s}: signatures are not checked`,
          'verify X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the App Secret) and answer 401/403 on mismatch',
        );
      return ok(`a wrong signature gets ${statusText(r.badSignature)}`);
    }),
  },
  {
    id: 'receiver.ack-time',
    group: 'receiver',
    title: 'events acknowledged fast',
    detects: 'slow acknowledgement (work done before answering 200 → Meta times out and retries → duplicates)',
    check: needReceiver((r) => {
      const x = r.plainEvent;
      if (!x || x.status === undefined) return skip('no answer to time');
      const ms = Math.round(x.ms);
      if (x.ms > ACK_FAIL_MS)
        return fail(
          `answered in ${ms} ms: Meta times out after about 20 s and resends (duplicates, double replies)`,
          'answer 200 first, then do the work; dedupe on the message id (wamid)',
        );
      if (x.ms > ACK_WARN_MS) return warn(`answered in ${ms} ms (aim for < 1 s)`, 'answer 200 first, then do the work');
      return ok(`answered in ${ms} ms`);
    }),
  },
];
