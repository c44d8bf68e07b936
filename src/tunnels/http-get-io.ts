import type { HttpResult } from '../http/client-io.js';

/**
 * A small GET under an overall deadline, for tunnel setup and metrics probes: straight to the target, never
 * throws for network trouble. The HTTP client (undici) is loaded on first use, not with the tunnel adapters.
 */
export async function httpGetText(
  url: string,
  options: { timeoutMs: number; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<HttpResult> {
  const { httpRequest } = await import('../http/client-io.js');
  return httpRequest(url, {
    method: 'GET',
    headers: { 'user-agent': 'wa-hook', ...options.headers },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}
