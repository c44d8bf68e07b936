import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { useUpProject } from '../helpers/up-project.js';
import type { RunningUp } from '../helpers/start-up.js';
import { readLog, sign as signWith } from '../helpers/webhook.js';
import { parseRecordLine } from '../../src/events/record/line.js';

const SECRET = 'fedcba9876543210fedcba9876543210';
const sign = (body: Buffer | string) => signWith(body, SECRET);
const event = (id: string) =>
  `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"id":"${id}","type":"text","text":{"body":"hi"}}]}}]}]}`;

describe('receiver robustness (found by the reliability suite)', () => {
  const project = useUpProject();
  let up: RunningUp | undefined;

  it.each([
    ['a lone 0xff', [0xff]],
    ['a truncated 2-byte sequence', [0xc3, 0x28]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
  ])('refuses a signed body with invalid UTF-8 (%s) with 400 and records its exact bytes', async (_name, bad) => {
    up = await project.start(['--app-secret', SECRET, '--verify-token', 'tok_robust_1']);
    const [head, tail] = event('wamid.UTF8').split('hi');
    const body = Buffer.concat([Buffer.from(head!), Buffer.from(bad), Buffer.from(tail!)]);
    const res = await request(up.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toMatch(/not valid UTF-8/);
    const [record] = await readLog(project.dir);
    expect(record).toMatchObject({ kind: 'rejected', status: 400, signature: 'valid' });
    expect(Buffer.from(record.bodyBase64, 'base64').equals(body)).toBe(true);
  });

  it('starts a fresh line after a torn last line, so the next record stays readable', async () => {
    await mkdir(join(project.dir, '.wa-hook'), { recursive: true });
    const torn = '{"id":"evt_torn","kind":"event","body":"{\\"obj';
    await appendFile(join(project.dir, '.wa-hook', 'events.jsonl'), torn);
    up = await project.start(['--app-secret', SECRET, '--verify-token', 'tok_robust_1']);
    const body = event('wamid.AFTERTORN');
    const res = await request(up.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    const lines = (await readFile(join(project.dir, '.wa-hook', 'events.jsonl'), 'utf8')).split('\n');
    expect(lines[0]).toBe(torn);
    expect(parseRecordLine(lines[1]!)).toMatchObject({ kind: 'event', body });
    expect(lines[2]).toBe('');
  });
});
