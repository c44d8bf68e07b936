// Time to URL: from the moment the fake cloudflared prints its trycloudflare URL on stderr to the moment
// `up` has announced it, copied it and self-tested it through the tunnel.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FAKE = fileURLToPath(new URL('../../test/fixtures/bin/cloudflared', import.meta.url));

export async function tunnelLines() {
  if (!existsSync(FAKE)) return { lines: [{ metric: 'time to URL (ms)', na: 'n/a (not built yet)', target: '≤ 300 ms' }] };
  return { lines: [{ metric: 'time to URL (ms)', na: 'n/a (not built yet)', target: '≤ 300 ms' }] };
}
