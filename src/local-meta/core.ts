/**
 * Local WhatsApp's Graph API, without the sockets: one request in, Meta's answer out, plus what must happen
 * next (status webhooks to send, a callback to verify). State lives here: customers and their windows, media,
 * templates, faults, the app's subscription. The HTTP server (local-meta-io.ts) only moves bytes and timers.
 */
import { randomBytes } from 'node:crypto';
import { createIdFactory, type IdFactory } from '../samples/ids.js';
import { metaErrorBody } from './rules/meta-errors.js';
import { validateSend } from './rules/validate-send.js';
import { createTemplate } from './rules/template/create.js';
import type { MetaError, SendAccepted, TemplateDef } from './rules/types.js';
import { parseGraphPath } from './graph/path.js';
import { CustomerBook } from './customers.js';
import type { MovableClock } from './clock.js';
import { MediaStore, MEDIA_DOWNLOAD_PATH } from './media-store.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { FaultBook, ASYNC_CODES, faultError, faultHeaders } from './faults.js';
import {
  invalidParameter,
  invalidToken,
  missingToken,
  unknownObject,
  unknownPath,
  wwwAuthenticate,
} from './graph/errors.js';
import {
  appSubscriptionsData,
  debugTokenData,
  page,
  PHONE_DEFAULT_FIELDS,
  phoneNumberNode,
  selectFields,
  subscribedAppsData,
  WABA_DEFAULT_FIELDS,
  wabaNode,
  type AppSubscriptionState,
  type Identity,
} from './graph/objects.js';
import { callLine, sendAcceptedLine, sendRefusedLine } from './graph/summary.js';
import { statusLadder, type StatusStep, type StatusTiming } from './status-webhooks.js';
import { isRecord } from '../json-narrow.js';

/** Graph's version for unversioned calls (the app's default version). */
export const DEFAULT_API_VERSION = 'v24.0';

import type { GraphCall } from './graph/call.js';
export type { GraphCall };

export interface CoreRequest {
  method: string;
  /** Path without the query. */
  pathname: string;
  query: URLSearchParams;
  authorization?: string;
  contentType?: string;
  body: Buffer;
}

export interface CoreAnswer {
  status: number;
  json?: unknown;
  raw?: { data: Buffer; contentType: string };
  headers: Record<string, string>;
}

/** The statuses one accepted send gets. */
export interface StatusJob {
  wamid: string;
  waId: string;
  bsuid: string;
  steps: StatusStep[];
  apiVersion?: number;
  category: SendAccepted['category'];
  inWindow: boolean;
  bizOpaqueCallbackData?: string;
  error?: MetaError;
}

export interface CoreOutcome {
  answer: CoreAnswer;
  call: Omit<GraphCall, 'ms'>;
  statusJob?: StatusJob;
  /** POST /{app-id}/subscriptions: Meta verifies the callback (GET with hub.challenge) before it saves it. */
  verifyCallback?: { callbackUrl: string; verifyToken: string; fields: string[] };
  /** The template registry changed (a template was created): the I/O side saves it. */
  templatesChanged?: boolean;
}

export interface CoreOptions extends Identity {
  appSecret: string;
  graphUrl: string;
  clock: MovableClock;
  templates: TemplateDef[];
  timing: StatusTiming;
  /** Where Meta would call (the app subscription's callback URL at start). */
  callbackUrl: string;
  ids?: IdFactory;
}

type Json = Record<string, unknown>;

// Every answer carries one: drawn from a pool instead of a randomBytes call (a syscall) per answer.
let tracePool = Buffer.alloc(0);
let traceOffset = 0;

export function fbtraceId(): string {
  if (traceOffset + 16 > tracePool.length) {
    tracePool = randomBytes(16 * 256);
    traceOffset = 0;
  }
  traceOffset += 16;
  return `A${tracePool.toString('base64url', traceOffset - 16, traceOffset).slice(0, 22)}`;
}

export class LocalMetaCore {
  readonly customers = new CustomerBook();
  readonly media = new MediaStore();
  readonly faults = new FaultBook();
  readonly ids: IdFactory;
  templates: TemplateDef[];
  private subscription: AppSubscriptionState | undefined;
  private wabaSubscribed = true;
  private readonly startedAt: number;

  constructor(private readonly o: CoreOptions) {
    this.ids = o.ids ?? createIdFactory();
    this.templates = o.templates;
    this.subscription = { callbackUrl: o.callbackUrl, fields: ['messages'], active: true };
    this.startedAt = o.clock.now();
  }

  get identity(): Identity {
    return this.o;
  }

  handle(req: CoreRequest): CoreOutcome {
    const path = req.pathname;
    const request = this.describeRequest(req);
    if (req.method === 'GET' && path === MEDIA_DOWNLOAD_PATH) return this.download(req);
    const parsed = parseGraphPath(path);
    const fail = (error: MetaError, headers: Record<string, string> = {}): CoreOutcome => ({
      answer: this.errorAnswer(error, headers),
      call: {
        method: req.method,
        path,
        status: error.httpStatus,
        request,
        summary: callLine(req.method, path, error.httpStatus, error),
      },
    });
    if (!parsed || parsed.segments.length === 0) return fail(unknownPath(path.replace(/^\/+/, '')));
    const token = this.tokenOf(req);
    if (token === undefined) return fail(missingToken());
    const appToken = `${this.o.appId}|${this.o.appSecret}`;
    if (token !== this.o.accessToken && token !== appToken) return fail(invalidToken());
    const tokenFault = this.faults.tokenFault();
    if (tokenFault) return fail(faultError(tokenFault.code, tokenFault.subcode, new Date(this.o.clock.now())));
    const [id, edge, ...rest] = parsed.segments;
    const version = parsed.apiVersion;
    const ok = (json: unknown, status = 200): CoreOutcome => ({
      answer: { status, json, headers: this.headers(version) },
      call: { method: req.method, path, status, request, response: json, summary: callLine(req.method, path, status) },
    });
    const m = req.method;
    if (rest.length > 0) return fail(unknownPath(parsed.segments.slice(1).join('/')));
    if (id === 'debug_token' && !edge && m === 'GET') {
      return ok(debugTokenData(this.o, req.query.get('input_token') ?? '', this.startedAt));
    }
    if (id === this.o.phoneNumberId) {
      if (edge === 'messages' && m === 'POST') return this.send(req, version, request);
      if (edge === 'media' && m === 'POST') return this.upload(req, version, request, fail, ok);
      if ((edge === 'register' || edge === 'deregister') && m === 'POST') return ok({ success: true });
      if (!edge && m === 'POST') return ok({ success: true }); // webhook_configuration overrides and profile updates
      if (!edge && m === 'GET')
        return this.select(
          phoneNumberNode(this.o, this.subscription?.callbackUrl),
          req,
          PHONE_DEFAULT_FIELDS,
          'WhatsAppBusinessPhoneNumber',
          fail,
          ok,
        );
      return fail(edge ? unknownPath(edge) : unknownObject(m, id));
    }
    if (id === this.o.wabaId) {
      if (!edge && m === 'GET')
        return this.select(wabaNode(this.o), req, WABA_DEFAULT_FIELDS, 'WhatsAppBusinessAccount', fail, ok);
      if (edge === 'phone_numbers' && m === 'GET') {
        const phone = selectFields(
          phoneNumberNode(this.o, undefined),
          req.query.get('fields'),
          PHONE_DEFAULT_FIELDS,
          'WhatsAppBusinessPhoneNumber',
        );
        return phone.ok ? ok(page([phone.data])) : fail(phone.error);
      }
      if (edge === 'message_templates' && m === 'GET') return ok(page(this.templateList(req.query)));
      if (edge === 'message_templates' && m === 'POST') return this.createTemplate(req, request, fail, ok);
      if (edge === 'subscribed_apps') {
        if (m === 'GET') return ok(subscribedAppsData(this.o, this.wabaSubscribed));
        if (m === 'POST' || m === 'DELETE') {
          this.wabaSubscribed = m === 'POST';
          return ok({ success: true });
        }
      }
      return fail(edge ? unknownPath(edge) : unknownObject(m, id));
    }
    if (id === this.o.appId) {
      if (edge === 'subscriptions' && m === 'GET')
        return ok(
          appSubscriptionsData(
            this.subscription,
            version !== undefined ? `v${version.toFixed(1)}` : DEFAULT_API_VERSION,
          ),
        );
      if (edge === 'subscriptions' && m === 'POST') return this.subscribe(req, version, request, fail);
      if (edge === 'subscriptions' && m === 'DELETE') {
        this.subscription = undefined;
        return ok({ success: true });
      }
      return fail(edge ? unknownPath(edge) : unknownObject(m, id));
    }
    const media = id ? this.media.get(id) : undefined;
    if (media && !edge) {
      if (m === 'GET') {
        const wanted = req.query.get('phone_number_id');
        if (wanted !== null && wanted !== media.phoneNumberId)
          return fail(invalidParameter(`Param phone_number_id is not a valid whatsapp business phone number id ID`));
        return ok({
          messaging_product: 'whatsapp',
          url: this.media.downloadUrl(this.o.graphUrl, media.id, this.o.clock.now()),
          mime_type: media.mimeType,
          sha256: media.sha256Hex,
          file_size: media.data.length,
          id: media.id,
        });
      }
      if (m === 'DELETE') {
        this.media.delete(media.id);
        return ok({ success: true });
      }
    }
    return fail(unknownObject(m, id ?? ''));
  }

  /** The subscription POST after the callback answered (or not) the verification GET. */
  finishSubscription(outcome: CoreOutcome, verified: { ok: true } | { ok: false; detail: string }): CoreOutcome {
    const v = outcome.verifyCallback;
    if (!v) return outcome; // not a subscription POST: nothing to finish
    if (!verified.ok) {
      const message = `(#2200) callback verification failed: ${verified.detail}`;
      const error = invalidParameter(verified.detail);
      Object.assign(error, { code: 2200, title: message, message, details: verified.detail });
      return {
        answer: this.errorAnswer(error, {}),
        call: { ...outcome.call, status: 400, summary: callLine(outcome.call.method, outcome.call.path, 400, error) },
      };
    }
    this.subscription = { callbackUrl: v.callbackUrl, fields: v.fields, active: true };
    return outcome;
  }

  /** POST /{waba-id}/message_templates: the new template joins the registry (saved by the I/O side). */
  private createTemplate(
    req: CoreRequest,
    request: unknown,
    fail: (e: MetaError) => CoreOutcome,
    ok: (json: unknown) => CoreOutcome,
  ): CoreOutcome {
    const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 1_000_000_000_000_000n).slice(0, 16);
    const created = createTemplate(request, id, this.templates);
    if (!created.ok) return fail(created.error);
    this.templates.push(created.template);
    const { status, category } = created.template;
    return { ...ok({ id, status, category }), templatesChanged: true };
  }

  /** Templates as GET /{waba-id}/message_templates filters them (name, status, language, category). */
  private templateList(query: URLSearchParams): TemplateDef[] {
    const filters: Array<[string, keyof TemplateDef]> = [
      ['name', 'name'],
      ['status', 'status'],
      ['language', 'language'],
      ['category', 'category'],
    ];
    return this.templates.filter((t) =>
      filters.every(([param, key]) => {
        const want = query.get(param);
        return want === null || String(t[key]).toLowerCase() === want.toLowerCase();
      }),
    );
  }

  private select(
    node: Json,
    req: CoreRequest,
    defaults: readonly string[],
    nodeType: string,
    fail: (e: MetaError) => CoreOutcome,
    ok: (json: unknown) => CoreOutcome,
  ): CoreOutcome {
    const selected = selectFields(node, req.query.get('fields'), defaults, nodeType);
    return selected.ok ? ok(selected.data) : fail(selected.error);
  }

  private tokenOf(req: CoreRequest): string | undefined {
    const header = /^\s*(?:Bearer|OAuth)\s+(.+?)\s*$/i.exec(req.authorization ?? '');
    if (header) return header[1];
    const query = req.query.get('access_token');
    return query !== null && query !== '' ? query : undefined;
  }

  private headers(version: number | undefined): Record<string, string> {
    return {
      'facebook-api-version': version !== undefined ? `v${version.toFixed(1)}` : DEFAULT_API_VERSION,
      'x-fb-request-id': fbtraceId(),
      'cache-control': 'no-store',
      pragma: 'no-cache',
    };
  }

  errorAnswer(error: MetaError, extra: Record<string, string>): CoreAnswer {
    return {
      status: error.httpStatus,
      json: metaErrorBody(error, fbtraceId()),
      headers: { ...this.headers(undefined), 'www-authenticate': wwwAuthenticate(error), ...extra },
    };
  }

  private describeRequest(req: CoreRequest): unknown {
    if (req.body.length === 0) return undefined;
    const boundary = boundaryOf(req.contentType);
    if (boundary) {
      const parts = parseMultipart(req.body, boundary) ?? [];
      return Object.fromEntries(
        parts.map((p) => [
          p.name,
          p.fileName !== undefined
            ? `<file ${p.fileName}, ${p.contentType ?? '?'}, ${p.data.length} bytes>`
            : p.data.toString('utf8'),
        ]),
      );
    }
    const text = req.body.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      if (/x-www-form-urlencoded/i.test(req.contentType ?? '')) {
        const form = Object.fromEntries(new URLSearchParams(text));
        if ('verify_token' in form) form.verify_token = '***';
        return form;
      }
      return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
    }
  }

  private download(req: CoreRequest): CoreOutcome {
    const path = MEDIA_DOWNLOAD_PATH;
    const token = this.tokenOf(req);
    const media = token === this.o.accessToken ? this.media.resolveDownload(req.query, this.o.clock.now()) : undefined;
    // Meta answers a plain 404 for a missing token, a wrong one or an expired URL.
    if (!media)
      return {
        answer: { status: 404, raw: { data: Buffer.from('Not Found'), contentType: 'text/plain' }, headers: {} },
        call: {
          method: 'GET',
          path,
          status: 404,
          summary: `✖ GET media download 404 (${token ? 'wrong token or expired URL' : 'no Bearer token'})`,
        },
      };
    return {
      answer: { status: 200, raw: { data: media.data, contentType: media.mimeType }, headers: {} },
      call: {
        method: 'GET',
        path,
        status: 200,
        response: `<${media.data.length} bytes ${media.mimeType}>`,
        summary: `✔ GET media ${media.id} download 200`,
      },
    };
  }

  private upload(
    req: CoreRequest,
    version: number | undefined,
    request: unknown,
    fail: (e: MetaError) => CoreOutcome,
    ok: (json: unknown) => CoreOutcome,
  ): CoreOutcome {
    void version;
    void request;
    const boundary = boundaryOf(req.contentType);
    const parts = boundary ? parseMultipart(req.body, boundary) : undefined;
    if (!parts)
      return fail(
        invalidParameter('Upload media as multipart/form-data with the fields messaging_product, file and type.'),
      );
    const field = (name: string) => parts.find((p) => p.name === name);
    const product = field('messaging_product')?.data.toString('utf8');
    if (product !== 'whatsapp')
      return fail(invalidParameter(`Param messaging_product must be one of {WHATSAPP} - got "${product ?? ''}".`));
    const file = field('file');
    if (!file || file.fileName === undefined) return fail(invalidParameter('The parameter file is required.'));
    const mimeType = field('type')?.data.toString('utf8').trim() || file.contentType || 'application/octet-stream';
    const stored = this.media.add({
      id: this.ids.mediaId(),
      mimeType,
      phoneNumberId: this.o.phoneNumberId,
      data: Buffer.from(file.data),
      fileName: file.fileName,
      createdAt: this.o.clock.now(),
    });
    return ok({ id: stored.id });
  }

  private subscribe(
    req: CoreRequest,
    version: number | undefined,
    request: unknown,
    fail: (e: MetaError) => CoreOutcome,
  ): CoreOutcome {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const get = (k: string) => req.query.get(k) ?? form.get(k) ?? undefined;
    if (get('object') !== 'whatsapp_business_account' && get('object') !== undefined)
      return fail(
        invalidParameter(`Local WhatsApp has only the whatsapp_business_account object, not ${get('object')}.`),
      );
    const callbackUrl = get('callback_url');
    if (!callbackUrl) return fail(invalidParameter('The parameter callback_url is required.'));
    const fields = (get('fields') ?? 'messages')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    const answer = { success: true };
    return {
      answer: { status: 200, json: answer, headers: this.headers(version) },
      call: {
        method: req.method,
        path: req.pathname,
        status: 200,
        request,
        response: answer,
        summary: callLine(req.method, req.pathname, 200),
      },
      verifyCallback: { callbackUrl, verifyToken: get('verify_token') ?? '', fields },
    };
  }

  private send(req: CoreRequest, version: number | undefined, request: unknown): CoreOutcome {
    const path = req.pathname;
    const now = this.o.clock.now();
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      body = /x-www-form-urlencoded/i.test(req.contentType ?? '')
        ? Object.fromEntries(new URLSearchParams(req.body.toString('utf8')))
        : undefined;
    }
    const refuse = (error: MetaError, headers: Record<string, string> = {}): CoreOutcome => ({
      answer: this.errorAnswer(error, headers),
      call: {
        method: 'POST',
        path,
        status: error.httpStatus,
        request,
        response: undefined,
        summary: sendRefusedLine(isRecord(body) ? body.to : undefined, error),
      },
    });
    const decision = validateSend(body ?? null, {
      businessNumber: this.o.businessNumber,
      ...(version !== undefined ? { apiVersion: version } : {}),
      templates: this.templates,
      windowOpen: (waId) => this.customers.windowOpen(waId, now),
      knownCustomer: (waId) => this.customers.find(waId) !== undefined,
      findMessage: (wamid) => this.customers.message(wamid),
      media: (id) => {
        const m = this.media.get(id);
        return m ? { mimeType: m.mimeType, size: m.data.length } : undefined;
      },
    });
    if (!decision.ok) {
      const out = refuse(decision.error);
      return { ...out, call: { ...out.call, response: out.answer.json } };
    }
    const fault = decision.kind === 'read' ? undefined : this.faults.forSend(decision.to);
    let deliveryError = decision.deliveryError;
    if (fault) {
      const error = faultError(fault.code, fault.subcode, new Date(now));
      if (!ASYNC_CODES.has(fault.code)) {
        const out = refuse(error, faultHeaders(fault.code, this.o.wabaId));
        return { ...out, call: { ...out.call, response: out.answer.json } };
      }
      deliveryError = error;
    }
    const headers = this.headers(version);
    if (decision.kind === 'read') {
      const json = { success: true };
      return {
        answer: { status: 200, json, headers },
        call: {
          method: 'POST',
          path,
          status: 200,
          request,
          response: json,
          summary: `✔ bot → mark as read${isRecord(body) && isRecord(body.typing_indicator) ? ' + typing' : ''}`,
        },
      };
    }
    const customer = this.customers.customer(decision.to);
    const wamid = this.ids.wamid({ peer: customer.waId, outbound: true });
    this.customers.outbound(customer.waId, wamid);
    const json = {
      messaging_product: 'whatsapp',
      contacts: [{ input: isRecord(body) && typeof body.to === 'string' ? body.to : decision.to, wa_id: decision.to }],
      messages: [{ id: wamid, ...(decision.kind === 'template' ? { message_status: 'accepted' } : {}) }],
    };
    const b = isRecord(body) ? body : {};
    const voice = decision.kind === 'audio' && isRecord(b.audio) && b.audio.voice === true;
    const statusJob: StatusJob = {
      wamid,
      waId: customer.waId,
      bsuid: customer.bsuid,
      steps: statusLadder({ kind: decision.kind, voice, failed: deliveryError !== undefined }, this.o.timing),
      ...(version !== undefined ? { apiVersion: version } : {}),
      category: decision.category,
      inWindow: this.customers.windowOpen(customer.waId, now),
      ...(typeof b.biz_opaque_callback_data === 'string' ? { bizOpaqueCallbackData: b.biz_opaque_callback_data } : {}),
      ...(deliveryError ? { error: deliveryError } : {}),
    };
    const summary = sendAcceptedLine({
      to: decision.to,
      kind: decision.kind,
      template: decision.template?.name,
      wamid,
      deliveryError,
    });
    const warnings = decision.warnings.length ? ` (warning: ${decision.warnings.join('; ')})` : '';
    return {
      answer: { status: 200, json, headers },
      call: { method: 'POST', path, status: 200, request, response: json, summary: summary + warnings },
      statusJob,
    };
  }
}
