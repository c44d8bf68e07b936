/**
 * A deterministic byte source for `--seed` / `seed`: the same ids every run, so committed fixtures diff small.
 * sfc32 (a small, well-distributed PRNG): ids must look random and stay unique, not be secret.
 */
export function seededFill(seed: number): (buffer: Buffer) => void {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed in before the first byte is used
  return (buffer) => {
    for (let i = 0; i < buffer.length; i += 4) {
      const word = next();
      for (let k = 0; k < 4 && i + k < buffer.length; k++) buffer[i + k] = (word >>> (8 * k)) & 0xff;
    }
  };
}

/** The fixed clock of a seeded run: 2026-01-01T00:00:00Z plus the seed in seconds, so seeds differ in time too. */
export function seededNow(seed: number): () => number {
  return () => Date.UTC(2026, 0, 1) + (seed % 86_400) * 1000;
}
