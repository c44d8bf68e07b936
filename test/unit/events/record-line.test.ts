import { describe, expect, it } from 'vitest';
import {
  decodeRecordLine,
  decodeRecordPieces,
  encodeRecord,
  idTime,
  parseRecordLine,
} from '../../../src/events/record/line.js';
import { REFUSED_BODY_LIMIT, newEventId, storedBody } from '../../../src/events/record/fields.js';
import type { EventRecord } from '../../../src/events/record/record.js';

const base = (extra: Partial<EventRecord> = {}): EventRecord => ({
  id: newEventId(),
  receivedAt: '2026-07-01T09:00:00.000Z',
  kind: 'event',
  method: 'POST',
  url: '/webhook',
  headers: { 'content-type': 'application/json', body: 'a header named body', 'x-q': '"},"kind":"x' },
  status: 200,
  signature: 'valid',
  ...extra,
});

/** The line the writer puts on disk for this record. */
function lineOf(record: EventRecord, json?: Buffer): Buffer {
  const e = encodeRecord(record, json);
  return e.body ? Buffer.concat([Buffer.from(e.head), e.body, Buffer.from('}')]) : Buffer.from(e.head);
}

// Meta escapes non-ASCII as \uXXXX and / as \/: the exact bytes must come back, not a re-serialization.
const META = Buffer.from('{"object":"whatsapp_business_account","entry":[{"text":"caf\\u00e9 \\/ \\"q\\""}]}');

describe('event log line format', () => {
  it('stores a JSON body verbatim (no second escaping) and gives back its exact bytes', () => {
    const stored = storedBody(META, { json: true });
    const line = lineOf(base(stored.fields), stored.json);
    expect(line.includes(META)).toBe(true);
    expect(line.length).toBeLessThan(META.length + 400);
    const record = decodeRecordLine(line)!;
    expect(Buffer.from(record.body!, 'utf8').equals(META)).toBe(true);
    expect(record.headers.body).toBe('a header named body');
    // Still one JSON object per line: jq and any JSONL reader keep working.
    expect((JSON.parse(line.toString()) as { bodyJson: unknown }).bodyJson).toEqual(JSON.parse(META.toString()));
  });

  it('rejects every torn prefix of a framed line (a crash mid-write is skipped, never misread)', () => {
    const stored = storedBody(META, { json: true });
    const line = lineOf(base(stored.fields), stored.json);
    for (let cut = 1; cut < line.length; cut++) expect(decodeRecordLine(line.subarray(0, cut))).toBeUndefined();
  });

  it('reads the old format (body escaped as a string, or base64)', () => {
    const old = base({ body: META.toString() });
    expect(parseRecordLine(JSON.stringify(old))).toEqual(old);
    const b64 = base({ kind: 'rejected', bodyBase64: 'AAE=' });
    expect(parseRecordLine(JSON.stringify(b64))).toEqual(b64);
  });

  it('decodes lines of MiBs from their pieces, without joining them, body on demand (plain and framed)', () => {
    const split = (line: Buffer) =>
      Array.from({ length: Math.ceil(line.length / 65536) }, (_, k) => line.subarray(k * 65536, (k + 1) * 65536));
    const body = '\u0001'.repeat(500_000);
    const old = base({ kind: 'rejected', status: 401, reason: 'signature-missing', body });
    const line = Buffer.from(JSON.stringify(old));
    const record = decodeRecordPieces(split(line), line.length)!;
    expect(record).toMatchObject({ kind: 'rejected', status: 401, reason: 'signature-missing' });
    expect(record.headers['x-q']).toBe('"},"kind":"x');
    expect(record.body).toBe(body);
    const forwarded = { ...old, forward: { target: 'http://127.0.0.1:3000/webhook', status: 500, ms: 2 } };
    const line2 = Buffer.from(JSON.stringify(forwarded));
    expect(decodeRecordPieces(split(line2), line2.length)).toEqual(forwarded);

    const raw = Buffer.from(JSON.stringify({ a: 'é'.repeat(1_000_000) }));
    const stored = storedBody(raw, { json: true });
    const framed = lineOf(base(stored.fields), stored.json);
    expect(decodeRecordPieces(split(framed), framed.length)!.body).toBe(raw.toString());
    expect(decodeRecordPieces(split(framed).slice(0, -1), framed.length - 1)).toBeUndefined();
  });

  it('a pretty-printed (multi-line) JSON body is stored escaped, on one line', () => {
    const pretty = Buffer.from('{\n  "a": 1\n}');
    const stored = storedBody(pretty, { json: true });
    const line = lineOf(base(stored.fields), stored.json);
    expect(line.includes(0x0a)).toBe(false);
    expect(decodeRecordLine(line)!.body).toBe(pretty.toString());
  });

  it('ids carry their time; a non-id has none', () => {
    expect(idTime(newEventId(1_780_000_000_123))).toBe(1_780_000_000_123);
    expect(idTime('evt_nope')).toBeUndefined();
  });
});

describe('storedBody: what a record keeps of a body', () => {
  it('a refused body keeps its first 64 KiB and the byte count; control bytes go base64 (not 6× escapes)', () => {
    const junk = Buffer.alloc(12 * 1024 * 1024, 1);
    const { fields, json } = storedBody(junk, { refused: true });
    expect(json).toBeUndefined();
    expect(fields.bodySize).toBe(junk.length);
    expect(Buffer.from(fields.bodyBase64!, 'base64').equals(junk.subarray(0, REFUSED_BODY_LIMIT))).toBe(true);
    expect(fields.bodyBase64!.length).toBeLessThanOrEqual(Math.ceil(REFUSED_BODY_LIMIT / 3) * 4);
  });

  it('a refused text body stays text, cut at a character boundary', () => {
    const text = Buffer.from('é'.repeat(40_000)); // 80,000 bytes
    const { fields } = storedBody(text, { refused: true });
    expect(fields.body).toBe('é'.repeat(REFUSED_BODY_LIMIT / 2));
    expect(fields.bodySize).toBe(80_000);
  });

  it('an accepted body is kept whole, whatever its size', () => {
    const big = Buffer.from(JSON.stringify({ a: 'x'.repeat(200_000) }));
    const { fields, json } = storedBody(big, { json: true, utf8: true });
    expect(json).toBe(big);
    expect(fields.bodySize).toBeUndefined();
    expect(fields.body!.length).toBe(big.length);
  });
});

describe('a log line whose fields have the wrong types', () => {
  it('is kept as an unreadable record naming the bad fields, never handed on as a sound one', () => {
    const good = {
      id: 'evt_mabc001a1b2c3',
      receivedAt: '2026-11-30T20:00:00.000Z',
      kind: 'event',
      method: 'POST',
      url: '/webhook',
      headers: {},
      status: 200,
      signature: 'valid',
    };
    const line = (value: unknown) => Buffer.from(JSON.stringify(value));
    expect(decodeRecordLine(line(good))).toEqual(good);
    const unreadable = (detail: string) => ({
      id: good.id,
      receivedAt: good.receivedAt,
      reason: 'unreadable-line',
      detail,
      status: 0,
      headers: {},
    });
    expect(decodeRecordLine(line({ ...good, status: '200' }))).toEqual(
      expect.objectContaining(unreadable('wrong type: status')),
    );
    expect(decodeRecordLine(line({ ...good, headers: undefined }))).toEqual(
      expect.objectContaining(unreadable('fields missing')),
    );
    expect(decodeRecordLine(line({ ...good, body: { text: 'hi' } }))).toEqual(
      expect.objectContaining(unreadable('wrong type: body')),
    );
    // A kind this version does not know is skipped, like a foreign line; so is a line without an id.
    expect(decodeRecordLine(line({ ...good, kind: 'email' }))).toBeUndefined();
    expect(decodeRecordLine(line({ ...good, id: 7 }))).toBeUndefined();
    // A reason code a newer wa-hook wrote is still a record.
    expect(decodeRecordLine(line({ ...good, reason: 'some-future-reason' }))).toMatchObject({
      reason: 'some-future-reason',
    });
  });
});
