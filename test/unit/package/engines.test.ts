// Every Node line the package declares in `engines` must install every locked package without an EBADENGINE
// warning: the floor of each declared range (20.19, 22.13, 24) is checked against each package's own range.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

/** The lowest version of each `||` alternative of a range: the oldest Node a user may run per line. */
function floors(range: string): string[] {
  return range.split('||').map((part) => semver.minVersion(part.trim())?.version ?? part);
}

describe('engines', () => {
  it('declares Node 20.19+, 22 and 24 and nothing older', () => {
    expect(floors(pkg.engines.node)).toEqual(['20.19.0', '22.13.0', '24.0.0']);
  });

  it('installs every locked package on each declared Node line without an engine warning', () => {
    const misses: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !range) continue;
      for (const floor of floors(pkg.engines.node)) {
        if (!semver.satisfies(floor, range)) misses.push(`${path} needs node ${range}, not ${floor}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
