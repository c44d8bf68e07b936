import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ROOT } from '../helpers/run-cli.js';
import { SLOW_WORK_TIMEOUT_MS } from '../helpers/slow-work.js';
import { listSamples, renderSample } from '../../src/index.js';

// Every sample, written as a TypeScript object literal typed WebhookPayload: tsc's excess-property check then
// fails on any field the shipped types do not know, and its type check on any field they get wrong.
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('wa-hook-types-')));
afterAll(() => cleanup());

it(
  'the payload types describe every sample exactly',
  async () => {
    const samples = await listSamples();
    const lines = [`import type { WebhookPayload } from '${join(ROOT, 'src', 'index.js')}';`];
    for (const { name } of samples) {
      const { payload } = await renderSample(name, { seed: 1 });
      lines.push(`export const ${name.replace(/-/g, '_')}: WebhookPayload = ${JSON.stringify(payload)};`);
    }
    await writeFile(join(dir, 'samples.ts'), lines.join('\n'));
    const options = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--types',
      'node',
    ];
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = await execa(
      'node',
      [tsc, ...options, '--typeRoots', join(ROOT, 'node_modules', '@types'), 'samples.ts'],
      {
        cwd: dir,
        reject: false,
      },
    );
    expect(run.stdout.replaceAll(dir, '.')).toBe('');
    expect(run.exitCode).toBe(0);
  },
  SLOW_WORK_TIMEOUT_MS,
);
