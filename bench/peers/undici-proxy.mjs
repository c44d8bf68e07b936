#!/usr/bin/env node
// A minimal forwarding proxy on undici: node:http in, one keep-alive undici Pool out, the body relayed as
// bytes, the backend's status/headers/body relayed back, one JSON line recorded per exchange (group commit).
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { flags, openLog, ready } from './common.mjs';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'expect']);
const target = new URL(flags.target);
const pool = new Pool(target.origin, { connections: 256 });
const append = openLog(undefined, true);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const body = Buffer.concat(chunks);
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name)) headers[name] = value;
    const started = performance.now();
    try {
      const answer = await pool.request({ path: target.pathname, method: req.method, headers, body });
      const out = Buffer.from(await answer.body.arrayBuffer());
      const line = JSON.stringify({
        at: new Date().toISOString(),
        method: req.method,
        url: req.url,
        status: answer.statusCode,
        ms: performance.now() - started,
        body: body.toString('utf8'),
      });
      append(line, () => {
        const relayed = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP.has(name)) relayed[name] = value;
        res.writeHead(answer.statusCode, { ...relayed, 'content-length': out.length });
        res.end(out);
      });
    } catch (error) {
      res.writeHead(502).end(String(error.code ?? error.message));
    }
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => ready(server));
