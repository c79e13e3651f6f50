import { ValidationError } from "../errors";
import { collectLeaves, planLeaves, type Leaf } from "./event-leaves";
import type { EventPattern } from "./event-pattern";
import type { FieldRule } from "./pattern-compiler";
import { branchMatches } from "./pattern-matcher";
import { tryCompile } from "./pattern-validator";

/**
 * Explains why an event does not match a pattern, for people testing rules (`test-pattern`).
 *
 * @returns `undefined` when the event matches; otherwise the dotted paths of the fields that failed in the
 *   alternative (`$or` branch) that came closest, for example `["detail.severity_id"]`.
 * @throws ValidationError when the pattern is invalid, with EventBridge's reason.
 */
export function explainPatternMismatch(pattern: EventPattern | string, event: unknown): string[] | undefined {
  const compiled = tryCompile(pattern);
  if ("reason" in compiled) {
    throw new ValidationError(compiled.reason, [{ field: "pattern", rule: compiled.reason }]);
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return ["(event is not a JSON object)"];
  }
  const leaves = collectLeaves(event as { readonly [key: string]: unknown }, planLeaves(compiled.paths));
  let closest: string[] | undefined;
  for (const branch of compiled.branches) {
    if (branchMatches(branch, leaves)) {
      return undefined;
    }
    const failed = branch.filter((rule) => !fieldHolds(rule, leaves.get(rule.path))).map((rule) => rule.path);
    const reasons =
      failed.length > 0
        ? failed
        : [`${branch.map((rule) => rule.path).join(" and ")} (matched in different array elements)`];
    if (closest === undefined || reasons.length < closest.length) {
      closest = reasons;
    }
  }
  return closest ?? [];
}

function fieldHolds(rule: FieldRule, found: readonly Leaf[] | undefined): boolean {
  if (found === undefined) {
    return rule.matchesAbsent;
  }
  return found.some((leaf) => rule.tests.some((test) => test(leaf.value)));
}
