import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventRecord } from '../../src/events/record/record.js';

/** An accepted, signed POST as the receiver records it (no body unless `extra` gives one). */
export function eventRecord(extra: Partial<EventRecord> = {}): EventRecord {
  return {
    id: 'evt_mabc001a1b2c3',
    receivedAt: '2026-11-30T20:00:00.000Z',
    method: 'POST',
    url: '/webhook',
    headers: {},
    kind: 'event',
    status: 200,
    signature: 'valid',
    ...extra,
  };
}

/**
 * Meta's envelope around one change, as every webhook POST carries it (keys in Meta's order, ASCII JSON).
 * `entryId` is the WABA id; Meta's own examples use 102290129340398, short tests 1.
 */
export function webhookBody(value: unknown, { field = 'messages', entryId = '1' } = {}): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: entryId, changes: [{ field, value }] }] });
}

/** Meta-style text message body (ASCII wire JSON), independent of src/. */
export function textBody(from: string, text: string, id = `wamid.${from}`): string {
  return webhookBody(
    {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
      contacts: [{ profile: { name: 'Sheena' }, wa_id: from }],
      messages: [{ from, id, timestamp: '1749416383', type: 'text', text: { body: text } }],
    },
    { entryId: '102290129340398' },
  );
}

function imageBody(from: string): string {
  return webhookBody({
    messaging_product: 'whatsapp',
    metadata: { phone_number_id: '106540352242922' },
    messages: [
      {
        from,
        id: 'wamid.img',
        timestamp: '1',
        type: 'image',
        image: { caption: 'pic', mime_type: 'image/jpeg', id: '2725' },
      },
    ],
  });
}

/** A `delivered` status of an outgoing message, as Meta posts it. */
export function deliveredStatusBody(id = 'wamid.out', phoneNumberId = '106540352242922'): string {
  return webhookBody({
    messaging_product: 'whatsapp',
    metadata: { phone_number_id: phoneNumberId },
    statuses: [{ id, status: 'delivered', timestamp: '1', recipient_id: '16505551234' }],
  });
}

export const BASE_TIME = Date.UTC(2026, 0, 1, 0, 0, 0);

/**
 * Record number i of a generated log: one per second from BASE_TIME; every 10th an image from
 * 4915100000000+i, then a status, a verification, a rejected POST, and texts from 16505551234.
 */
export function generatedRecord(i: number): Record<string, unknown> {
  const receivedAt = new Date(BASE_TIME + i * 1000).toISOString();
  // The writer's id shape (time in base36, sequence, random hex): lookups by id rely on the time in it.
  const id = `evt_${(BASE_TIME + i * 1000).toString(36)}000${i.toString(16).padStart(6, '0')}`;
  const base = {
    id,
    receivedAt,
    method: 'POST',
    url: '/webhook',
    headers: { 'content-type': 'application/json' },
    status: 200,
    signature: 'valid',
  };
  switch (i % 10) {
    case 0:
      return { ...base, kind: 'event', body: imageBody(String(4915100000000 + i)) };
    case 1:
      return { ...base, kind: 'event', body: deliveredStatusBody() };
    case 2:
      return {
        ...base,
        kind: 'verification',
        method: 'GET',
        url: '/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=tok_…',
        status: 200,
        signature: 'unchecked',
      };
    case 3:
      return {
        ...base,
        kind: 'rejected',
        status: 401,
        signature: 'invalid',
        reason: 'signature-mismatch',
        body: textBody('16505551234', `bad ${i}`),
      };
    default:
      return { ...base, kind: 'event', body: textBody('16505551234', `message ${i}`) };
  }
}

/** Writes `count` generated records to <dir>/.wa-hook/events.jsonl; `tail` is appended raw (e.g. a torn line). */
export async function writeGeneratedLog(dir: string, count: number, tail = ''): Promise<string> {
  const path = join(dir, '.wa-hook', 'events.jsonl');
  await mkdir(join(dir, '.wa-hook'), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify(generatedRecord(i)));
  await writeFile(path, `${lines.join('\n')}\n${tail}`);
  return path;
}
