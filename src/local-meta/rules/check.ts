import { metaError } from './meta-errors.js';
import type { MetaError, SendContext } from './types.js';
import { isRecord as isObject } from '../../json-narrow.js';

// Small judges shared by every message kind. A failed judge throws a Refusal, which validateSend turns into
// Meta's answer; this keeps each kind's file a flat list of Meta's rules.

export type Json = Record<string, unknown>;

export class Refusal extends Error {
  constructor(readonly error: MetaError) {
    super(error.details);
  }
}

/** What a kind's judge sees: the send context and the warnings it may add. */
export interface Run {
  ctx: SendContext;
  warnings: string[];
  to: string;
  bsuid: boolean;
  /** A delivery-time error found while judging: Meta answers 200 and the message fails later with it. */
  deliveryError?: MetaError;
}

export function refuse(code: number, details: string, overrides?: Partial<MetaError>): never {
  throw new Refusal(metaError(code, details, overrides));
}

/** Characters as a person counts them (code points), the lenient reading of Meta's "Maximum N characters". */
/** "interactive.body" + "text" → "interactive.body.text"; top-level fields have the empty path. */
export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export { isObject };

export function objectAt(value: unknown, path: string): Json {
  if (value === undefined) refuse(131008, `Parameter '${path}' is required`);
  if (!isObject(value)) refuse(100, `${path} must be a JSON object`);
  return value;
}

export function arrayAt(value: unknown, path: string): unknown[] {
  if (value === undefined) refuse(131008, `Parameter '${path}' is required`);
  if (!Array.isArray(value)) refuse(100, `${path} must be a JSON array`);
  return value;
}

/** Meta refuses fields it does not know ("unsupported or misspelled parameters", code 100). */
export function onlyKeys(obj: Json, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (obj[key] !== undefined && !allowed.includes(key)) {
      refuse(100, `${join(path, key)} is not a parameter Meta knows here (allowed: ${allowed.join(', ')})`);
    }
  }
}

export function requiredString(obj: Json, key: string, path: string, max?: number): string {
  const value = obj[key];
  if (value === undefined || value === null || value === '')
    refuse(131008, `Parameter '${join(path, key)}' is required`);
  return stringAt(value, `${join(path, key)}`, max);
}

export function optionalString(obj: Json, key: string, path: string, max?: number): string | undefined {
  const value = obj[key];
  return value === undefined ? undefined : stringAt(value, `${join(path, key)}`, max);
}

function stringAt(value: unknown, path: string, max?: number): string {
  if (typeof value !== 'string') refuse(100, `${path} must be a string, got ${typeOf(value)}`);
  if (max !== undefined) maxChars(value, path, max);
  return value;
}

export function maxChars(text: string, path: string, max: number): void {
  const n = charCount(text);
  if (n > max) refuse(100, `${path} is ${n} characters long, Meta allows ${max}`);
}

export function optionalBoolean(obj: Json, key: string, path: string): void {
  const value = obj[key];
  if (value !== undefined && typeof value !== 'boolean') {
    refuse(100, `${join(path, key)} must be a boolean, got ${typeOf(value)}`);
  }
}

export function oneOf<T extends string>(value: string, path: string, allowed: readonly T[]): asserts value is T {
  if (!allowed.some((a) => a === value)) refuse(100, `${path} must be one of ${allowed.join(', ')}, got "${value}"`);
}

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** An http(s) URL, as Meta asks of media links and CTA URLs. */
export function httpUrl(value: string, path: string): void {
  let ok: boolean;
  try {
    const url = new URL(value);
    ok = url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) refuse(100, `${path} must be an http:// or https:// URL, got "${value}"`);
}
