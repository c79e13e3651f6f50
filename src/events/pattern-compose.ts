import { ValidationError } from "../errors";
import { OR_KEY, type EventPattern, type EventPatternValue } from "./event-pattern";

/**
 * Combining whole patterns: {@link anyPattern} (OR, as `$or`) and {@link allPatterns} (AND, a deep merge).
 * Both return new plain objects and leave their inputs untouched.
 */

/** A pattern that matches when any of `patterns` does (EventBridge `$or`; at least two). */
export function anyPattern(...patterns: EventPattern[]): EventPattern {
  if (patterns.length < 2) {
    throw ValidationError.fromIssues("anyPattern", [
      { field: "patterns", rule: "must list at least 2 patterns ($or needs two alternatives)", value: patterns.length },
    ]);
  }
  return { [OR_KEY]: patterns.map((pattern) => ({ ...pattern })) };
}

/**
 * A pattern that matches when all of `patterns` do: nested objects merge; two `$or` at one level become the
 * `$or` of every pairing. An identical leaf in both is kept once; the same leaf field constrained differently
 * is rejected, because EventBridge cannot AND two alternatives lists on one field: use one `Match` instead.
 */
export function allPatterns(...patterns: EventPattern[]): EventPattern {
  return patterns.reduce<EventPattern>((merged, pattern) => mergeTwo(merged, pattern, ""), {});
}

function mergeTwo(left: EventPattern, right: EventPattern, path: string): EventPattern {
  const result: Record<string, EventPatternValue> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const existing = result[key];
    const field = path === "" ? key : `${path}.${key}`;
    if (existing === undefined) {
      result[key] = value;
    } else if (key === OR_KEY) {
      const lefts = existing as readonly EventPattern[];
      const rights = value as readonly EventPattern[];
      result[key] = lefts.flatMap((a) => rights.map((b) => mergeTwo(a, b, path)));
    } else if (isNested(existing) && isNested(value)) {
      result[key] = mergeTwo(existing, value, field);
    } else if (JSON.stringify(existing) === JSON.stringify(value)) {
      // The same constraint twice (for example `class_uid` from two Snyk helpers) is one constraint.
      continue;
    } else {
      throw ValidationError.fromIssues("allPatterns", [
        {
          field,
          rule: "is constrained by two patterns; put all alternatives in one leaf (Match.anyOf) or use anyPattern",
        },
      ]);
    }
  }
  return result;
}

function isNested(value: EventPatternValue): value is EventPattern {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
