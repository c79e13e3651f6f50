import { ValidationError } from "../errors";

/** Shared pieces of pattern compilation: value types, JSON object checks and EventBridge-style rejections. */

/** A value found at a leaf of an event: EventBridge only compares JSON scalars. */
export type LeafValue = string | number | boolean | null;

/** One test of a leaf value. */
export type ValueTest = (value: LeafValue) => boolean;

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether `value` is a JSON object (not an array, not `null`). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Rejects a pattern: throws a `ValidationError` whose message is EventBridge's reason (without the
 * `Event pattern is not valid. Reason: ` prefix) and whose single issue names the dotted field.
 */
export function fail(field: string, reason: string): never {
  throw new ValidationError(reason, [{ field, rule: reason }]);
}
