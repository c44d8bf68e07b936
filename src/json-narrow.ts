/**
 * Small checks for values that arrive as `unknown` (JSON.parse of a request body, a file, a child's output):
 * they narrow by looking, so code past them reads fields without casts. Pure: no I/O.
 */

export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object, else an empty one (for optional nested objects read field by field). */
export function recordOr(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

/** The items of an array that are JSON objects; [] when the value is not an array. */
export function recordsIn(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** The value when it is a string, else undefined. */
export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The object reached by following `path` from `value` (strings step into objects, numbers into arrays);
 * undefined when a step is missing or the end is not an object.
 */
export function recordAt(value: unknown, ...path: Array<string | number>): JsonObject | undefined {
  let at: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = at[key];
    } else {
      if (!isRecord(at)) return undefined;
      at = at[key];
    }
  }
  return isRecord(at) ? at : undefined;
}
