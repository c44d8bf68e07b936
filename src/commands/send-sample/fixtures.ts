/**
 * `send-sample --out DIR` and `--print [http|curl]`: the samples as files or text instead of requests, for a
 * bot's own test suite or a bug report. Nothing is sent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isOutboundTemplate, type Template } from '../../samples/render.js';
import { createIdFactory } from '../../samples/ids.js';
import { seededFill, seededNow } from '../../samples/bytes/seeded-bytes.js';
import { freshVars } from '../../samples/sample-vars.js';
import { fixturesReadme, renderSampleWith } from '../../samples/fixture.js';
import { curlCommand, httpRequestText } from '../../samples/send/print-request.js';
import type { Output } from '../../ui/output-io.js';
import { UsageError } from '../../errors.js';
import { errorCode } from '../../errors-narrow.js';

export type PrintFormat = 'http' | 'curl';

export interface FixtureRun {
  templates: Template[];
  baseVars: (template: Template) => Record<string, string>;
  sign: (body: Buffer) => string | undefined;
  signed: boolean;
  seed?: number;
}

function renderAll(run: FixtureRun) {
  const ids = createIdFactory(run.seed === undefined ? undefined : seededFill(run.seed));
  const now = run.seed === undefined ? Date.now : seededNow(run.seed);
  return run.templates.map((t) =>
    renderSampleWith(t, freshVars(run.baseVars(t), ids, now, isOutboundTemplate(t)), run.sign),
  );
}

/** Writes NAME.json (the exact body bytes), NAME.headers.json and a README into `dir`. */
export async function writeFixtures(cwd: string, dir: string, run: FixtureRun, out: Output): Promise<void> {
  const folder = resolve(cwd, dir);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create ${folder}: ${errorCode(error) ?? String(error)}`);
  }
  const files: Array<{ name: string; body: string; headers: string; bytes: number }> = [];
  for (const sample of renderAll(run)) {
    const body = join(folder, `${sample.name}.json`);
    const headers = join(folder, `${sample.name}.headers.json`);
    await writeFile(body, sample.body);
    await writeFile(headers, `${JSON.stringify(sample.headers, null, 2)}\n`);
    files.push({ name: sample.name, body, headers, bytes: sample.body.length });
    out.result(`${body}  ${sample.body.length} bytes, ${run.signed ? 'signed' : 'unsigned'}`);
  }
  const readme = join(folder, 'README.md');
  await writeFile(
    readme,
    fixturesReadme(
      run.templates.map((t) => t.name),
      run,
    ),
  );
  out.data({ out: folder, signed: run.signed, seed: run.seed, files, readme });
  out.ok(`${files.length} fixture${files.length === 1 ? '' : 's'} written to ${folder}`);
}

/** Prints one sample as an HTTP request or a curl command (stdout), addressed to `url`. */
export function printFixture(url: string, format: PrintFormat, run: FixtureRun, out: Output): void {
  if (run.templates.length !== 1) {
    throw new UsageError('--print shows exactly one sample: name one', {
      hint: 'e.g. `wa-hook send-sample text --print curl`; for many use --out DIR',
    });
  }
  const [sample] = renderAll(run);
  if (!sample) return;
  const { name, body, headers } = sample;
  if (out.json) return out.data({ name, url, headers, body: body.toString('latin1') });
  out.verbatim((format === 'curl' ? curlCommand : httpRequestText)(url, headers, body).trimEnd());
}
