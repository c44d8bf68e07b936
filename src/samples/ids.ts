import { randomFillSync } from 'node:crypto';

/**
 * Fresh Meta-looking ids for samples. `wamid.` + base64 of random bytes, like real wamids (which
 * base64-encode a binary id, so they may contain `/`, `+` and `=`). Random bytes come from a pooled
 * buffer so a burst of thousands does not make a crypto call per id.
 */
export interface IdFactory {
  wamid(): string;
  /** Media ids are numeric strings (e.g. "27251809591111687"). */
  mediaId(): string;
}

const WAMID_BYTES = 30;
const POOL_BYTES = 4096;

/** `fill` is the byte source: crypto randomness by default, a seeded one for reproducible fixtures. */
export function createIdFactory(fill: (buffer: Buffer) => void = randomFillSync): IdFactory {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  let offset = POOL_BYTES;
  const take = (n: number): number => {
    if (offset + n > POOL_BYTES) {
      fill(pool);
      offset = 0;
    }
    const start = offset;
    offset += n;
    return start;
  };
  return {
    wamid() {
      const start = take(WAMID_BYTES);
      return `wamid.${pool.toString('base64', start, start + WAMID_BYTES)}`;
    },
    mediaId() {
      const start = take(17);
      let id = String(1 + (pool[start]! % 9));
      for (let k = 1; k < 17; k++) id += String(pool[start + k]! % 10);
      return id;
    },
  };
}
