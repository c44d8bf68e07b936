/**
 * One verify token life (issue 26, item 2): the token `up` keeps is the one `init` writes, and any change of the
 * token in use is said loudly at `up` start. Reports of the mismatch this prevents (the token in Meta's dashboard
 * no longer the one the receiver answers with): https://github.com/chatwoot/chatwoot/issues/11217
 * (`{"error": "Error; wrong verify token"}`, the token "is generated when you created the channel") and
 * https://github.com/JAXPARROW/whatsapi-flask-webhook/issues/1 ("The verify token should be the same used in
 * the Heroku environment config").
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import { runCli } from '../helpers/run-cli.js';

const project = useUpProject();
const state = async () =>
  JSON.parse(await readFile(join(project.dir, '.wa-hook', 'state.json'), 'utf8')) as { verifyToken: string };

describe('one verify token life', () => {
  it('init writes the token up keeps; the next up answers with it and says nothing changed', async () => {
    const first = await project.start([]);
    const generated = (await state()).verifyToken;
    expect(await first.stop()).toBe(0);

    const init = await runCli(['init', '--yes'], { cwd: project.dir });
    expect(init.exitCode).toBe(0);
    expect(init.stderr + init.stdout).toContain('WHATSAPP_VERIFY_TOKEN is the token `wa-hook up` already answers with');
    expect(await readFile(join(project.dir, '.env'), 'utf8')).toContain(`WHATSAPP_VERIFY_TOKEN=${generated}\n`);

    const second = await project.start([]);
    expect((await state()).verifyToken).toBe(generated);
    expect(second.stderr()).not.toContain('CHANGED');
    // The record of the token in use holds no copy of it.
    expect(await readFile(join(project.dir, '.wa-hook', 'verify-token-in-use.json'), 'utf8')).not.toContain(generated);
  });

  it('a different token at the next start is said loudly, old and new masked', async () => {
    const OLD = 'old-verify-token-0123456789abcdef';
    const NEW = 'new-verify-token-fedcba9876543210';
    await writeFile(join(project.dir, '.env'), `WHATSAPP_VERIFY_TOKEN=${OLD}\n`);
    const first = await project.start([]);
    expect(first.stderr()).not.toContain('CHANGED');
    expect(await first.stop()).toBe(0);

    await writeFile(join(project.dir, '.env'), `WHATSAPP_VERIFY_TOKEN=${NEW}\n`);
    const second = await project.start([]);
    const err = second.stderr();
    expect(err).toContain(
      'THE VERIFY TOKEN CHANGED since the last `wa-hook up`: it was old-…, now new-… (from WHATSAPP_VERIFY_TOKEN in .env when it started)',
    );
    expect(err).toContain('paste the new token in WhatsApp → Configuration → Verify token');
    expect(err).not.toContain(OLD);
    expect(err).not.toContain(NEW);
    expect(await second.stop()).toBe(0);

    // Healthy control: the same token again → no notice.
    const third = await project.start([]);
    expect(third.stderr()).not.toContain('CHANGED');
  });
});
