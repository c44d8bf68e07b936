import type { Rule } from '../../types.js';
import { fail, needPublicUrl, ok, warn } from '../helpers.js';
import { metaChanges, metaSpelling, safeSpelling } from './meta-spelling.js';

export const META_ENCODING_RULE: Rule = {
  id: 'public.meta-encoding',
  group: 'public',
  title: 'URL survives Meta’s encoding',
  detects:
    'characters Meta changes in the callback URL (`+` becomes a space, raw characters get encoded): doctor sends the handshake spelled as Meta sends ' +
    'it and says how to spell the URL',
  check: needPublicUrl((p) => {
    const changes = metaChanges(p.url);
    const asMeta = metaSpelling(p.url);
    const written = (() => {
      try {
        return new URL(p.url).toString();
      } catch {
        return p.url;
      }
    })();
    // A raw space is %20 for everyone: only a difference from the URL as any client sends it matters.
    if (changes.length === 0 || !asMeta || asMeta === written) return ok('no character Meta would change');
    const spelled = p.metaSpelled;
    const safe = safeSpelling(p.url) ?? p.url;
    const fix =
      `register it as ${safe} (percent-encoded characters such as %2B reach your server ` +
      `unchanged)${changes[0]?.startsWith('`+` in the path') ? ', or use a path without `+`' : ''}`;
    if (!spelled?.handshake) return warn(`Meta changes this URL: ${changes.join('; ')}`, fix);
    const path = (u: string) => u.replace(/^https?:\/\/[^/]+/i, '');
    const asSent = `Meta requests ${path(spelled.url)} for ${path(p.url)} (${changes.join('; ')})`;
    if (spelled.handshake.verdict.ok) return ok(`${asSent}, and your server answers that too`);
    const asWritten = p.handshake?.verdict.ok ? ' while the URL as written gets 200' : '';
    return fail(
      `${asSent}: your server answers that with ${spelled.handshake.status ?? spelled.handshake.verdict.message}${asWritten}`,
      fix,
    );
  }),
};
