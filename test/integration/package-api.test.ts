import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeTempDir } from '../helpers/temp-dir.js';
import { ROOT } from '../helpers/run-cli.js';
import { SLOW_WORK_TIMEOUT_MS } from '../helpers/slow-work.js';
import { sign } from '../helpers/webhook.js';

// The API as a user gets it: the packed tarball installed into a fresh project, imported by name.
let dir: string;
let cleanup: () => Promise<void>;
let project: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('wa-hook-pack-'));
  // dist/ is built by `npm test` before vitest runs; --ignore-scripts so packing does not rebuild it.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], { cwd: ROOT });
  const tarball = join(dir, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
  project = join(dir, 'bot');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'bot', private: true, type: 'module' }));
  // A .env the API must not read or mind.
  await writeFile(join(project, '.env'), 'WHATSAPP_APP_SECRET=from-dotenv\nnot a valid line\n');
  await execa('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
}, SLOW_WORK_TIMEOUT_MS);
afterAll(() => cleanup());

describe('the packed package, installed in a fresh project', () => {
  it('importing it prints nothing and leaves nothing running', async () => {
    const run = await execa('node', ['--input-type=module', '-e', "await import('wa-hook')"], {
      cwd: project,
      reject: false,
      timeout: 20_000,
    });
    expect(run).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('loads from CommonJS too: require() of the package works on every Node line in engines', async () => {
    const script = "const w = require('wa-hook'); console.log(typeof w.renderSample, typeof w.createLocalWhatsApp)";
    const run = await execa('node', ['--input-type=commonjs', '-e', script], { cwd: project, reject: false });
    expect(run).toMatchObject({ exitCode: 0, stdout: 'function function' });
  });

  it('renders signed samples whose bytes and signature check out independently', async () => {
    const script = `
      import { renderSample, listSamples, signBody, verifySignature, toMetaBytes } from 'wa-hook';
      const s = await renderSample('text', { appSecret: 'sekret', seed: 3, text: 'olá/👋' });
      const again = await renderSample('text', { appSecret: 'sekret', seed: 3, text: 'olá/👋' });
      console.log(JSON.stringify({
        body: s.body.toString('latin1'),
        headers: s.headers,
        text: s.payload.entry[0].changes[0].value.messages[0].text.body,
        same: again.body.equals(s.body),
        samples: (await listSamples()).length,
        sign: signBody(s.body, 'sekret') === s.headers['X-Hub-Signature-256'],
        verify: [verifySignature(s.body, s.headers['X-Hub-Signature-256'], 'sekret'), verifySignature(s.body, 'sha256=00', 'sekret')],
        meta: toMetaBytes({ a: 'é/' }).toString('latin1'),
      }));`;
    const run = await execa('node', ['--input-type=module', '-e', script], { cwd: project, reject: false });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    const expected = sign(Buffer.from(out.body, 'latin1'), 'sekret');
    expect(out.headers).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': 'facebookexternalua',
      'X-Hub-Signature-256': expected,
    });
    expect(out.body).toContain('"body":"ol\\u00e1\\/\\ud83d\\udc4b"');
    expect(out).toMatchObject({
      text: 'olá/👋',
      same: true,
      sign: true,
      verify: [true, false],
      meta: '{"a":"\\u00e9\\/"}',
    });
    expect(out.samples).toBeGreaterThanOrEqual(27);
  });

  it(
    'ships types a TypeScript bot can type its handler with',
    async () => {
      const compilerOptions = {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        // A Node bot has @types/node; borrow ours rather than install it again.
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        types: ['node'],
      };
      await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
      await writeFile(
        join(project, 'handler.ts'),
        `import { isMessagesChange, renderSample, type WebhookPayload } from 'wa-hook';
       export function texts(payload: WebhookPayload): string[] {
         const out: string[] = [];
         for (const change of payload.entry.flatMap((e) => e.changes)) {
           if (!isMessagesChange(change)) continue;
           for (const m of change.value.messages ?? []) if (m.type === 'text') out.push(m.text.body);
         }
         return out;
       }
       export const sample: Promise<Buffer> = renderSample('text').then((s) => s.body);
       export const wrong = (p: WebhookPayload) => {
         const change = p.entry[0]!.changes[0]!;
         // @ts-expect-error a status has no text: the types must say so
         return isMessagesChange(change) ? change.value.statuses?.[0]?.text : undefined;
       };
      `,
      );
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = await execa('node', [tsc, '-p', '.'], { cwd: project, reject: false });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(await readdir(join(project, 'node_modules', 'wa-hook', 'dist'))).toContain('index.d.ts');
    },
    // A full tsc run with @types/node: tens of seconds on a loaded 2-core machine.
    SLOW_WORK_TIMEOUT_MS,
  );
});
