import { execa } from 'execa';
import { BIN, cliEnv } from './run-cli.js';
import { waitFor } from './wait-for.js';

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), so it is interactive; each answer is typed once
 * its text has appeared on the screen since the previous answer.
 */
export async function runInPty(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; answers: Array<[waitFor: string, keys: string]> },
): Promise<{ exitCode: number | undefined; screen: string }> {
  const command = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const proc = execa('script', ['-qefc', command, '/dev/null'], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'pipe',
  });
  let screen = '';
  proc.stdout?.on('data', (c: Buffer) => (screen += c.toString()));
  let mark = 0;
  for (const [text, keys] of options.answers) {
    await waitFor(() => screen.indexOf(text, mark) >= 0, { what: `"${text}" on screen`, timeout: 15_000 });
    mark = screen.length;
    proc.stdin?.write(keys);
  }
  const result = await proc;
  return { exitCode: result.exitCode, screen };
}
