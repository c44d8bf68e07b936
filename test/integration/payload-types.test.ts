import { afterAll, beforeAll, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ROOT } from '../helpers/run-cli.js';
import { SLOW_WORK_TIMEOUT_MS } from '../helpers/slow-work.js';
import { listSamples, renderSample } from '../../src/index.js';

// The shipped types (dist/index.d.ts, as a bot imports them) against three sets of code, in one tsc run
// without Node's typings (`types: []`, lib checks on): every sample and every one of Meta's own examples
// extracted from its webhook reference pages, each written as an object literal typed WebhookPayload (tsc's
// excess-property check fails on any key the types do not know, its type check on any key they get wrong), and
// test/fixtures/payload-types-usage.ts (optional keys, narrowing).

const EXAMPLES = join(ROOT, 'test', 'fixtures', 'meta-examples');

interface ExtractedPage {
  source: string;
  examples: Array<{ block: number; heading: string; payload: { entry: Array<{ changes: Array<{ field: string }> }> } }>;
}

/**
 * Where Meta's page itself is wrong, the example is corrected here (never silently): the reason says what and why.
 * Keyed by fixture file and block number.
 */
const ERRATA: Record<
  string,
  { reason: string; fix?: (payload: ExtractedPage['examples'][number]['payload']) => void }
> = {
  'message_template_quality_update.json#2': {
    reason: 'the quality-update page labels its example with field message_template_status_update (copy slip)',
    fix: (p) => void (p.entry[0]!.changes[0]!.field = 'message_template_quality_update'),
  },
  'messages--group.json#1': {
    reason: 'syntax block: "type": "<MESSAGE_TYPE>" is a placeholder, not a message type (block 2 is the example)',
  },
};

let dir: string;
let cleanup: () => Promise<void>;
let output = '';
let exitCode: number | undefined;
let exampleCount = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('wa-hook-types-'));
  const types = join(ROOT, 'dist', 'index.js');
  const header = `import type { WebhookPayload } from '${types}';`;

  const samples = [header];
  for (const { name } of await listSamples()) {
    const { payload } = await renderSample(name, { seed: 1 });
    samples.push(`export const ${name.replace(/-/g, '_')}: WebhookPayload = ${JSON.stringify(payload)};`);
  }
  await writeFile(join(dir, 'samples.ts'), samples.join('\n'));

  const examples = [header];
  for (const file of (await readdir(EXAMPLES)).sort()) {
    const page = JSON.parse(await readFile(join(EXAMPLES, file), 'utf8')) as ExtractedPage;
    for (const { block, payload } of page.examples) {
      const erratum = ERRATA[`${file}#${block}`];
      if (erratum && !erratum.fix) continue;
      erratum?.fix?.(payload);
      const id = `${file.replace(/\W/g, '_')}_${block}`;
      examples.push(
        `// ${page.source} block ${block}`,
        `export const ${id}: WebhookPayload = ${JSON.stringify(payload)};`,
      );
      exampleCount += 1;
    }
  }
  await writeFile(join(dir, 'meta-examples.ts'), examples.join('\n'));

  const usage = await readFile(join(ROOT, 'test', 'fixtures', 'payload-types-usage.ts'), 'utf8');
  await writeFile(join(dir, 'usage.ts'), usage.replace('../../src/samples/payload-types.js', types));

  const compilerOptions = {
    strict: true,
    noEmit: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    // A bot without @types/node must be able to import the package's types.
    types: [],
    skipLibCheck: false,
  };
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: ['samples.ts', 'meta-examples.ts', 'usage.ts'] }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = await execa('node', [tsc, '-p', '.'], { cwd: dir, reject: false });
  output = (run.stdout + run.stderr).replaceAll(dir, '.');
  exitCode = run.exitCode;
}, SLOW_WORK_TIMEOUT_MS);
afterAll(() => cleanup());

const errorsIn = (file: string) => output.split('\n').filter((line) => line.includes(file));

it('the payload types describe every sample exactly', () => {
  expect(errorsIn('samples.ts')).toEqual([]);
});

it("the payload types accept Meta's own examples from its webhook reference pages", () => {
  expect(exampleCount).toBeGreaterThanOrEqual(50);
  expect(errorsIn('meta-examples.ts')).toEqual([]);
});

it('keys Meta omits are optional, narrowing holds, and nothing needs Node typings', () => {
  expect(errorsIn('usage.ts')).toEqual([]);
  // Anything else (a `Buffer` in a .d.ts the package ships, say) fails here.
  expect(output).toBe('');
  expect(exitCode).toBe(0);
});
