/**
 * What a caught value says about itself. `catch (error)` gives `unknown` (anything can be thrown: an Error, a
 * string, an object from another realm), so these look before they read instead of casting. Pure: no I/O.
 */

/** The string `code` of a Node errno error (ENOENT, EADDRINUSE…) or an undici error; undefined when there is none. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** The error's message; for a thrown non-Error (a string, a number) the value itself as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return String(error);
}

/** The code when there is one (ENOENT says more than "no such file or directory, open …"), else the message. */
export function errorReason(error: unknown): string {
  return errorCode(error) ?? errorMessage(error);
}
