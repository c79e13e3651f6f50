import { ValidationError } from "../errors";
import type { EventPattern } from "./event-pattern";
import { compilePattern, type CompiledPattern } from "./pattern-compiler";

/** The text EventBridge puts before the reason when it rejects a pattern (`InvalidEventPatternException`). */
export const INVALID_PATTERN_PREFIX = "Event pattern is not valid. Reason: ";

/** The outcome of {@link validateEventPattern}. */
export type PatternValidationResult = { valid: true } | { valid: false; reason: string };

/**
 * Checks a pattern the way EventBridge's `PutRule` and `TestEventPattern` do, offline.
 *
 * @param pattern a parsed pattern object, or its JSON text (as the EventBridge API carries it).
 * @returns `{ valid: false, reason }` where `reason` is the message EventBridge gives, for example
 *   `Event pattern is not valid. Reason: Empty arrays are not allowed`.
 */
export function validateEventPattern(pattern: unknown): PatternValidationResult {
  const result = tryCompile(pattern);
  return "reason" in result ? { valid: false, reason: result.reason } : { valid: true };
}

/**
 * Throws a `ValidationError` naming `field`, the pattern and EventBridge's reason unless `pattern` is a valid
 * event pattern object.
 *
 * @param field the prop, flag or file the pattern came from, for the message (`eventPattern` when left out).
 */
export function assertValidEventPattern(pattern: unknown, field = "eventPattern"): asserts pattern is EventPattern {
  if (typeof pattern === "string") {
    throw ValidationError.fromIssues("Event pattern", [
      { field, rule: "must be a pattern object, not JSON text: parse it with JSON.parse first", value: pattern },
    ]);
  }
  const result = tryCompile(pattern);
  if ("reason" in result) {
    throw new ValidationError(
      `Event pattern ${field} is invalid: ${result.reason}. Fix the pattern (see docs/event-patterns.md) and retry. ` +
        `Pattern: ${preview(pattern)}`,
      [{ field: result.field === "(root)" ? field : `${field}.${result.field}`, rule: result.reason, value: pattern }],
    );
  }
}

/**
 * Compiles a pattern object or JSON text, or reports EventBridge's reason and the field at fault.
 * @internal shared by the matcher and the explainer; not part of the package API
 */
export function tryCompile(pattern: unknown): CompiledPattern | { reason: string; field: string } {
  let parsed = pattern;
  if (typeof pattern === "string") {
    try {
      parsed = JSON.parse(pattern) as unknown;
    } catch (error) {
      return { reason: `${INVALID_PATTERN_PREFIX}${(error as Error).message}`, field: "(root)" };
    }
  }
  try {
    return compilePattern(parsed);
  } catch (error) {
    if (ValidationError.isValidationError(error)) {
      return { reason: `${INVALID_PATTERN_PREFIX}${error.message}`, field: error.issues[0]?.field ?? "(root)" };
    }
    throw error;
  }
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
