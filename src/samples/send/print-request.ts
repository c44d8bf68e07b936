/**
 * `send-sample --print`: one sample as text a person can paste. Bodies are Meta bytes (pure ASCII), so they
 * print as they are.
 */

/** The request as it would appear on the wire (HTTP/1.1), for a bug report. */
export function httpRequestText(url: string, headers: Record<string, string>, body: Buffer): string {
  const target = new URL(url);
  const lines = [`POST ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${body.length}`, '', body.toString('latin1'));
  return `${lines.join('\r\n')}\n`;
}

/** POSIX shell single quoting: the only character that needs care is the single quote itself. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A ready curl command for a POSIX shell. The body goes through `printf '%s'` on stdin: a heredoc would add a
 * newline, and one extra byte breaks the signature.
 */
export function curlCommand(url: string, headers: Record<string, string>, body: Buffer): string {
  const parts = [`printf '%s' ${shellQuote(body.toString('latin1'))} |`, `  curl -sS -X POST ${shellQuote(url)}`];
  for (const [name, value] of Object.entries(headers)) parts.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  parts.push('  --data-binary @-');
  return `${parts.join(' \\\n')}\n`;
}
