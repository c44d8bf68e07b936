/**
 * The web inspector: a small page on its own loopback-only port (never the receiver's, so a tunnel
 * to the receiver can never expose it), live updates by Server-Sent Events, and a JSON API that pages
 * through `.wa-hook/events.jsonl`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../http/listen-io.js';
import { readdir, readFile } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { EventRecord } from '../events/record/record.js';
import { isAllowedInspectorRequest } from './guard.js';
import { SseHub } from './sse-hub-io.js';
import type { InspectorActions } from './actions-io.js';
import { listEvents, runAction, sendJson, showEvent, toRow } from './api-io.js';
import type { LocalMeta } from '../local-meta/local-meta-io.js';
import { createPhone, type Phone } from './phone-io.js';

/** inspector/ ships next to dist/ (package.json "files"); read at runtime so the build stays `tsc` only. */
export const INSPECTOR_ASSETS = fileURLToPath(new URL('../../inspector/', import.meta.url));

const ASSETS: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};
/** The page's script: small ES modules in inspector/js/, each served as /js/<name>.js. */
const SCRIPTS_DIR = 'js';
const SCRIPT_TYPE = 'text/javascript; charset=utf-8';

// Defence in depth behind textContent: no inline script, no foreign origin, no framing.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Tabs open on one inspector are few; a page that opens streams in a loop must not exhaust sockets. */
const MAX_STREAMS = 32;

function decodeId(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // URIError: e.g. %E0%A4%A
  }
}

/**
 * Every /api/* call needs the per-session token: another account on this machine can reach 127.0.0.1 too,
 * and a cross-site `<img src=…/api/stream>` passes the Host guard. The token travels in the URL `up` prints
 * (after `#`, so the browser never sends it in a request line or Referer) and in the 0600 state.json; the
 * page sends it as X-Wa-Hook-Token (EventSource, which cannot set headers: `?token=`).
 */
export const TOKEN_HEADER = 'x-wa-hook-token';

export function hasSessionToken(header: string | string[] | undefined, query: string | null, token: string): boolean {
  const given = typeof header === 'string' ? header : query;
  return given !== null && safeEqual(given, token);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface InspectorInfo {
  /** Public callback URL once a tunnel is up, else the local one. */
  callbackUrl: string;
  localUrl: string;
  /** Already masked unless --show-token. */
  verifyToken: string;
  tunnel: string;
  signatures: 'checked' | 'unchecked';
  forwardTo?: string;
  echo?: string;
  /** `up --local`: the page offers the Phone view. */
  phone?: boolean;
}

export interface InspectorOptions {
  port: number;
  logPath: string;
  info: InspectorInfo;
  actions: InspectorActions;
  assetsDir?: string;
  /** `up --local`: the Phone view talks to this local WhatsApp (picked files are kept under cwd's .wa-hook/). */
  phone?: { meta: LocalMeta; cwd: string };
  /** `up --slow-ms`: rows of slower forwarded answers are marked (events/ack-time.ts). */
  slowAckMs?: number;
}

export interface Inspector {
  url: string;
  port: number;
  /** The port that was asked for but busy, when another one was picked. */
  busyPort?: number;
  publish(record: EventRecord): void;
  setInfo(patch: Partial<InspectorInfo>): void;
  close(): Promise<void>;
}

async function loadAssets(dir: string): Promise<Map<string, [Buffer, string]>> {
  const assets = new Map<string, [Buffer, string]>();
  for (const [path, [file, type]] of Object.entries(ASSETS)) assets.set(path, [await readFile(join(dir, file)), type]);
  for (const file of await readdir(join(dir, SCRIPTS_DIR))) {
    if (file.endsWith('.js'))
      assets.set(`/${SCRIPTS_DIR}/${file}`, [await readFile(join(dir, SCRIPTS_DIR, file)), SCRIPT_TYPE]);
  }
  return assets;
}

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const assets = await loadAssets(options.assetsDir ?? INSPECTOR_ASSETS);
  const hub = new SseHub();
  // Unguessable per session: only whoever got the printed URL (or reads the 0600 state.json) calls the API.
  const sessionToken = randomBytes(24).toString('base64url');
  let info = { ...options.info, phone: options.phone !== undefined };
  let port = 0;
  const phone: Phone | undefined = options.phone
    ? createPhone({ ...options.phone, publish: (event, data) => hub.send(event, data) })
    : undefined;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isAllowedInspectorRequest({ host: req.headers.host, origin: req.headers.origin }, port)) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Forbidden: the inspector answers only http://127.0.0.1 on its own port\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const asset = assets.get(url.pathname);
    if (req.method === 'GET' && asset) {
      res.writeHead(200, {
        'Content-Type': asset[1],
        'Content-Length': asset[0].length,
        'Cache-Control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(asset[0]);
      return;
    }
    if (
      url.pathname.startsWith('/api/') &&
      !hasSessionToken(req.headers[TOKEN_HEADER], url.searchParams.get('token'), sessionToken)
    ) {
      req.resume();
      return sendJson(res, 401, {
        error: 'open the inspector from the URL `wa-hook up` printed: it carries the session token (#token=…)',
      });
    }
    if (req.method === 'GET' && url.pathname === '/api/info') return sendJson(res, 200, info);
    if (req.method === 'GET' && url.pathname === '/api/samples')
      return sendJson(res, 200, await options.actions.samples());
    if (req.method === 'GET' && url.pathname === '/api/events')
      return listEvents(url, options.logPath, res, options.slowAckMs);
    if (req.method === 'GET' && url.pathname.startsWith('/api/events/')) {
      const id = decodeId(url.pathname.slice(12));
      if (id === undefined) return sendJson(res, 400, { error: 'malformed percent-encoding in the event id' });
      return showEvent(id, options.logPath, res, options.slowAckMs);
    }
    if (req.method === 'GET' && url.pathname === '/api/stream') {
      if (hub.size >= MAX_STREAMS) return sendJson(res, 503, { error: 'too many open inspector streams' });
      return hub.add(res);
    }
    if (phone && (await phone.route(req, res, url))) return;
    if (req.method === 'POST' && url.pathname === '/api/replay') return runAction('replay', req, res, options.actions);
    if (req.method === 'POST' && url.pathname === '/api/send') return runAction('send', req, res, options.actions);
    if (req.method === 'GET' && url.pathname === '/api/scenarios')
      return sendJson(res, 200, await options.actions.scenarios());
    if (req.method === 'POST' && url.pathname === '/api/scenario')
      return runAction('scenario', req, res, options.actions);
    req.resume();
    sendJson(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: error.message });
      else res.destroy();
    });
  });
  let busyPort: number | undefined;
  try {
    port = await listenOnLoopback(server, options.port);
  } catch (error) {
    // The inspector is a convenience: a busy (or forbidden, EACCES) port must not stop `up`.
    if (options.port === 0) throw error;
    busyPort = options.port;
    port = await listenOnLoopback(server, 0);
  }

  return {
    url: `http://127.0.0.1:${port}/#token=${sessionToken}`,
    port,
    busyPort,
    publish: (record) => {
      if (hub.hasClients) hub.send('row', toRow(record, options.slowAckMs));
    },
    setInfo: (patch) => {
      info = { ...info, ...patch };
      hub.send('info', info);
    },
    close: () =>
      new Promise<void>((resolve) => {
        phone?.close();
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
