/**
 * Minimal Graph API client for the bot's `POST /{phone-number-id}/messages` (doctor's adapters/graph-api.ts
 * is the full client; its `call('POST', …)` returns the same outcome shape, so the lead can swap it in).
 * Never throws for HTTP or network trouble; never puts the token in a message.
 */
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { redactSecrets } from '../core/redact.js';
import type { GraphFailure } from '../core/echo-replies.js';

export type MessagesOutcome = { ok: true; data: { messages?: Array<{ id?: string }> } & Record<string, unknown> } | { ok: false; error: GraphFailure };

export interface MessagesClient {
  post(phoneNumberId: string, json: unknown): Promise<MessagesOutcome>;
  close(): Promise<void>;
}

export function createMessagesClient(options: { baseUrl: string; token: string; env: Readonly<Record<string, string | undefined>>; timeoutMs?: number }): MessagesClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Outbound calls honour HTTPS_PROXY / NO_PROXY (STYLE.md §11).
  const dispatcher: Dispatcher = new EnvHttpProxyAgent({
    httpProxy: options.env.HTTP_PROXY ?? options.env.http_proxy,
    httpsProxy: options.env.HTTPS_PROXY ?? options.env.https_proxy,
    noProxy: options.env.NO_PROXY ?? options.env.no_proxy,
  });
  const clean = (text: string) => redactSecrets(text, [options.token]);
  // Ctrl-C must not wait for a Graph call that hangs: close() aborts whatever is in flight.
  const stop = new AbortController();
  return {
    async post(phoneNumberId, json) {
      const url = `${base}/${encodeURIComponent(phoneNumberId)}/messages`;
      const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', accept: 'application/json' };
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([timeout, stop.signal]);
      try {
        const res = await request(url, { method: 'POST', headers, body: JSON.stringify(json), signal, dispatcher });
        const text = await res.body.text();
        let parsed: { error?: { message?: string; type?: string; code?: number; error_subcode?: number } } | undefined;
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          parsed = undefined;
        }
        if (res.statusCode >= 200 && res.statusCode < 300 && parsed && !parsed.error) return { ok: true, data: parsed as Record<string, unknown> };
        const e = parsed?.error;
        if (e) return { ok: false, error: { kind: 'graph', httpStatus: res.statusCode, code: e.code, subcode: e.error_subcode, type: e.type, message: clean(e.message ?? 'unknown error') } };
        return { ok: false, error: { kind: 'graph', httpStatus: res.statusCode, message: clean(`HTTP ${res.statusCode}: ${text.slice(0, 200).trim() || 'empty body'}`) } };
      } catch (error) {
        if (timeout.aborted) return { ok: false, error: { kind: 'timeout', message: `took longer than ${timeoutMs} ms` } };
        const err = error as Error & { code?: string; cause?: { code?: string; message?: string } };
        return { ok: false, error: { kind: 'network', message: clean(`${new URL(url).host}: ${err.cause?.code ?? err.code ?? err.cause?.message ?? err.message}`) } };
      }
    },
    close: async () => {
      stop.abort();
      await dispatcher.destroy();
    },
  };
}
