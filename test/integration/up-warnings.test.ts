import { describe, expect, it } from 'vitest';
import { useUpProject } from '../helpers/up-project.js';
import { waitFor } from '../helpers/wait-for.js';
import { startCli } from '../helpers/run-cli.js';

const ACCESS_TOKEN_SHAPE = `EAAGm0PX4ZCps${'B'.repeat(60)}`;

/** Secret-shape mistakes doctor knows are said by `up` at start, with doctor's fix. */
describe('up warns about secret-shape mistakes at start', () => {
  const project = useUpProject();

  it('an EAA… access token as the verify token: a warning with the fix, the token masked', async () => {
    const up = await project.start(['--verify-token', ACCESS_TOKEN_SHAPE, '--app-secret', 'not-hex']);
    const stderr = await waitFor(() => /rotate the access token/.test(up.stderr()) && up.stderr(), {
      what: 'the access-token warning',
    });
    expect(stderr).toMatch(
      /⚠ verify token is not an access token: WHATSAPP_VERIFY_TOKEN \(from --verify-token\) is a Meta access token \(EAAG…\)/,
    );
    expect(stderr).toMatch(/→ replace it with a random string/);
    expect(stderr).toMatch(/⚠ App Secret: /);
    expect(stderr).not.toContain(ACCESS_TOKEN_SHAPE);
    expect(await up.stop()).toBe(0);
  });

  it('says them before the banner, so they are read before anything is pasted into Meta', async () => {
    const proc = startCli(
      ['up', '--tunnel', 'none', '--port', '0', '--no-inspect', '--verify-token', ACCESS_TOKEN_SHAPE],
      {
        cwd: project.dir,
      },
    );
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await waitFor(() => stderr.includes('Waiting for events'), { what: 'the banner' });
      const warning = stderr.indexOf('verify token is not an access token');
      expect(warning).toBeGreaterThanOrEqual(0);
      expect(warning).toBeLessThan(stderr.indexOf('receiver listening on'));
    } finally {
      proc.kill('SIGTERM');
      await proc;
    }
  });
});
