/**
 * A running `up` answers GET INSTANCE_PATH on its receiver with the random id it wrote into state.json.
 * A live pid alone proves nothing: Windows reuses pids quickly, so a state.json left by a killed `up`
 * (closed console, Stop-Process -Force, kill -9) can point at an unrelated process that happens to exist.
 */
export const INSTANCE_PATH = '/.wa-hook/instance';

/** Is the answer to GET INSTANCE_PATH the one the state file expects? */
export function instanceMatches(expected: string, status: number | undefined, body: string): boolean {
  return status === 200 && body.trim() === expected;
}
