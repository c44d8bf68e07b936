/**
 * The inspector's Phone view, wired to local WhatsApp (`up --local`): the customer's side of the chat. What the
 * customer sends goes through local Meta's `customerSends` (the exact signed webhook send-sample would send);
 * the bot's Graph sends and the statuses local Meta reports come back to the page over the inspector's stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LocalMeta, StatusEvent } from '../local-meta/local-meta-io.js';
import type { GraphCall } from '../local-meta/core.js';
import type { CustomerMessage } from '../local-meta/customer-webhooks.js';
import { isMediaKind } from '../local-meta/customer-message.js';
import { isRecord, type JsonObject } from '../json-narrow.js';
import { readJsonObject } from '../receiver/read-body-io.js';
import { stateDir } from '../state/state-file-io.js';
import { sendJson } from './api-io.js';
import { botActionOf, PhoneChats, TYPING_MS, type PhoneMessage } from './phone-model.js';

/** A file picked on the phone, sent as base64 inside JSON (WhatsApp's own limits are far above this). */
const MAX_PHONE_BODY = 24 * 1024 * 1024;

export interface Phone {
  /** Answers /api/phone…; false when the path is not the phone's. */
  route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  close(): void;
}

type Json = JsonObject;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const readJson = (req: IncomingMessage) => readJsonObject(req, MAX_PHONE_BODY);

const digitsOf = (text: string) => text.replace(/[\s+().-]/g, '');

export function createPhone(options: {
  meta: LocalMeta;
  cwd: string;
  publish(event: string, data: unknown): void;
}): Phone {
  const { meta } = options;
  const publish = (event: string, data: unknown) => options.publish(event, data);
  const chats = new PhoneChats();
  const now = () => Date.now() + meta.clockOffsetMs();

  const onCall = (call: GraphCall) => {
    const action = botActionOf(call, now(), meta.core.templates, (id) => chats.find(id)?.waId);
    if (!action) return;
    if (action.type === 'message') {
      publish('phone-message', chats.add(action.message));
      return;
    }
    const read = chats.applyStatus(action.messageId, 'read');
    if (read) publish('phone-tick', read);
    if (action.typing && action.waId) publish('phone-typing', { waId: action.waId, untilMs: TYPING_MS });
  };
  const onStatus = (status: StatusEvent) => {
    const changed = chats.applyStatus(status.wamid, status.status, status.error);
    if (changed) publish('phone-tick', changed);
  };
  meta.on('graph-call', onCall);
  meta.on('status', onStatus);
  // The phone shows the chats: a message is read when its chat is opened there, not on a timer.
  meta.setReadMode('opened');

  /** The customer's message as local Meta takes it, from the page's JSON (a picked file is saved first). */
  const customerMessage = async (input: Json, from: string): Promise<CustomerMessage | string> => {
    const type = str(input.type) ?? 'text';
    const [contextId, name, address, caption] = [input.contextId, input.name, input.address, input.caption].map(str);
    if (type === 'text') {
      const text = str(input.text);
      if (!text) return 'type a message first';
      const forwarded =
        input.forwarded === 'forwarded' || input.forwarded === 'frequently' ? input.forwarded : undefined;
      return {
        type,
        from,
        text,
        ...(contextId && !forwarded ? { contextId } : {}),
        ...(forwarded ? { forwarded } : {}),
      };
    }
    if (type === 'reaction') {
      const messageId = str(input.messageId);
      const emoji = typeof input.emoji === 'string' ? input.emoji : undefined;
      // One emoji (a few code points with modifiers); '' removes the reaction.
      if (!messageId || emoji === undefined || [...emoji].length > 8) return 'reaction needs messageId and emoji';
      return { type, from, messageId, emoji };
    }
    if (type === 'contacts') {
      const cards: unknown[] = Array.isArray(input.contacts) ? input.contacts : [];
      const contacts = cards.flatMap((c) => {
        const [cardName, phone] = isRecord(c) ? [str(c.name), str(c.phone)] : [];
        if (!isRecord(c) || !cardName || !phone) return [];
        const waId = digitsOf(str(c.waId) ?? '');
        return [{ name: cardName.slice(0, 100), phone: phone.slice(0, 40), ...(waId ? { waId } : {}) }];
      });
      if (!contacts.length || contacts.length !== cards.length || contacts.length > 20)
        return 'contacts needs 1 to 20 cards, each with a name and a phone';
      return { type, from, contacts };
    }
    if (type === 'button_reply' || type === 'list_reply') {
      const [id, title, contextId] = [str(input.id), str(input.title), str(input.contextId)];
      if (!id || !title || !contextId) return `${type} needs id, title and contextId`;
      return { type, from, id, title, contextId };
    }
    if (type === 'location') {
      const [latitude, longitude] = [Number(input.latitude), Number(input.longitude)];
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return 'location needs latitude and longitude';
      return {
        type,
        from,
        latitude,
        longitude,
        ...(name ? { name } : {}),
        ...(address ? { address } : {}),
        // Sent from the bot's location request message ("Send location"): Meta names it in context.
        ...(contextId ? { contextId } : {}),
      };
    }
    if (isMediaKind(type)) {
      const data = str(input.dataBase64);
      if (!data) return `${type} needs a file`;
      // Kept under .wa-hook/ with the picked name's extension: local Meta reads the MIME type from it.
      const dir = join(stateDir(options.cwd), 'phone-media');
      await mkdir(dir, { recursive: true });
      const safe = basename(str(input.fileName) ?? 'file').replace(/[^\w.-]/g, '_');
      const file = join(dir, `${randomBytes(4).toString('hex')}-${safe}`);
      await writeFile(file, Buffer.from(data, 'base64'));
      return {
        type,
        from,
        file,
        ...(caption ? { caption } : {}),
      };
    }
    return `the phone cannot send a ${type}`;
  };

  const send = async (req: IncomingMessage, res: ServerResponse) => {
    const input = await readJson(req);
    if (!input) return sendJson(res, 400, { error: 'body must be a JSON object' });
    const from = digitsOf(str(input.from) ?? '');
    if (!/^\d{6,15}$/.test(from)) return sendJson(res, 400, { error: 'from must be a phone number' });
    const message = await customerMessage(input, from);
    if (typeof message === 'string') return sendJson(res, 400, { error: message });
    chats.addCustomer(from, '');
    const at = now();
    const { wamid, httpStatus } = await meta.customerSends(message);
    const { from: _from, ...sent } = message;
    // The page shows the picked file's name, not where it was saved.
    const body = 'file' in sent ? { ...sent, file: basename(sent.file) } : sent;
    const shown: PhoneMessage = chats.add({
      id: wamid,
      waId: from,
      dir: 'in',
      at,
      kind: message.type,
      body,
      tick: 'sent',
    });
    publish('phone-message', shown);
    sendJson(res, 200, { wamid, httpStatus });
  };

  const faults = () => meta.core.faults.list().map((f) => ({ id: f.id, code: f.code, mode: f.mode, hits: f.hits }));

  return {
    async route(req, res, url) {
      const path = url.pathname;
      if (!path.startsWith('/api/phone')) return false;
      const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
      if (req.method === 'POST' && !json) {
        req.resume();
        sendJson(res, 415, { error: 'send application/json' });
        return true;
      }
      if (req.method === 'GET' && path === '/api/phone') {
        sendJson(res, 200, {
          businessNumber: meta.businessNumber,
          customers: chats.listCustomers(),
          messages: chats.messages(),
          clockOffsetMs: meta.clockOffsetMs(),
          faults: faults(),
        });
      } else if (req.method === 'POST' && path === '/api/phone/customers') {
        const input = await readJson(req);
        const waId = digitsOf(str(input?.waId) ?? '');
        if (!/^\d{6,15}$/.test(waId)) sendJson(res, 400, { error: 'a customer needs a phone number (digits)' });
        else {
          const name = str(input?.name) ?? '';
          const customer = chats.addCustomer(waId, name.slice(0, 100));
          // The profile name the customer's webhooks carry.
          meta.core.customers.customer(waId).name = customer.name;
          sendJson(res, 200, customer);
        }
      } else if (req.method === 'POST' && path === '/api/phone/send') {
        await send(req, res);
      } else if (req.method === 'POST' && path === '/api/phone/read') {
        // The page opened this chat (or it was open and visible when a message came in).
        const waId = digitsOf(str((await readJson(req))?.waId) ?? '');
        if (!/^\d{6,15}$/.test(waId)) sendJson(res, 400, { error: 'read needs {"waId": "<digits>"}' });
        else sendJson(res, 200, { read: await meta.customerReads(waId) });
      } else if (req.method === 'POST' && path === '/api/phone/clock') {
        const input = await readJson(req);
        const ms = Number(input?.ms);
        if (!Number.isFinite(ms) || ms <= 0) sendJson(res, 400, { error: 'clock needs {"ms": N} (N > 0)' });
        else {
          meta.advance(ms);
          sendJson(res, 200, { clockOffsetMs: meta.clockOffsetMs() });
        }
      } else if (req.method === 'POST' && path === '/api/phone/faults') {
        const input = await readJson(req);
        const code = Number(input?.code);
        if (input?.clear === true) meta.core.faults.clear();
        else if (Number.isInteger(code) && code > 0) meta.core.faults.add(code, { next: 1 });
        else return (sendJson(res, 400, { error: 'faults needs {"code": N} or {"clear": true}' }), true);
        sendJson(res, 200, { faults: faults() });
      } else if (req.method === 'GET' && path.startsWith('/api/phone/media/')) {
        const media = meta.core.media.get(path.slice('/api/phone/media/'.length));
        if (!media) sendJson(res, 404, { error: 'no such media' });
        else {
          // Served as a download-only blob unless it is an image the page shows inline.
          const inline = /^image\/(png|jpeg|webp|gif)$/.test(media.mimeType);
          res.writeHead(200, {
            'Content-Type': inline ? media.mimeType : 'application/octet-stream',
            'Content-Length': media.data.length,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
            'Content-Security-Policy': "default-src 'none'; sandbox",
            ...(inline ? {} : { 'Content-Disposition': 'attachment' }),
          });
          res.end(media.data);
        }
      } else {
        req.resume();
        sendJson(res, 404, { error: 'not found' });
      }
      return true;
    },
    close() {
      meta.off('graph-call', onCall);
      meta.off('status', onStatus);
      meta.setReadMode('timer');
    },
  };
}
