import { renderTemplate, type Template, type TemplateVars } from './render.js';
import { toMetaBytes } from './bytes/meta-bytes.js';
import { signBody } from '../verification/signature.js';
import { deliveryHeaders } from './send/delivery-headers.js';
import type { WebhookPayload } from './payload-types.js';
import type { Bytes } from './bytes/bytes.js';
import { isRecord } from '../json-narrow.js';

/** One sample as it would go on the wire: the exact bytes, the headers Meta sends, and the parsed payload. */
export interface RenderedSample {
  name: string;
  body: Bytes;
  headers: Record<string, string>;
  payload: WebhookPayload;
}

/** Signs with the app secret, or not at all. */
export function signerFor(appSecret: string | undefined): (body: Bytes) => string | undefined {
  return appSecret === undefined ? () => undefined : (body) => signBody(body, appSecret);
}

/** The envelope every webhook shares (what is inside each change's value is the template's own, held by tests). */
function isWebhookPayload(value: unknown): value is WebhookPayload {
  return (
    isRecord(value) &&
    value.object === 'whatsapp_business_account' &&
    Array.isArray(value.entry) &&
    value.entry.every(
      (e: unknown) =>
        isRecord(e) &&
        typeof e.id === 'string' &&
        Array.isArray(e.changes) &&
        e.changes.every((c) => isRecord(c) && typeof c.field === 'string' && isRecord(c.value)),
    )
  );
}

/** Renders a template with its vars; `sign` gives the X-Hub-Signature-256 value (or none) for the bytes. */
export function renderSampleWith(
  template: Template,
  vars: TemplateVars,
  sign: (body: Bytes) => string | undefined,
): RenderedSample {
  const payload = renderTemplate(template, vars);
  if (!isWebhookPayload(payload))
    throw new Error(
      `template ${template.name} does not render to a webhook ({object, entry: [{id, changes: [{field, value}]}]})`,
    );
  const body = toMetaBytes(payload);
  return { name: template.name, body, headers: deliveryHeaders(sign(body)), payload };
}

/** A fixture folder's README: how the files were made and how to check them. */
export function fixturesReadme(names: readonly string[], how: { signed: boolean; seed?: number }): string {
  const lines = [
    '# WhatsApp webhook fixtures (made by wa-hook)',
    '',
    'Each `NAME.json` holds the exact body bytes Meta would POST to your callback (compact JSON, non-ASCII',
    'escaped as `\\uXXXX`, `/` as `\\/`); `NAME.headers.json` the headers that come with it.',
    how.signed
      ? '`X-Hub-Signature-256` is `sha256=` + the hex HMAC-SHA256 of the body file bytes, keyed with the app secret given to wa-hook.'
      : 'They are unsigned (no `X-Hub-Signature-256`): made with `--unsigned` or without an app secret.',
    how.seed === undefined
      ? 'Ids and timestamps are fresh: re-running wa-hook gives different files.'
      : `Made with \`--seed ${how.seed}\`: re-running the same command gives the same bytes.`,
    '',
    'Feed the body file to your handler byte for byte: parsing and re-serializing it changes the bytes and breaks',
    'the signature. Check a signature yourself, e.g. in a POSIX shell:',
    '',
    '    openssl dgst -sha256 -hmac "$WHATSAPP_APP_SECRET" -hex < text.json',
    '',
    `Samples: ${names.join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}
