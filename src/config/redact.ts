/**
 * Secrets are shown as their first 4 characters and an ellipsis: enough to tell two tokens apart
 * ("EAAG…" vs "wa_t…"), never enough to use one.
 */
export function maskSecret(value: string | undefined): string {
  if (value === undefined || value === '') return '(not set)';
  if (value.length <= 4) return '…';
  return `${value.slice(0, 4)}…`;
}

/** Replaces every occurrence of each secret in a text with its masked form (for logs and errors). */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  const sorted = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 6)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(maskSecret(secret));
  return out;
}
