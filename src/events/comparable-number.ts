/**
 * Numbers as EventBridge compares them: within -5e9..5e9 and precise to six decimal places. Both sides of a
 * numeric comparison go through the same conversion, so `300` equals `300.0` and `0.1 + 0.2` equals `0.3`.
 */

/** The largest magnitude EventBridge accepts in a `numeric` or `anything-but` filter. */
export const NUMBER_LIMIT = 5e9;

/** EventBridge's message for a number outside {@link NUMBER_LIMIT}. */
export const NUMBER_RANGE_MESSAGE = "Value must be between -5.0E9 and 5.0E9, inclusive";

/** Whether `value` is a finite number EventBridge can compare numerically. */
export function isComparable(value: number): boolean {
  return Number.isFinite(value) && value >= -NUMBER_LIMIT && value <= NUMBER_LIMIT;
}

/**
 * The integer EventBridge compares: the value shifted to be positive and scaled by 10^6, truncated. It uses
 * the same double arithmetic as EventBridge's engine, so rounding agrees at the edges.
 * Only call it with values for which {@link isComparable} holds.
 */
export function toComparable(value: number): number {
  return Math.trunc(1e6 * (NUMBER_LIMIT + value));
}
