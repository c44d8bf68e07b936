import type { Bytes } from './bytes.js';

/**
 * Meta's wire format: compact, pure-ASCII JSON, every char >= U+0080 escaped as lowercase `\uXXXX`
 * (UTF-16 units, so emoji become surrogate pairs) and `/` escaped as `\/`. Receivers HMAC these exact
 * bytes, so a sample serialized any other way is not faithful (captured 2026 payloads; see docs/samples.md).
 */
export function toMetaJson(value: unknown): string {
  // `/` and non-ASCII only ever occur inside JSON strings, so escaping the whole text is safe.
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The same bytes Meta would send, ready to sign and put on the wire. */
export function toMetaBytes(value: unknown): Bytes {
  return Buffer.from(toMetaJson(value), 'ascii');
}
