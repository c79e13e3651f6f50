import { Fn, Token } from "cdktf";
import type { EventPattern } from "../../src/events/event-pattern";
import { validateEventPattern } from "../../src/events/pattern-validator";

/**
 * The pattern as the JSON text a rule or archive takes. A pattern of literals is written out as JSON, readable
 * in the synthesized configuration; one that holds Terraform references goes through `jsonencode` so
 * Terraform fills them in.
 *
 * @internal
 */
export function eventPatternJson(pattern: EventPattern): string {
  const text = JSON.stringify(pattern);
  return Token.isUnresolved(text) ? Fn.jsonencode(pattern) : text;
}

/** Whether the pattern holds Terraform references, which only Terraform can resolve. @internal */
export function hasTokens(value: unknown): boolean {
  return Token.isUnresolved(JSON.stringify(value));
}

/**
 * What EventBridge would reject in the pattern, checked offline with the event-model validator. Terraform
 * references inside the pattern are checked as the strings they stand for.
 *
 * @internal
 */
export function patternProblems(pattern: EventPattern): string[] {
  const result = validateEventPattern(pattern);
  return result.valid ? [] : [`is invalid: ${result.reason} (pattern: ${preview(pattern)})`];
}

function preview(pattern: EventPattern): string {
  const text = JSON.stringify(pattern);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
