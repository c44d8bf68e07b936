import { expect } from 'vitest';
import { SEED_TEMPLATES } from '../../../../src/local-meta/rules/template/seed-templates.js';
import type { SendContext, SendDecision, TemplateDef } from '../../../../src/local-meta/rules/types.js';
import { validateSend } from '../../../../src/local-meta/rules/validate-send.js';

/** Meta's example business number (the display number of the docs' samples). */
export const BUSINESS = '15550783881';
export const CUSTOMER = '16505551234';

/** Uploaded media of Meta's examples, each with a type and size its kind accepts. */
export const MEDIA: Record<string, { mimeType: string; size: number }> = {
  '1479537139650973': { mimeType: 'image/jpeg', size: 200_000 },
  '2762702990552401': { mimeType: 'image/png', size: 90_000 },
  '1013859600285441': { mimeType: 'audio/ogg; codecs=opus', size: 40_000 },
  '1166846181421424': { mimeType: 'video/mp4', size: 3_000_000 },
  '1376223850470843': { mimeType: 'application/pdf', size: 120_000 },
  '798882015472548': { mimeType: 'image/webp', size: 60_000 },
};

/** Inbound messages of Meta's examples (the reaction's and the read receipt's targets). */
export const INBOUND = {
  reactionTarget: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=',
  readTarget: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA',
};

export interface ContextOptions {
  open?: boolean; // customer service window open for every customer (default true)
  templates?: readonly TemplateDef[];
  apiVersion?: number;
}

export function sendContext(options: ContextOptions = {}): SendContext {
  const known = new Set([CUSTOMER, '12015553931']);
  return {
    businessNumber: BUSINESS,
    apiVersion: options.apiVersion ?? 24,
    templates: options.templates ?? SEED_TEMPLATES,
    windowOpen: () => options.open ?? true,
    knownCustomer: (waId) => known.has(waId),
    findMessage: (wamid) =>
      Object.values(INBOUND).includes(wamid) ? { waId: CUSTOMER, direction: 'inbound' as const } : undefined,
    media: (id) => MEDIA[id],
  };
}

/** A deep, mutable copy of an example, changed by `change`. */
export function variant<T>(example: T, change: (body: any) => void): any {
  const copy = structuredClone(example) as any;
  change(copy);
  return copy;
}

export function accept(body: unknown, options?: ContextOptions): Extract<SendDecision, { ok: true }> {
  const decision = validateSend(body, sendContext(options));
  if (!decision.ok) expect.fail(`refused: (#${decision.error.code}) ${decision.error.details}`);
  return decision;
}

/** Refused with Meta's code, the details naming the JSON path (and the limit, where `details` says so). */
export function refuse(body: unknown, code: number, details: string | RegExp, options?: ContextOptions) {
  const decision = validateSend(body, sendContext(options));
  if (decision.ok) expect.fail(`accepted, expected (#${code}) ${String(details)}`);
  expect(decision.error.code).toBe(code);
  if (typeof details === 'string') expect(decision.error.details).toContain(details);
  else expect(decision.error.details).toMatch(details);
  return decision.error;
}

/** The example with `change` applied is refused as `refuse` says (the example itself stays untouched). */
export function refuseChange<T>(
  example: T,
  change: (body: any) => void,
  code: number,
  details: string | RegExp,
  options?: ContextOptions,
) {
  return refuse(variant(example, change), code, details, options);
}
