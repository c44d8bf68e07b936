/** The one line each Graph API call gets in the live view and `wa-hook events`. Pure. */
import type { MetaError } from '../rules/types.js';

const plus = (id: string) => (/^\d+$/.test(id) ? `+${id}` : id);

export function shortWamid(id: string): string {
  return id.length > 20 ? `${id.slice(0, 18)}…` : id;
}

export function errorText(error: MetaError): string {
  // The send rules' details name the JSON path and the limit: that is the line a developer needs.
  return `(#${error.code}) ${error.details || error.message || error.title}`;
}

export function sendAcceptedLine(input: {
  to: string;
  kind: string;
  template?: string;
  wamid?: string;
  deliveryError?: MetaError;
}): string {
  const what = input.template ? `template ${input.template}` : input.kind;
  const id = input.wamid ? ` · ${shortWamid(input.wamid)}` : '';
  const later = input.deliveryError ? ` (accepted; will fail: ${errorText(input.deliveryError)})` : '';
  return `${input.deliveryError ? '✖' : '✔'} bot → ${plus(input.to)}: ${what}${id}${later}`;
}

export function sendRefusedLine(to: unknown, error: MetaError): string {
  const who = typeof to === 'string' && to !== '' ? plus(to.replace(/^\+/, '')) : '?';
  return `✖ bot → ${who}: ${errorText(error)}`;
}

export function callLine(method: string, path: string, status: number, error?: MetaError): string {
  return error ? `✖ ${method} ${path} ${status}: ${errorText(error)}` : `✔ ${method} ${path} ${status}`;
}
