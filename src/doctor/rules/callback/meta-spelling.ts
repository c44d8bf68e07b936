/**
 * How Meta spells a callback URL when it calls it. Meta reads the URL as form-encoded and writes it back: a
 * literal `+` becomes a space (%20) — in the path too (chatwoot/chatwoot#14738: `/webhooks/whatsapp/+<number>`
 * arrived as `/webhooks/whatsapp/%20<number>`) — and characters a URL may not carry raw are percent-encoded.
 * Percent-encoded characters (`%2B`) pass through unchanged, so that is how to spell them.
 */
const UNRESERVED = /[A-Za-z0-9\-._~]/;

function encodeWith(text: string, keep: string): string {
  let out = '';
  for (const ch of text) {
    if (UNRESERVED.test(ch) || keep.includes(ch)) out += ch;
    else
      out += [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text.replace(/\+/g, ' ');
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Path segment characters kept as they are (RFC 3986 pchar, without `+`, which Meta reads as a space). */
const PATH_KEEP = "!$&'()*,;=:@";
/** Query characters kept inside a name or value (not `&`, `=`, `+`, which carry meaning). */
const QUERY_KEEP = "!$'()*,;:@/?";

/** The raw path and query of a URL, as typed (WHATWG URL would already re-encode some of it). */
function splitRaw(url: string): { origin: string; path: string; query: string } | undefined {
  const [, origin, path, query] = /^(https?:\/\/[^/?#]+)([^?#]*)(?:\?([^#]*))?/i.exec(url.trim()) ?? [];
  return origin ? { origin, path: path || '/', query: query ?? '' } : undefined;
}

function rebuild(url: string, segment: (s: string) => string, component: (s: string) => string): string | undefined {
  const raw = splitRaw(url);
  if (!raw) return undefined;
  const path = raw.path.split('/').map(segment).join('/');
  const query = raw.query
    ? `?${raw.query
        .split('&')
        .map((pair) => pair.split('=').map(component).join('='))
        .join('&')}`
    : '';
  return `${raw.origin}${path}${query}`;
}

/** The URL Meta requests for this callback URL. */
export function metaSpelling(url: string): string | undefined {
  return rebuild(
    url,
    (s) => encodeWith(formDecode(s), PATH_KEEP),
    (s) => encodeWith(formDecode(s), QUERY_KEEP),
  );
}

/** The same URL spelled so Meta changes nothing: `+` as %2B, raw spaces and other unsafe characters encoded. */
export function safeSpelling(url: string): string | undefined {
  return rebuild(
    url,
    (s) => encodeWith(safeDecode(s), PATH_KEEP),
    (s) => encodeWith(safeDecode(s.replace(/\+/g, '%2B')), QUERY_KEEP),
  );
}

/** What Meta changes, in a few words: "`+` becomes a space", "a raw space is encoded"… */
export function metaChanges(url: string): string[] {
  const raw = splitRaw(url);
  if (!raw) return [];
  const out: string[] = [];
  if (raw.path.includes('+')) out.push('`+` in the path becomes a space (%20)');
  if (raw.query.includes('+')) out.push('`+` in the query becomes a space');

  if (/[^\x21-\x7e]|["<>\\^`{|}]/.test(raw.path + raw.query))
    out.push('characters a URL may not carry raw are percent-encoded');
  return out;
}
