#!/usr/bin/env node
/**
 * Extracts Meta's own webhook examples from a checkout of the Meta docs mirror
 * (github.com/kapso-meta-docs/documentation) into test/fixtures/meta-examples/, one file per reference page,
 * each example with its source path and block number. The payload-types test compiles every example as a
 * `WebhookPayload`; the mirror is not needed in CI because the extracted files are committed.
 *
 *   node scripts/extract-meta-examples.mjs <mirror-dir>
 *
 * <mirror-dir> is a work tree or a bare git directory of the mirror (read with `git show HEAD:path`).
 * A block counts when, once the mirror's markdown export artefacts are undone (line-end backslashes, `&lt;`
 * entities, `<!-- -->` and `//` comments, trailing commas), it parses as JSON with
 * `"object": "whatsapp_business_account"`. Syntax blocks with bare placeholders (`"code": <ERROR_CODE>`) do
 * not parse; they are listed under `skipped` with the reason, so nothing is dropped silently.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGES = /^documentation\/whatsapp\/webhooks\/reference\/.+\.mdx?$/;
const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'meta-examples');

const mirror = process.argv[2];
if (!mirror) {
  console.error('usage: node scripts/extract-meta-examples.mjs <mirror-dir>');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', mirror, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', 'HEAD').trim();
const pages = git('ls-tree', '-r', '--name-only', 'HEAD', 'documentation/whatsapp/webhooks/reference')
  .split('\n')
  .filter((p) => PAGES.test(p))
  .sort();

/** Undoes the export artefacts of the mirror's pages; the JSON text itself is left as Meta wrote it. */
function clean(block) {
  return block
    .split('\n')
    .map((line) => line.replace(/\\$/, '').replace(/^\\\{/, '{'))
    .join('\n')
    .replace(/\u00a0/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/,(\s*[}\]])/g, '$1');
}

function headingBefore(text, index) {
  const headings = [...text.slice(0, index).matchAll(/^#+\s+(.+)$/gm)];
  return headings.at(-1)?.[1]?.trim() ?? '';
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
let total = 0;
for (const page of pages) {
  const text = git('show', `HEAD:${page}`);
  const examples = [];
  const skipped = [];
  let block = 0;
  for (const match of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    block += 1;
    const raw = match[1];
    if (!raw.includes('whatsapp_business_account')) continue;
    try {
      const payload = JSON.parse(clean(raw));
      if (payload?.object !== 'whatsapp_business_account') continue;
      examples.push({ block, heading: headingBefore(text, match.index), payload });
    } catch (error) {
      skipped.push({ block, heading: headingBefore(text, match.index), reason: String(error.message) });
    }
  }
  if (examples.length === 0 && skipped.length === 0) continue;
  total += examples.length;
  const name = page.replace(/^documentation\/whatsapp\/webhooks\/reference\//, '').replace(/\.mdx?$/, '');
  const file = `${name.replace(/\//g, '--')}.json`;
  const doc = { source: `github.com/kapso-meta-docs/documentation/blob/${commit}/${page}`, examples, skipped };
  writeFileSync(join(OUT, file), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`${file}: ${examples.length} example(s), ${skipped.length} skipped`);
}
console.log(`${total} examples from ${readdirSync(OUT).length} pages into ${OUT}`);
