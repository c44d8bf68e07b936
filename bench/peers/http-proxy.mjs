#!/usr/bin/env node
// node-http-proxy (`http-proxy`) with a keep-alive agent, recording one JSON line per exchange (group
// commit) once the backend's answer has been relayed; the request body is collected as it streams through.
import { Agent, createServer } from 'node:http';
import httpProxy from 'http-proxy';
import { flags, openLog, ready } from './common.mjs';

const target = new URL(flags.target);
const append = openLog(undefined, true);
const proxy = httpProxy.createProxyServer({
  target: target.href,
  ignorePath: true,
  agent: new Agent({ keepAlive: true, maxSockets: 256 }),
});
proxy.on('error', (error, _req, res) => res.writeHead?.(502).end(String(error.code ?? error.message)));

const server = createServer((req, res) => {
  const chunks = [];
  const started = performance.now();
  req.on('data', (chunk) => chunks.push(chunk));
  res.on('finish', () => {
    const line = JSON.stringify({
      at: new Date().toISOString(),
      method: req.method,
      url: req.url,
      status: res.statusCode,
      ms: performance.now() - started,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    append(line, () => {});
  });
  proxy.web(req, res);
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => ready(server));
