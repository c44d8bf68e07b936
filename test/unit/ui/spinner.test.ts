import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createSpinner } from '../../../src/ui/spinner-io.js';
import { createOutput } from '../../../src/ui/output-io.js';
import type { Ctx } from '../../../src/context.js';

function ctxWith(
  stderrProps: { columns?: number },
  flags: { isTTY: boolean; color: boolean },
): { ctx: Ctx; text: () => string } {
  let text = '';
  const stderr = Object.assign(
    new Writable({ write: (chunk, _enc, cb) => ((text += String(chunk)), cb()) }),
    stderrProps,
  );
  const stdout = new Writable({ write: (_c, _e, cb) => cb() });
  const ctx: Ctx = {
    cwd: '/',
    env: {},
    stdout,
    stderr,
    interactive: false,
    signal: new AbortController().signal,
    ...flags,
  };
  return { ctx, text: () => text };
}

describe('createSpinner', () => {
  it.each([
    ['a pipe', {}, { isTTY: false, color: false }],
    ['a TTY with NO_COLOR', { columns: 80 }, { isTTY: true, color: false }],
    // ora would compute Infinity lines to clear on a pty of width 0 and loop forever.
    ['a TTY without a size (columns 0)', { columns: 0 }, { isTTY: true, color: true }],
  ])('prints one plain line per state on %s', async (_name, stderrProps, flags) => {
    const { ctx, text } = ctxWith(stderrProps, flags);
    const spinner = await createSpinner(ctx, createOutput(ctx, false));
    spinner.start('opening a tunnel…');
    spinner.start('opening a tunnel…');
    spinner.clear();
    spinner.start('self-test…');
    expect(text()).toBe('… opening a tunnel…\n… self-test…\n');
  });

  it('is silent with --json', async () => {
    const { ctx, text } = ctxWith({ columns: 80 }, { isTTY: true, color: true });
    const spinner = await createSpinner(ctx, createOutput(ctx, true));
    spinner.start('x');
    spinner.clear();
    expect(text()).toBe('');
  });
});
