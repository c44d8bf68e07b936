// `wa-hook test`: a 50-step conversation (25 × say + expect) against a bot that answers at once, played by the
// real runner on a real local WhatsApp; vs the same 25 exchanges done by a bare harness (sign, POST the webhook,
// a plain node:http Graph stand-in that answers a wamid). The difference per step is wa-hook's own overhead.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScript } from '../../dist/conversation/parse-script.js';
import { runScript } from '../../dist/conversation/run-script-io.js';
import { startConversationBot } from '../../test/fixtures/conversation-bot.mjs';
import { median } from '../lib/rounds.mjs';
import { absoluteLine, infoLine } from '../lib/table.mjs';

const EXCHANGES = 25;
const ROUNDS = 5;
const SECRET = 'bench-secret-0123456789';
const IDS = { appSecret: SECRET, accessToken: 'EAABench', phoneNumberId: '100000000000009', wabaId: '100000000000010' };

async function waHookRun(dir) {
  const config = {};
  const bot = await startConversationBot({
    ...IDS,
    get graphBase() {
      return config.graphBase;
    },
  });
  const steps = Array.from(
    { length: EXCHANGES },
    (_, i) => `      - say: m${i}\n      - expect: { text: "You said: m${i}" }\n`,
  ).join('');
  const { script } = parseScript(
    `bot: { url: "${bot.url}" }\nconversations:\n  - name: fifty\n    steps:\n${steps}`,
    'bench.yaml',
    dir,
  );
  // The runner starts local WhatsApp itself; the bot learns its port from the first graph-call-free moment:
  // a fixed free port known before the run.
  const port = await freePort();
  config.graphBase = `http://127.0.0.1:${port}/v24.0`;
  const t0 = performance.now();
  const result = await runScript(script, { cwd: dir, env: process.env, graphPort: port, ...IDS });
  const ms = performance.now() - t0;
  await bot.close();
  if (!result.conversations[0]?.passed) throw new Error(`conversation failed: ${JSON.stringify(result).slice(0, 500)}`);
  return { ms, stepMs: result.conversations[0].steps.map((s) => s.ms) };
}

/** The floor: the same exchanges with nothing but a signed POST and a bare Graph stand-in. */
async function bareRun() {
  let waiting;
  let n = 0;
  const graph = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ messages: [{ id: `wamid.${n++}` }] }));
      waiting?.();
    });
  });
  await new Promise((r) => graph.listen(0, '127.0.0.1', r));
  const bot = await startConversationBot({ ...IDS, graphBase: `http://127.0.0.1:${graph.address().port}/v24.0` });
  const t0 = performance.now();
  for (let i = 0; i < EXCHANGES; i++) {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: { messages: [{ from: '16505551234', id: `wamid.in${i}`, type: 'text', text: { body: `m${i}` } }] },
            },
          ],
        },
      ],
    });
    const replied = new Promise((r) => (waiting = r));
    await fetch(bot.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    await replied;
  }
  const ms = performance.now() - t0;
  await bot.close();
  await new Promise((r) => graph.close(r));
  return ms;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function conversationLines() {
  const dir = mkdtempSync(join(tmpdir(), 'wa-hook-bench-conv-'));
  try {
    const ours = [];
    const bare = [];
    await waHookRun(dir); // warm-up (module loading, template registry)
    for (let i = 0; i < ROUNDS; i++) {
      ours.push((await waHookRun(dir)).ms);
      bare.push(await bareRun());
    }
    const total = median(ours);
    const floor = median(bare);
    const perStep = Math.max(0, (total - floor) / (EXCHANGES * 2));
    return {
      lines: [
        absoluteLine(
          'wa-hook test: 50-step conversation, bot answers at once (ms, whole run incl. start/stop)',
          Math.round(total),
          { below: 3000, unit: ' ms' },
        ),
        absoluteLine(
          "wa-hook test: wa-hook's own overhead per step (ms) vs a bare signed-POST harness",
          +perStep.toFixed(2),
          { below: 20, unit: ' ms' },
        ),
        infoLine('wa-hook test: the bare harness, same 25 exchanges (ms)', String(Math.round(floor))),
      ],
      details: { rounds: ROUNDS, ours, bare },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
