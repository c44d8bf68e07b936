/** Polls until `check` returns a value (not undefined/false) or the deadline passes. Never a fixed sleep. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  // A safety net under the 30 s test timeout, so a stuck wait names what it waited for.
  const deadline = Date.now() + (options.timeout ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${options.what ?? 'condition'}${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.interval ?? 25));
  }
}
