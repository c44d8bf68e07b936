#!/usr/bin/env node
// Baseline: the least a node:http webhook endpoint can do — read the whole body, answer 200. No signature
// check, no log. Prints its port on stdout; each line on stdin asks for the requests and connections served.
import { createServer } from 'node:http';

let requests = 0;
let connections = 0;
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 14 });
    res.end('EVENT_RECEIVED');
  });
});
server.keepAliveTimeout = 5_000;
server.on('connection', () => connections++);
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('data', () => process.stdout.write(`${JSON.stringify({ requests, connections })}\n`));
process.stdin.on('end', () => process.exit(0));
