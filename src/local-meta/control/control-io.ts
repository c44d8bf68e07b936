/**
 * The control routes `wa-hook local clock|fail|templates` call on the running `up --local`: on the Graph
 * port under CONTROL_PREFIX, loopback only, guarded like the inspector (Host/Origin) plus the per-run control
 * token from .wa-hook/state.json. Not Graph API calls: never recorded as such.
 */
import type { ServerResponse } from 'node:http';
import type { LocalMetaCore } from '../core.js';
import { describeMode, type FaultMode } from '../faults.js';
import { formatShift } from '../clock.js';
import { TEMPLATE_STATUSES, type TemplateDef } from '../rules/types.js';
import type { CustomerMessage } from '../customer-webhooks.js';
import { errorMessage } from '../../errors-narrow.js';
import { recordOr, type JsonObject } from '../../json-narrow.js';
import { parseCustomerMessage } from '../customer-message.js';

/** What the control routes steer (LocalMeta implements it; kept narrow so this file does not import the server). */
export interface ControlTarget {
  readonly core: LocalMetaCore;
  advance(ms: number): void;
  clockOffsetMs(): number;
  customerSends(message: CustomerMessage): Promise<{ wamid: string; httpStatus: number }>;
  setTemplateStatus(name: string, status: TemplateDef['status'], language?: string): Promise<number>;
  reloadTemplates(): Promise<number>;
}

export const CONTROL_PREFIX = '/__wa-hook/local/';

function send(res: ServerResponse, status: number, json: unknown): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function parse(body: Buffer | undefined): JsonObject {
  try {
    return recordOr(JSON.parse(body?.toString('utf8') || '{}'));
  } catch {
    return {};
  }
}

function clockState(api: ControlTarget) {
  const offsetMs = api.clockOffsetMs();
  return { offsetMs, shift: formatShift(offsetMs), now: new Date(Date.now() + offsetMs).toISOString() };
}

export async function handleControl(
  api: ControlTarget,
  url: URL,
  method: string,
  body: Buffer | undefined,
  allowed: boolean,
  res: ServerResponse,
): Promise<void> {
  if (!allowed) return send(res, 403, { error: 'forbidden' });
  const route = `${method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  const input = parse(body);
  switch (route) {
    case 'GET clock':
      return send(res, 200, clockState(api));
    case 'POST clock': {
      const ms = Number(input.advanceMs);
      if (!Number.isFinite(ms)) return send(res, 400, { error: 'advanceMs must be a number' });
      api.advance(ms);
      return send(res, 200, clockState(api));
    }
    case 'GET faults':
      return send(res, 200, {
        faults: api.core.faults.list().map((f) => ({ ...f, description: describeMode(f.mode) })),
      });
    case 'POST faults': {
      const code = Number(input.code);
      if (!Number.isSafeInteger(code) || code <= 0) return send(res, 400, { error: 'code must be a positive integer' });
      const mode: FaultMode =
        typeof input.to === 'string'
          ? { to: input.to.replace(/\D/g, '') }
          : typeof input.every === 'number'
            ? { every: input.every }
            : { next: typeof input.next === 'number' ? input.next : 1 };
      const subcode = typeof input.subcode === 'number' ? input.subcode : undefined;
      const rule = api.core.faults.add(code, mode, subcode);
      return send(res, 200, { fault: { ...rule, description: describeMode(rule.mode) } });
    }
    case 'DELETE faults':
      return send(res, 200, { cleared: api.core.faults.clear() });
    case 'GET templates':
      return send(res, 200, { data: api.core.templates });
    case 'POST templates/reload':
      try {
        return send(res, 200, { count: await api.reloadTemplates() });
      } catch (error) {
        return send(res, 400, { error: errorMessage(error) });
      }
    case 'POST templates/status': {
      const status = TEMPLATE_STATUSES.find(
        (s) => typeof input.status === 'string' && s === input.status.toUpperCase(),
      );
      if (status === undefined || typeof input.name !== 'string')
        return send(res, 400, { error: `needs a name and a status (${TEMPLATE_STATUSES.join(', ')})` });
      const changed = await api.setTemplateStatus(
        input.name,
        status,
        typeof input.language === 'string' ? input.language : undefined,
      );
      return send(res, changed ? 200 : 404, { changed });
    }
    case 'POST customer': {
      const message = parseCustomerMessage(input.message);
      if (typeof message === 'string') return send(res, 400, { error: message });
      try {
        return send(res, 200, await api.customerSends(message));
      } catch (error) {
        return send(res, 400, { error: errorMessage(error) });
      }
    }
    default:
      return send(res, 404, { error: `no control route ${route}` });
  }
}
