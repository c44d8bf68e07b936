/** The package's JavaScript API (`import { renderSample } from 'wa-hook'`); the CLI lives in cli.ts. */
export { renderSample, listSamples } from './samples/api-io.js';
export { signBody, verifySignature } from './verification/signature.js';
export type { RenderSampleOptions, SampleInfo } from './samples/api-io.js';
export type { RenderedSample } from './samples/fixture.js';
export { toMetaBytes } from './samples/bytes/meta-bytes.js';
export * from './samples/payload-types.js';

export type {
  LocalWhatsApp,
  LocalWhatsAppOptions,
  Reply,
  Delivered,
  Location,
  MediaKind,
  CustomerOptions,
  Status,
} from './conversation/local-whatsapp-types.js';
import type { LocalWhatsApp, LocalWhatsAppOptions } from './conversation/local-whatsapp-types.js';

/**
 * A local WhatsApp for a bot's tests: local Meta's Graph API on a free loopback port, the customer's messages
 * and Meta's statuses POSTed (signed) to `forwardTo`. Loaded on the first call: importing the package starts
 * and loads nothing.
 */
export async function createLocalWhatsApp(options: LocalWhatsAppOptions): Promise<LocalWhatsApp> {
  const { createLocalWhatsAppSession } = await import('./conversation/local-whatsapp-io.js');
  return createLocalWhatsAppSession(options);
}
