// Counts the type assertions (`as T` other than `as const`, `<T>x`) and non-null assertions (`x!`) in src/, with the
// TypeScript parser: a grep also counts prose ("as Meta would") and misses `x!.y`. Issue 22 keeps casts to the
// boundaries; run `node scripts/count-assertions.mjs --list` to see each one with its place.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith('.ts')) files.push(path);
  }
})('src');

const found = [];
for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const where = (node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  (function visit(node) {
    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && node.type.getText(source) !== 'const')
      found.push({ kind: 'cast', at: where(node), text: node.getText(source) });
    if (ts.isNonNullExpression(node)) found.push({ kind: 'non-null', at: where(node), text: node.getText(source) });
    ts.forEachChild(node, visit);
  })(source);
}
if (process.argv.includes('--list'))
  for (const f of found) console.log(`${f.kind.padEnd(8)} ${f.at}: ${f.text.replace(/\s+/g, ' ').slice(0, 100)}`);
const count = (kind) => found.filter((f) => f.kind === kind).length;
console.log(`casts: ${count('cast')}, non-null assertions: ${count('non-null')} (${files.length} files)`);
