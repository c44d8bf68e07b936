/* global MutationObserver */
// The inspector's Phone with 5,000 messages in one chat: how long from the bot's Graph call until its new bubble
// is in the page (and painted), measured in headless chromium (Debian's, as the tests use) against the real
// `wa-hook up --local`. Target: a new bubble within 100 ms of the Graph call.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { median } from '../lib/rounds.mjs';
import { absoluteLine, infoLine } from '../lib/table.mjs';

const CLI = fileURLToPath(new URL('../../bin/wa-hook.js', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MESSAGES = Number(process.env.BENCH_PHONE_MESSAGES ?? 5_000);
const PARALLEL = 16;
const PROBES = 30;
const CUSTOMER = '16505551234';

/** `wa-hook up --local` in its own folder, forwarding to a sink that answers 200; its ready and local lines. */
async function startUp(dir, sinkUrl) {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'up',
      '--local',
      '--tunnel',
      'none',
      '--port',
      '0',
      '--graph-port',
      '0',
      '--inspect-port',
      '0',
      '--forward-to',
      sinkUrl,
      '--json',
      '--show-token',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
  const found = await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const ready = lines().find((l) => l.type === 'ready');
      const local = lines().find((l) => l.type === 'local');
      if (ready && local) resolve({ ready, local });
    });
    child.on('exit', (code) => reject(new Error(`up exited (${code}): ${err.slice(-500)}`)));
  });
  return {
    ...found,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export async function phoneLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-phone-'));
  const sink = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
  await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  const up = await startUp(dir, `http://127.0.0.1:${sink.address().port}/webhook`);
  const { graphUrl, phoneNumberId, accessToken } = up.local;
  process.stderr.write(`  phone: up --local ready (${graphUrl}); filling the chat\n`);
  const inspector = new URL(up.ready.inspectorUrl);
  const token = new URLSearchParams(inspector.hash.slice(1)).get('token');
  const profile = await mkdtemp(join(tmpdir(), 'wa-hook-bench-chromium-'));
  let context;
  try {
    const send = async (text) => {
      const res = await fetch(`${graphUrl}/v24.0/${phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: text } }),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`Graph send refused: ${JSON.stringify(json)}`);
      return json.messages[0].id;
    };
    // The customer writes first (the 24-hour window), then the bot fills the chat.
    const wrote = await fetch(`${inspector.origin}/api/phone/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wa-hook-token': token },
      body: JSON.stringify({ from: CUSTOMER, type: 'text', text: 'hi' }),
    });
    if (!wrote.ok) throw new Error(`phone send: ${wrote.status}`);
    const fillStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < MESSAGES - 1) await send(`filler ${next++} — a bot message with some length to it`);
      }),
    );
    const fillMs = performance.now() - fillStarted;
    process.stderr.write(`  phone: ${MESSAGES - 1} bot messages sent in ${Math.round(fillMs)} ms; opening the page\n`);

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 760 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = await context.newPage();
    const openStarted = performance.now();
    await page.goto(inspector.href);
    await page.waitForFunction((n) => document.querySelectorAll('#phone-chat .bubble').length >= n, MESSAGES, {
      timeout: 120_000,
    });
    const openMs = performance.now() - openStarted;
    // Opening the chat read its 4,999 bot messages: measure once their read statuses have all come back.
    const readStarted = performance.now();
    await page.waitForFunction(
      (n) => document.querySelectorAll('#phone-chat .tick[data-tick="read"]').length >= n,
      MESSAGES - 1,
      { timeout: 600_000, polling: 1000 },
    );
    const readAllMs = performance.now() - readStarted;
    process.stderr.write(
      `  phone: chat open in ${Math.round(openMs)} ms, all read in ${Math.round(readAllMs)} ms; probing\n`,
    );
    // Each new bubble: the wall-clock time it was inserted and the next frame after it (painted).
    await page.evaluate(() => {
      window.__bubbles = new Map();
      new MutationObserver((records) => {
        const at = Date.now();
        for (const r of records)
          for (const node of r.addedNodes)
            if (node.dataset?.id) {
              const seen = { inserted: at };
              window.__bubbles.set(node.dataset.id, seen);
              requestAnimationFrame(() => (seen.painted = Date.now()));
            }
      }).observe(document.getElementById('phone-chat'), { childList: true });
    });
    const inserted = [];
    const painted = [];
    for (let i = 0; i < PROBES; i++) {
      const t0 = Date.now();
      const wamid = await send(`probe ${i}`);
      const seen = await page.waitForFunction(
        (id) => window.__bubbles.get(id)?.painted && window.__bubbles.get(id),
        wamid,
        {
          timeout: 10_000,
          polling: 'raf',
        },
      );
      const { inserted: at, painted: paintedAt } = await seen.jsonValue();
      inserted.push(at - t0);
      painted.push(paintedAt - t0);
    }
    const shown = await page.evaluate(() => document.querySelectorAll('#phone-chat .bubble').length);
    const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1];
    return {
      lines: [
        absoluteLine(
          `phone: new bubble after the Graph call, ${MESSAGES.toLocaleString('en-US')} in the chat (median ms)`,
          median(painted),
          {
            below: 100,
            unit: ' ms',
          },
        ),
        infoLine(
          'phone: bubble timings',
          `in the DOM median ${median(inserted)} ms, painted median ${median(painted)} ms, p95 ${p95(painted)} ms; ` +
            `opening the chat ${Math.round(openMs)} ms (its ${MESSAGES - 1} reads ${Math.round(readAllMs / 1000)} s); ${shown} bubbles; filling ${MESSAGES - 1} sends ${Math.round(fillMs)} ms`,
        ),
      ],
      details: { inserted, painted, openMs, readAllMs, fillMs, shown },
    };
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await up.stop();
    await new Promise((r) => sink.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}
