/** The CLI side of the control routes (`wa-hook local …` → the running `up --local`), through wa-hook's one HTTP client. */
import { httpRequest } from '../../http/client-io.js';
import { CONTROL_PREFIX } from './control-io.js';
import { isRecord } from '../../json-narrow.js';

export interface ControlAnswer {
  status: number;
  /** The answer's JSON object; a body that is not one is kept as `{ error: <its first 200 characters> }`. */
  json: Record<string, unknown>;
}

function jsonObject(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    if (isRecord(value)) return value;
  } catch {
    // fall through: not JSON
  }
  return { error: body.slice(0, 200) };
}

/** Rejects with the network error's line when local WhatsApp does not answer. */
export async function controlCall(
  graphUrl: string,
  token: string,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<ControlAnswer> {
  const result = await httpRequest(new URL(`${CONTROL_PREFIX}${route}`, graphUrl), {
    method,
    timeoutMs,
    headers: { 'x-wa-hook-control': token, 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  if (!result.ok) throw new Error(result.error.message);
  return { status: result.status, json: jsonObject(result.body) };
}
