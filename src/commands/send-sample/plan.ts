/**
 * What send-sample is about to send: each planned send builds fresh bytes (new wamid, current
 * timestamp) serialized Meta style, and the signer signs exactly those bytes.
 */
import { resolve } from 'node:path';
import {
  isOutboundTemplate,
  normalizeWaId,
  payloadAsTemplate,
  renderTemplate,
  templatePlaceholders,
  type Template,
} from '../../samples/render.js';
import { toMetaBytes } from '../../samples/bytes/meta-bytes.js';
import { signBody } from '../../verification/signature.js';
import { mayResign, replayRefusal, unverifiedReason } from '../../samples/replay-policy.js';
import { recordBody, type EventRecord } from '../../events/record/record.js';
import { findJsonErrorOffset, placeOf } from '../../samples/json-error.js';
import type { IdFactory } from '../../samples/ids.js';
import { baseVarsFor, freshVars } from '../../samples/sample-vars.js';
import { eventsFilePath, olderThanId, readPage, type Page } from '../../events/log/reader-io.js';
import { readPayloadFile } from '../../samples/templates-io.js';
import { UsageError } from '../../errors.js';
import type { LoadedConfig } from '../common.js';
import { errorReason } from '../../errors-narrow.js';

export type Signing = 'signed' | 'unsigned' | 'bad';

export interface PlannedSend {
  label: string;
  build(): { body: Buffer; wamid?: string };
}

/** Flags that override template values. */
export interface Overrides {
  text?: string;
  from?: string;
  name?: string;
}

export function makeSigner(signing: Signing, secret: string | undefined): (body: Buffer) => string | undefined {
  if (signing === 'unsigned') return () => undefined;
  // A well-formed signature made with the wrong key: receivers must compare, not just check the format.
  if (signing === 'bad') return (body) => signBody(body, `${secret ?? ''}-not-the-app-secret`);
  if (secret === undefined) throw new Error('signing needs the app secret');
  return (body) => signBody(body, secret);
}

/**
 * Static vars for every send: defaults < config (phone number id, WABA id) < template defaults < flags.
 * Returns a function that adds the per-send ids and time.
 */
export function varsFor(config: LoadedConfig, overrides: Overrides): (template: Template) => Record<string, string> {
  let from: string | undefined;
  if (overrides.from !== undefined) {
    from = normalizeWaId(overrides.from);
    if (!from)
      throw new UsageError(
        `--from must be a WhatsApp id (country code and number, digits only), got "${overrides.from}"`,
      );
  }
  const all = {
    text: overrides.text,
    name: overrides.name,
    from,
    phoneNumberId: config.values.phoneNumberId,
    wabaId: config.values.wabaId,
  };
  return (template) => baseVarsFor(template, all);
}

export function sampleSend(
  template: Template,
  baseVars: (t: Template) => Record<string, string>,
  ids: IdFactory,
): PlannedSend {
  const usesWamid = templatePlaceholders(template).includes('wamid');
  const outbound = isOutboundTemplate(template);
  return {
    label: template.name,
    build() {
      const vars = freshVars(baseVars(template), ids, Date.now, outbound);
      return { body: toMetaBytes(renderTemplate(template, vars)), wamid: usesWamid ? vars.wamid : undefined };
    },
  };
}

/** `--file`: parse (pointing at the broken spot), keep Meta's serialization, fill any placeholders. */
export async function fileSend(
  cwd: string,
  file: string,
  baseVars: (t: Template) => Record<string, string>,
  ids: IdFactory,
): Promise<PlannedSend> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readPayloadFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${errorReason(error)}`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // JSON.parse's message may quote the whole text, newlines included: say it in one line ourselves.
    const offset = findJsonErrorOffset(text.replace(/^\uFEFF/, '')) ?? 0;
    const { line, column } = placeOf(text, offset);
    const found = offset >= text.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(text[offset])}`;
    throw new UsageError(`${file} is not valid JSON: ${found} at line ${line}, column ${column} (position ${offset})`, {
      hint: 'fix the payload, or start from a template: `wa-hook send-sample --list`',
    });
  }
  const template = payloadAsTemplate(file, raw);
  const vars = baseVars(template);
  const unknown = templatePlaceholders(template).filter(
    (k) => !(k in vars) && !['wamid', 'context_wamid', 'media_id', 'timestamp', 'timestamp_plus_1d'].includes(k),
  );
  if (unknown.length) {
    throw new UsageError(`${file} uses unknown placeholders: ${unknown.map((k) => `{{${k}}}`).join(', ')}`, {
      hint: `known: ${[...Object.keys(vars), 'wamid', 'context_wamid', 'media_id', 'timestamp'].map((k) => `{{${k}}}`).join(' ')}`,
    });
  }
  return {
    label: `file ${file}`,
    build: () => ({ body: toMetaBytes(renderTemplate(template, freshVars(baseVars(template), ids))) }),
  };
}

/**
 * Finds a recorded request in `.wa-hook/events.jsonl`, reading from the end in chunks (`last` stays fast on
 * a long log): `last` is the newest accepted event, any other value an exact record id. A verification GET
 * has no body to resend: asked for by id, it is refused.
 */
async function findReplayRecord(cwd: string, idOrLast: string): Promise<EventRecord> {
  const path = eventsFilePath(cwd);
  let page: Page;
  try {
    page = await readPage(path, {
      limit: 1,
      mustExist: true,
      match: idOrLast === 'last' ? (r) => r.kind === 'event' : (r) => r.id === idOrLast,
      // An id carries its time: the search ends there instead of reading every rotated file.
      stopAt: idOrLast === 'last' ? undefined : olderThanId(idOrLast),
    });
  } catch (error) {
    throw new UsageError(`no event log to replay from (${path}: ${errorReason(error)})`, {
      hint: 'run `wa-hook up` in this folder and send it something first (e.g. `wa-hook send-sample`)',
      cause: error,
    });
  }
  const record = page.records[0];
  if (!record) {
    throw new UsageError(
      idOrLast === 'last' ? `no accepted event recorded in ${path}` : `no record with id ${idOrLast} in ${path}`,
      {
        hint: 'list the recorded events with `wa-hook events`',
      },
    );
  }
  if (record.kind === 'verification' || record.method !== 'POST') {
    throw new UsageError(`record ${record.id} is a ${record.method} ${record.kind}, not a POST with a body`, {
      hint: 'pick an event id from `wa-hook events`',
    });
  }
  return record;
}

/**
 * `--replay`: the recorded bytes, unchanged; the signature is made fresh only for a record whose signature
 * was verified on arrival. Any other record is sent only with --unsigned (exactly as received): signing it
 * would vouch for bytes anyone could have sent. A record stored cut is refused whatever the signing.
 */
export async function replaySend(
  cwd: string,
  idOrLast: string,
  signing: Signing,
  appSecret: string | undefined,
): Promise<PlannedSend> {
  const record = await findReplayRecord(cwd, idOrLast);
  const refusal = replayRefusal(record);
  if (refusal) throw new UsageError(`record ${record.id} ${refusal.reason}`, { hint: refusal.hint });
  const body = recordBody(record);
  if (signing === 'signed' && !mayResign(record, body, appSecret)) {
    throw new UsageError(
      `record ${record.id} ${unverifiedReason(record)}: wa-hook signs only bytes whose signature it verified`,
      { hint: 'to send it exactly as received, without a signature, add --unsigned' },
    );
  }
  return { label: `replay ${record.id}`, build: () => ({ body }) };
}
