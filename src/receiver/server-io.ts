import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../http/listen-io.js';
import { answerHandshake } from '../verification/answer.js';
import type { EventRecord } from '../events/record/record.js';
import { BodyBudget, readBody, type BodyResult } from './read-body-io.js';
import { bodyRefusal, classifySignature } from './refusal.js';
import { storedBody, headerText, headersOf, isoTime, loggableUrl, newEventId } from '../events/record/fields.js';
import type { EventLog } from '../events/log/writer-io.js';
import { writeFailureHint } from '../events/log/messages.js';
import type { Forwarder } from '../forward/relay-io.js';
import { INSTANCE_PATH } from '../state/instance.js';
import { PROBE_HEADER, verifiedProbe } from '../events/probe.js';
import { jsonDepthExceeds } from '../events/json-shape.js';
import { reasonHint, reasonText, type ReasonCode } from '../events/record/reasons.js';
import { errorCode, errorMessage } from '../errors-narrow.js';

export interface ReceiverOptions {
  port: number;
  path: string;
  verifyToken: string;
  /** When set, every POST must carry a valid X-Hub-Signature-256. */
  appSecret?: string;
  log: EventLog;
  /** Forward mode: GET/POST to the path go to the user's backend, which answers them. */
  forwarder?: Forwarder;
  /** The project's probe key: a request whose X-Wa-Hook-Probe mac it checks is recorded as our own (probe.ts). */
  probeKey?: string;
  /** Answered on GET INSTANCE_PATH so other commands can tell this `up` from a reused pid (state/instance.ts). */
  instanceId?: string;
  /** Forward mode: also any method on any path under the callback path (an explicit --forward-subpaths). */
  forwardSubpaths?: boolean;
  /** Request body bytes held at once (default MAX_BYTES_IN_FLIGHT); past it, 503. */
  maxBytesInFlight?: number;
  /** Open connections at most (default MAX_CONNECTIONS); more are closed at once. */
  maxConnections?: number;
  /** Called once a request has been answered and recorded; `payload` is the parsed JSON of accepted events. */
  onRecord?: (record: EventRecord, details: { payload?: unknown; hint?: string }) => void;
}

export interface Receiver {
  server: Server;
  port: number;
  /** Local callback URL, e.g. http://127.0.0.1:8000/webhook */
  url: string;
  close(): Promise<void>;
}

type Outcome = {
  status: number;
  body: string | Buffer;
  /** Flat [name, value, …] list (relayed backend headers). */
  headers?: string[];
  record: Omit<EventRecord, 'id' | 'receivedAt' | 'method' | 'url' | 'headers'>;
  /** The body's bytes when they are JSON: stored verbatim (storedBody). */
  jsonBody?: Buffer;
  payload?: unknown;
  hint?: string;
};

function answer(res: ServerResponse, status: number, body: string | Buffer, headers?: string[]): void {
  const length = String(Buffer.byteLength(body));
  // Relayed backend headers go out as the backend sent them (writeHead accepts a flat [name, value, …] list).
  res.writeHead(
    status,
    headers
      ? [...headers, 'Content-Length', length]
      : {
          'Content-Type': 'text/plain; charset=utf-8',
          // The challenge is echoed from the query string: never let a browser sniff it into HTML.
          'X-Content-Type-Options': 'nosniff',
          'Content-Length': length,
        },
  );
  res.end(body);
}

/** A refused request: its status, the reason in words as the answer's body and the hint, recorded by code. */
function refused(
  status: number,
  reason: ReasonCode,
  signature: EventRecord['signature'],
  extra: { detail?: string; stored?: ReturnType<typeof storedBody>['fields'] } = {},
): Outcome {
  const detail = extra.detail === undefined ? {} : { detail: extra.detail };
  return {
    status,
    body: `${reasonText(reason, extra.detail)}\n`,
    record: { kind: 'rejected', status, signature, reason, ...detail, ...extra.stored },
    hint: reasonHint(reason),
  };
}

/** A parsed payload this small is handed on to the live view; bigger ones are parsed again only if shown. */
const KEEP_PAYLOAD_BYTES = 64 * 1024;

async function handlePost(req: IncomingMessage, options: ReceiverOptions, budget: BodyBudget): Promise<Outcome> {
  const read = await readBody(req, undefined, budget);
  if (!read.ok && read.reason === 'busy') {
    const { status, reason } = bodyRefusal(read.reason);
    return refused(status, reason, 'unchecked');
  }
  try {
    return judgePost(req, read, options);
  } finally {
    if (read.ok) budget.give(read.body.length);
  }
}

function judgePost(req: IncomingMessage, read: BodyResult, options: ReceiverOptions): Outcome {
  if (!read.ok) {
    const { status, reason } = bodyRefusal(read.reason);
    return refused(status, reason, 'unchecked');
  }
  const body = read.body;
  const { signature, check } = classifySignature(
    body,
    headerText(req.headers['x-hub-signature-256']),
    options.appSecret,
  );
  if (check?.ok === false) {
    return refused(401, `signature-${check.reason}`, signature, { stored: storedBody(body, { refused: true }).fields });
  }
  // JSON must be UTF-8 and Meta sends pure ASCII: decoding invalid bytes would silently turn them into U+FFFD and
  // accept a body that is not what was sent. Source: https://www.rfc-editor.org/rfc/rfc8259#section-8.1
  if (!isUtf8(body)) {
    return refused(400, 'not-utf8', signature, { stored: storedBody(body, { refused: true, utf8: false }).fields });
  }
  if (jsonDepthExceeds(body)) {
    return refused(400, 'too-deep', signature, { stored: storedBody(body, { refused: true, utf8: true }).fields });
  }
  const text = body.toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    const stored = storedBody(body, { refused: true, utf8: true, text }).fields;
    return refused(400, 'not-json', signature, { detail: errorMessage(error), stored });
  }
  const stored = storedBody(body, { utf8: true, text, json: true });
  return {
    status: 200,
    body: 'EVENT_RECEIVED',
    record: { kind: 'event', status: 200, signature, ...stored.fields },
    jsonBody: stored.json,
    // Held until the record is on disk: a 4 MiB body of tiny objects is hundreds of MB parsed, times every
    // connection. Small payloads (all of Meta's usual ones) are kept to spare a second parse.
    payload: body.length <= KEEP_PAYLOAD_BYTES ? payload : undefined,
  };
}

function handleGet(url: URL, options: ReceiverOptions): Outcome {
  const result = answerHandshake(url.searchParams, options.verifyToken);
  return {
    status: result.status,
    body: result.body,
    hint: reasonHint(result.reason),
    record: {
      kind: 'verification',
      status: result.status,
      signature: 'unchecked',
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.detail ? { detail: result.detail } : {}),
    },
  };
}

/** `pathUrl`: the callback path as a URL, built once per receiver (only read) for requests to the bare path. */
async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: ReceiverOptions,
  pathUrl: URL,
  budget: BodyBudget,
): Promise<void> {
  const forwarder = options.forwarder;
  // Only Meta's route is exposed by default, forwarded or not: GET/POST to exactly the callback path.
  const wide = forwarder !== undefined && options.forwardSubpaths === true;
  // Meta posts to the bare callback path: build no URL objects (two per request) in that common case,
  // forwarded or not.
  const url = req.url === options.path ? undefined : new URL(req.url ?? '/', 'http://127.0.0.1');
  const onPath =
    url === undefined ||
    url.pathname === options.path ||
    (wide && url.pathname.startsWith(`${options.path.replace(/\/$/, '')}/`));
  if (!onPath) {
    req.resume();
    answer(res, 404, `no webhook here: the callback path is ${options.path}\n`);
    return;
  }
  if (!wide && req.method !== 'GET' && req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'GET, POST');
    answer(res, 405, 'only GET (verification) and POST (events) are accepted\n');
    return;
  }
  const outcome: Outcome = forwarder
    ? await forwarder.forward(req, url ?? pathUrl, options.path)
    : req.method === 'GET'
      ? handleGet(url ?? pathUrl, options)
      : await handlePost(req, options, budget);
  const now = Date.now();
  const record: EventRecord = {
    id: newEventId(now),
    receivedAt: isoTime(now),
    method: req.method ?? 'GET',
    url: url === undefined ? options.path : loggableUrl(url),
    headers: headersOf(req),
    ...outcome.record,
  };
  const probe = verifiedProbe(headerText(req.headers[PROBE_HEADER]), options.probeKey, now);
  if (probe !== undefined) record.probe = probe;
  try {
    // Recorded before answering: a 200 means the event is on disk (kill -9 safe).
    await options.log.append(record, outcome.jsonBody);
  } catch (error) {
    answer(res, 500, 'could not record the event\n');
    const failed: EventRecord = {
      ...record,
      kind: 'rejected',
      status: 500,
      reason: 'not-recorded',
      detail: errorMessage(error),
    };
    options.onRecord?.(failed, { hint: writeFailureHint(errorCode(error)) });
    return;
  }
  if (outcome.status === 413 || outcome.status === 503) res.setHeader('Connection', 'close');
  answer(res, outcome.status, outcome.body, outcome.headers);
  options.onRecord?.(record, { payload: outcome.payload, hint: outcome.hint });
}

/**
 * Far above what Meta (a few parallel deliveries), a tunnel's connection pool or the benchmarks (50) open,
 * and low enough that a flood of idle sockets through the tunnel cannot exhaust file descriptors.
 */
export const MAX_CONNECTIONS = 256;

/**
 * The instance id is for wa-hook's own commands on this machine (state-file-io.ts asks 127.0.0.1:port
 * directly). A tunnel delivers with the public Host and adds forwarding headers: such a request gets the
 * callback-only 404 like any other path, so the README's "only the callback route is exposed" holds.
 */
function isLocalAsk(req: IncomingMessage): boolean {
  const host = req.headers.host?.toLowerCase() ?? '';
  const local = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host);
  const h = req.headers;
  return (
    local && !h['x-forwarded-for'] && !h['cf-connecting-ip'] && !h['cf-ray'] && !h.forwarded && !h['x-forwarded-host']
  );
}

/** Starts the bundled receiver on 127.0.0.1 only (the inspector and state never leave loopback). */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const pathUrl = new URL(options.path, 'http://127.0.0.1');
  const budget = new BodyBudget(options.maxBytesInFlight);
  const server = createServer(
    // Trickling sockets (slowloris) must not hold the MAX_CONNECTIONS slots for long: Meta and the tunnels
    // send a request's head at once and a body in well under 10 s, and node checks these timers only every
    // connectionsCheckingInterval (30 s by default, which let one round of slow sockets shut Meta out ~60 s).
    { requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      if (options.instanceId !== undefined && req.url === INSTANCE_PATH && req.method === 'GET' && isLocalAsk(req)) {
        req.resume();
        answer(res, 200, options.instanceId);
        return;
      }
      route(req, res, options, pathUrl, budget).catch(() => {
        if (!res.headersSent) answer(res, 500, 'internal error\n');
        else res.destroy();
      });
    },
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const port = await listenOnLoopback(server, options.port);
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}${options.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        options.forwarder?.close();
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then every socket goes.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      }),
  };
}
