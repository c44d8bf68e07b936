/**
 * One call a bot made to local WhatsApp's Graph API, as recorded. A type of its own (no Node types in it): the
 * package's public types (createLocalWhatsApp's replies) reach it, and they must not need `@types/node`.
 */
export interface GraphCall {
  method: string;
  path: string;
  status: number;
  ms: number;
  request?: unknown;
  response?: unknown;
  summary: string;
}
