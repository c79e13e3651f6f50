/**
 * The shape of an Amazon EventBridge event pattern, as plain JSON-able TypeScript types.
 *
 * A pattern mirrors the structure of the events it matches: every leaf is an array of alternatives (exact
 * values or content filters), objects nest, and `$or` holds two or more alternative sub-patterns.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */

/** A JSON scalar an event field can be compared with exactly. */
export type EventPatternScalar = string | number | boolean | null;

/** The operators a `numeric` filter accepts. */
export type NumericOperator = "<" | "<=" | "=" | ">" | ">=";

/**
 * A `numeric` filter: one comparison (`[">", 0]`) or a lower and an upper bound (`[">", 0, "<=", 5]`).
 * Values must lie between -5e9 and 5e9; comparisons are precise to six decimal places.
 */
export type NumericFilter = readonly [NumericOperator, number] | readonly [">" | ">=", number, "<" | "<=", number];

/** A string, or case-insensitive string, operand of `prefix` and `suffix`. */
export type AffixOperand = string | { readonly "equals-ignore-case": string };

/** The operand of `anything-but`: values (all strings or all numbers), or one nested string filter. */
export type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: string | readonly string[] }
  | { readonly suffix: string | readonly string[] }
  | { readonly wildcard: string | readonly string[] }
  | { readonly "equals-ignore-case": string | readonly string[] };

/** One content filter, an object with exactly one operator key. */
export type ContentFilter =
  | { readonly prefix: AffixOperand }
  | { readonly suffix: AffixOperand }
  | { readonly "equals-ignore-case": string }
  | { readonly wildcard: string }
  | { readonly "anything-but": AnythingButOperand }
  | { readonly numeric: NumericFilter }
  | { readonly exists: boolean }
  | { readonly cidr: string };

/** One alternative in a leaf array: an exact value or a content filter. */
export type PatternAlternative = EventPatternScalar | ContentFilter;

/** What a pattern field holds: alternatives (a leaf), a nested pattern, or (under `$or`) sub-patterns. */
export type EventPatternValue = readonly PatternAlternative[] | EventPattern | readonly EventPattern[];

/**
 * An EventBridge event pattern. Field names are event field names (`source`, `detail-type`, `detail`, ...);
 * the special key `$or` holds an array of at least two alternative sub-patterns.
 */
export interface EventPattern {
  readonly [field: string]: EventPatternValue;
}

/** The names of every content filter operator EventBridge recognises (case-sensitive). */
export const PATTERN_OPERATORS = [
  "prefix",
  "suffix",
  "equals-ignore-case",
  "wildcard",
  "anything-but",
  "numeric",
  "exists",
  "cidr",
] as const;

/** One of {@link PATTERN_OPERATORS}. */
export type PatternOperator = (typeof PATTERN_OPERATORS)[number];

/** The key that introduces alternative sub-patterns. */
export const OR_KEY = "$or";
