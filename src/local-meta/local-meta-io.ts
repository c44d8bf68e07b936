/**
 * Local WhatsApp: Meta's Graph API send side on 127.0.0.1 (node:http). Answers like Meta (core.ts), sends the
 * status webhooks each send earns to `webhookUrl` (signed, Meta's bytes, from the send-sample templates),
 * lets a customer write (customerSends), and takes control calls (clock, faults, templates) from the CLI.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../http/listen-io.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { loadTemplates } from '../samples/templates-io.js';
import type { Template } from '../samples/render.js';
import { isAllowedInspectorRequest } from '../inspector/guard.js';
import type { MetaError, TemplateDef } from './rules/types.js';
import { createMovableClock } from './clock.js';
import { LocalMetaCore, type CoreOutcome, type GraphCall, type StatusJob } from './core.js';
import {
  buildStatusPayload,
  DEFAULT_STATUS_TIMING,
  signedBytes,
  type StatusStep,
  type StatusTiming,
} from './status-webhooks.js';
import {
  buildCustomerPayload,
  customerTemplateName,
  inboundMessagesOf,
  type CustomerMessage,
} from './customer-webhooks.js';
import { createWebhookPoster, verifyCallbackUrl } from './webhook-post-io.js';
import { delivered, MAX_PENDING_REDELIVERIES, REDELIVERY_DELAYS_MS } from './redelivery.js';
import { loadTemplateRegistry, saveTemplateRegistry } from './template-registry-io.js';
import { handleControl, CONTROL_PREFIX } from './control/control-io.js';
import { isReadable, OPENED_READ_STEP, stepsWithoutTimedRead, UnreadBook, type ReadMode } from './unread.js';
import { errorMessage } from '../errors-narrow.js';

export type { GraphCall } from './core.js';
export type { CustomerMessage } from './customer-webhooks.js';
export type { ReadMode } from './unread.js';

export interface LocalMetaOptions {
  cwd: string;
  /** 0 = free port. */
  graphPort: number;
  /** Where statuses and customer messages are POSTed (receiver or forward target). */
  webhookUrl: string;
  appSecret: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  /** Digits only. */
  businessNumber: string;
  /** Injected clock base (tests); the movable offset is applied on top. */
  now?: () => number;
  /** The app id the app token (APP_ID|APP_SECRET) names; doctor and --register use it. */
  appId?: string;
  /** When each status follows the send (ms); defaults DEFAULT_STATUS_TIMING. */
  statusTiming?: Partial<StatusTiming>;
  /** Guards the control routes (clock, faults, templates); generated when absent. */
  controlToken?: string;
  /**
   * Inbound messages seen before the start whose windows open again (a restarted `up --local` passes the event
   * log's, log-windows-io.ts); given local Meta's clock. Injected: the public API never reaches `.wa-hook/`.
   */
  recentInbound?: (
    now: number,
  ) => Promise<Array<{ waId: string; wamid: string; at: number; name?: string; bsuid?: string }>>;
}

/** What a running local Meta tells its listeners: each Graph call answered, each status webhook sent. */
export interface LocalMetaEvents {
  'graph-call': [call: GraphCall];
  status: [status: StatusEvent];
}

export interface StatusEvent {
  wamid: string;
  status: string;
  to: string;
  error?: MetaError;
  /** HTTP status the webhook URL answered (undefined: it could not be reached). */
  httpStatus?: number;
}

export interface LocalMeta {
  /** Host only, e.g. http://127.0.0.1:4041 */
  graphUrl: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  businessNumber: string;
  appId: string;
  controlToken: string;
  on<E extends keyof LocalMetaEvents>(event: E, listener: (...args: LocalMetaEvents[E]) => void): void;
  off<E extends keyof LocalMetaEvents>(event: E, listener: (...args: LocalMetaEvents[E]) => void): void;
  /** The customer sends something: the exact signed webhook send-sample would send, POSTed; opens the window. */
  customerSends(message: CustomerMessage): Promise<{ wamid: string; httpStatus: number }>;
  /** A webhook that reached the receiver from elsewhere (send-sample, inspector): its inbound messages open windows. */
  observeWebhook(payload: unknown): void;
  advance(ms: number): void;
  clockOffsetMs(): number;
  readonly core: LocalMetaCore;
  /** Sets a template's status in the registry (and the file). */
  setTemplateStatus(name: string, status: TemplateDef['status'], language?: string): Promise<number>;
  /** Where statuses and customer messages go from now on (`up` knows its receiver's URL only once it listens). */
  setWebhookUrl(url: string): void;
  /** Reads .wa-hook/templates.json again (after `wa-hook local templates pull`). */
  reloadTemplates(): Promise<number>;
  /**
   * How delivered messages get `read`: 'timer' (statusTiming.readMs after the send; the default) or 'opened'
   * (only when customerReads says the customer opened the chat: the inspector's Phone sets it).
   */
  setReadMode(mode: ReadMode): void;
  /**
   * The customer opens the chat with the business (mode 'opened'): every delivered, unread message to them gets
   * its `read` status now, the ones still on their way right after their `delivered`. Resolves with how many.
   */
  customerReads(waId: string): Promise<number>;
  /** Resolves once every status webhook scheduled so far has been delivered (or failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

let sampleTemplates: Promise<Map<string, Template>> | undefined;
function samples(): Promise<Map<string, Template>> {
  sampleTemplates ??= loadTemplates().then((list) => new Map(list.map((t) => [t.name, t])));
  return sampleTemplates;
}

const MAX_BODY = 64 * 1024 * 1024;
const MIME_BY_EXT: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.mp4': 'video/mp4',
  '.3gp': 'video/3gpp',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.amr': 'audio/amr',
};

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startLocalMeta(options: LocalMetaOptions): Promise<LocalMeta> {
  const [templates, registry] = await Promise.all([samples(), loadTemplateRegistry(options.cwd)]);
  const clock = createMovableClock(options.now);
  const timing: StatusTiming = { ...DEFAULT_STATUS_TIMING, ...options.statusTiming };
  const appId = options.appId ?? '100000000000000';
  const controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
  const emitter = new EventEmitter();
  let poster = createWebhookPoster(options.webhookUrl);
  const pending = new Set<Promise<void>>();
  // Each pending wait with its resolver: close() ends the waits (a cleared timer alone would leave them hanging).
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  // Read before listening: no call is answered before the windows the log remembers are open again.
  const logged = options.recentInbound ? await options.recentInbound(clock.now()) : [];
  const server = createServer({ keepAliveTimeout: 65_000 });
  const port = await listenOnLoopback(server, options.graphPort);
  const graphUrl = `http://127.0.0.1:${port}`;
  const core = new LocalMetaCore({
    phoneNumberId: options.phoneNumberId,
    wabaId: options.wabaId,
    businessNumber: options.businessNumber,
    appId,
    accessToken: options.accessToken,
    appSecret: options.appSecret,
    graphUrl,
    clock,
    templates: registry,
    timing,
    callbackUrl: options.webhookUrl,
  });
  for (const m of logged) core.customers.inbound(m.waId, m.wamid, m.at, m.name, m.bsuid);

  const track = (job: Promise<void>) => {
    pending.add(job);
    void job.finally(() => pending.delete(job));
  };
  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closed) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  // Resends of webhooks the bot did not answer 200 (redelivery.ts). Not awaited by settled(): they may wait for
  // hours; close() ends their waits.
  let redeliveries = 0;
  const redeliver = async (body: Buffer, signature: string) => {
    redeliveries += 1;
    try {
      for (const delay of REDELIVERY_DELAYS_MS) {
        await later(delay);
        if (closed) return;
        if (delivered(await poster.post(body, signature))) return;
      }
    } finally {
      redeliveries -= 1;
    }
  };
  /** One webhook POST as Meta makes it: the first answer is returned; a failure is resent in the background. */
  const deliver = async (body: Buffer, signature: string) => {
    const answer = await poster.post(body, signature);
    if (!delivered(answer) && !closed && redeliveries < MAX_PENDING_REDELIVERIES) void redeliver(body, signature);
    return answer;
  };

  let readMode: ReadMode = 'timer';
  const unread = new UnreadBook<StatusJob>();

  const sendStatus = async (job: StatusJob, step: StatusStep) => {
    const template = templates.get(`status-${step.status}`);
    if (!template) return;
    const payload = buildStatusPayload(template, step, {
      wabaId: options.wabaId,
      phoneNumberId: options.phoneNumberId,
      businessNumber: options.businessNumber,
      wamid: job.wamid,
      waId: job.waId,
      bsuid: job.bsuid,
      at: clock.now(),
      ...(job.apiVersion !== undefined ? { apiVersion: job.apiVersion } : {}),
      category: job.category,
      inWindow: job.inWindow,
      ...(job.bizOpaqueCallbackData !== undefined ? { bizOpaqueCallbackData: job.bizOpaqueCallbackData } : {}),
      ...(job.error ? { error: job.error } : {}),
    });
    const { body, signature } = signedBytes(payload, options.appSecret);
    const answer = await deliver(body, signature);
    emitter.emit('status', {
      wamid: job.wamid,
      status: step.status,
      to: job.waId,
      ...(step.status === 'failed' && job.error ? { error: job.error } : {}),
      httpStatus: answer.status,
    } satisfies StatusEvent);
  };

  const runStatuses = async (given: StatusJob, sentAt: number) => {
    const job =
      readMode === 'opened' ? { ...given, steps: stepsWithoutTimedRead(given.steps, timing.deliveredMs) } : given;
    const awaitsOpening = readMode === 'opened' && isReadable(job.steps);
    if (awaitsOpening) unread.track(job.waId, job.wamid, job);
    for (const step of job.steps) {
      await later(sentAt + step.afterMs - performance.now());
      if (closed) return;
      await sendStatus(job, step);
      if (step.status === 'delivered' && awaitsOpening && unread.delivered(job.waId, job.wamid) && !closed)
        await sendStatus(job, OPENED_READ_STEP);
    }
  };

  const respond = (res: ServerResponse, outcome: CoreOutcome) => {
    const { answer } = outcome;
    if (answer.raw) {
      res.writeHead(answer.status, {
        ...answer.headers,
        'content-type': answer.raw.contentType,
        'content-length': answer.raw.data.length,
      });
      res.end(answer.raw.data);
      return;
    }
    const text = JSON.stringify(answer.json);
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const observe = (payload: unknown) => {
    for (const m of inboundMessagesOf(payload)) core.customers.inbound(m.waId, m.wamid, clock.now(), m.name, m.bsuid);
  };

  // Registry writes one after the other (each an atomic rename), so the file always ends as the newest state.
  let saving: Promise<void> = Promise.resolve();
  const saveTemplates = () => {
    saving = saving.then(
      () => saveTemplateRegistry(options.cwd, core.templates),
      () => saveTemplateRegistry(options.cwd, core.templates),
    );
    return saving;
  };

  const setTemplateStatus = async (name: string, status: TemplateDef['status'], language?: string) => {
    let changed = 0;
    for (const t of core.templates)
      if (t.name === name && (language === undefined || t.language === language)) {
        t.status = status;
        changed += 1;
      }
    if (changed) await saveTemplates();
    return changed;
  };

  const customerSends = async (message: CustomerMessage) => {
    const template = templates.get(customerTemplateName(message));
    if (!template) throw new Error(`no send-sample template for a customer ${message.type}`);
    const waId = message.from.replace(/[\s+().-]/g, '');
    const customer = core.customers.customer(waId);
    const wamid = core.ids.wamid({ peer: waId, outbound: false });
    let media;
    if ('file' in message) {
      const data = await readFile(message.file);
      const mimeType = MIME_BY_EXT[extname(message.file).toLowerCase()] ?? 'application/octet-stream';
      const stored = core.media.add({
        id: core.ids.mediaId(),
        mimeType,
        phoneNumberId: options.phoneNumberId,
        data,
        fileName: basename(message.file),
        createdAt: clock.now(),
      });
      media = {
        id: stored.id,
        mimeType,
        sha256: stored.sha256Base64,
        url: core.media.downloadUrl(graphUrl, stored.id, clock.now()),
        fileName: basename(message.file),
      };
    }
    const payload = buildCustomerPayload(template, message, {
      wabaId: options.wabaId,
      phoneNumberId: options.phoneNumberId,
      businessNumber: options.businessNumber,
      waId,
      bsuid: customer.bsuid,
      name: customer.name ?? 'Local Customer',
      wamid,
      at: clock.now(),
      ...(media ? { media } : {}),
    });
    core.customers.inbound(waId, wamid, clock.now());
    const { body, signature } = signedBytes(payload, options.appSecret);
    const answer = await deliver(body, signature);
    return { wamid, httpStatus: answer.status ?? 0 };
  };

  const api: LocalMeta = {
    graphUrl,
    phoneNumberId: options.phoneNumberId,
    wabaId: options.wabaId,
    accessToken: options.accessToken,
    appSecret: options.appSecret,
    businessNumber: options.businessNumber,
    appId,
    controlToken,
    core,
    on(event, listener) {
      emitter.on(event, listener);
    },
    off(event, listener) {
      emitter.off(event, listener);
    },
    customerSends,
    observeWebhook: observe,
    advance: (ms) => clock.advance(ms),
    clockOffsetMs: () => clock.offsetMs,
    setTemplateStatus,
    setReadMode(mode) {
      readMode = mode;
      if (mode === 'timer') unread.clear();
    },
    async customerReads(waId) {
      const { readNow, readOnDelivery } = unread.open(waId.replace(/\D/g, ''));
      // A few at a time: a chat of thousands of unread messages is read in seconds, not one round trip each.
      let next = 0;
      const reader = async () => {
        for (let job = readNow[next++]; job !== undefined && !closed; job = readNow[next++])
          await sendStatus(job, OPENED_READ_STEP);
      };
      const reading = Promise.all(Array.from({ length: Math.min(8, readNow.length) }, reader)).then(() => {});
      track(reading);
      await reading;
      return readNow.length + readOnDelivery;
    },
    setWebhookUrl(url) {
      const previous = poster;
      poster = createWebhookPoster(url);
      previous.close();
    },
    async reloadTemplates() {
      core.templates = await loadTemplateRegistry(options.cwd);
      return core.templates.length;
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closed = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pending]);
      await saving.catch(() => {});
      poster.close();
    },
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        const allowed =
          isAllowedInspectorRequest({ host: req.headers.host, origin: req.headers.origin }, port) &&
          safeEqual(String(req.headers['x-wa-hook-control'] ?? ''), controlToken);
        const body = await readBody(req);
        await handleControl(api, url, req.method ?? 'GET', body, allowed, res);
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        const outcome = core.handle({ method: 'POST', pathname: '/', query: url.searchParams, body: Buffer.alloc(0) });
        respond(res, outcome);
        return;
      }
      let outcome = core.handle({
        method: req.method ?? 'GET',
        pathname: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      if (outcome.verifyCallback) {
        const v = outcome.verifyCallback;
        outcome = core.finishSubscription(outcome, await verifyCallbackUrl(v.callbackUrl, v.verifyToken));
      }
      // Answered once the file holds the new template: a restart right after the answer keeps it.
      if (outcome.templatesChanged) await saveTemplates();
      respond(res, outcome);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      if (outcome.statusJob && !closed) track(runStatuses(outcome.statusJob, started));
      emitter.emit('graph-call', { ...outcome.call, ms } satisfies GraphCall);
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(
          JSON.stringify({
            error: { message: `local WhatsApp: ${errorMessage(error)}`, type: 'OAuthException', code: 1 },
          }),
        );
      }
    });
  });

  return api;
}
