import type { Ctx } from '../context.js';

/**
 * Thin wrappers over @inquirer/prompts (imported lazily: it is heavy). Prompts draw on stderr so stdout
 * stays clean for data, and they stop on Ctrl-C / SIGTERM via ctx.signal. A cancel surfaces as
 * inquirer's ExitPromptError/AbortPromptError, which cli.ts turns into "Cancelled." (exit 130) — callers
 * write nothing before the last answer, so a cancelled run leaves files untouched.
 */

function context(ctx: Ctx) {
  return { output: ctx.stderr, signal: ctx.signal, clearPromptOnDone: false };
}

export async function askConfirm(ctx: Ctx, message: string, defaultValue = false): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: defaultValue }, context(ctx));
}

export async function askText(
  ctx: Ctx,
  options: { message: string; default?: string; validate?: (value: string) => true | string },
): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({ message: options.message, default: options.default, validate: options.validate }, context(ctx));
}

/** Secret input: echoes `*`, and an empty answer means "keep the current value" (shown masked in the message). */
export async function askSecret(
  ctx: Ctx,
  options: { message: string; validate?: (value: string) => true | string },
): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message: options.message, mask: '*', validate: options.validate }, context(ctx));
}
