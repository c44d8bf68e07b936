import type { DoctorFacts, HandshakeFacts, PathVariantFacts, Rule, Verdict } from '../../types.js';
import { announcedCallbackUrl, fail, needPublicUrl, ok, skip } from '../helpers.js';
import { describeDifference } from './path-variants.js';

/** A failed handshake that another spelling of the path answers: the route and the registered URL disagree. */
function judge(
  url: string | undefined,
  handshake: HandshakeFacts | undefined,
  variants: PathVariantFacts | undefined,
  register: (path: string) => string,
  whereFix: (path: string) => string,
): Verdict {
  if (!url || !handshake) return skip('no handshake to compare');
  if (handshake.verdict.ok) return ok('the handshake answers on the configured path');
  if (!variants) return skip('the handshake failed for another reason than the path');
  const path = new URL(url).pathname;
  const answering = variants.answering[0];
  if (!answering)
    return skip(
      `no other spelling of ${path} answers either (tried ${variants.tried.length}: ${variants.tried.join(', ')})`,
    );
  return fail(
    `Meta's handshake on ${path} gets ${handshake.status ?? 'no answer'}, but ${answering} (${describeDifference(path, answering)}) answers it with ` +
      `the challenge`,
    `register ${register(answering)} as the callback URL in Meta${whereFix(answering)} — or make the route answer ${path} too`,
  );
}

const publicWith = (facts: DoctorFacts, path: string): string => {
  const base = announcedCallbackUrl(facts) ?? facts.public?.url;
  if (!base) return `your public URL + ${path}`;
  const u = new URL(base);
  u.pathname = path;
  return u.toString();
};

export const RECEIVER_PATH_VARIANT_RULE: Rule = {
  id: 'receiver.path-variant',
  group: 'receiver',
  title: 'callback path spelled as the route',
  detects:
    'the handshake fails on the configured path but answers on another spelling (trailing slash, case, an /api or /webhooks prefix the framework ' +
    'adds): says which one and what to register',
  check: (facts) => {
    const r = facts.receiver;
    if (!r?.listening.ok) return skip('nothing listening');
    return judge(
      r.url,
      r.handshake,
      r.pathVariants,
      (path) => publicWith(facts, path),
      (path) => ` and set WEBHOOK_PATH=${path} in .env`,
    );
  },
};

export const PUBLIC_PATH_VARIANT_RULE: Rule = {
  id: 'public.path-variant',
  group: 'public',
  title: 'public path spelled as the route',
  detects:
    'the handshake through the public URL fails on its path but answers on another spelling (trailing slash, case, /api prefix): says which URL to register',
  follows: ['receiver.path-variant'],
  check: needPublicUrl((p, facts) =>
    judge(
      p.url,
      p.handshake,
      p.pathVariants,
      (path) => publicWith(facts, path),
      () => '',
    ),
  ),
};
