import { ValidationError } from "../errors";
import { collectLeaves, planLeaves, type Leaf } from "./event-leaves";
import type { EventPattern } from "./event-pattern";
import type { CompiledBranch } from "./pattern-compiler";
import { tryCompile } from "./pattern-validator";

/**
 * Offline EventBridge pattern matching with EventBridge's semantics:
 * - every field of the pattern must match (AND), any alternative in a leaf array may (OR), `$or` branches;
 * - an event array matches when any element does; fields matched inside an array of objects must come from the
 *   same element (array-consistent matching);
 * - `null` is a value (it matches `[null]`, `anything-but` and `exists: true`), a missing field is not;
 * - numbers and strings never equal each other (`300` does not match `"300"`); numbers compare numerically;
 * - `prefix`, `suffix`, `wildcard`, `equals-ignore-case` and `cidr` only match strings.
 */

/** A compiled pattern: call it with a full EventBridge event envelope object. */
export type EventPatternMatcher = (event: unknown) => boolean;

/**
 * Compiles a pattern once for fast repeated matching (a rule in the sandbox, a benchmark).
 *
 * @param pattern a pattern object, or its JSON text.
 * @throws ValidationError when the pattern is invalid, with EventBridge's reason.
 */
export function compileEventPattern(pattern: EventPattern | string): EventPatternMatcher {
  const compiled = tryCompile(pattern);
  if ("reason" in compiled) {
    throw new ValidationError(`${compiled.reason}. Fix the event pattern and retry.`, [
      { field: compiled.field === "(root)" ? "pattern" : `pattern.${compiled.field}`, rule: compiled.reason },
    ]);
  }
  const plan = planLeaves(compiled.paths);
  const branches = compiled.branches;
  return (event) => {
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
      return false;
    }
    const leaves = collectLeaves(event as { readonly [key: string]: unknown }, plan);
    return branches.some((branch) => branchMatches(branch, leaves));
  };
}

const cache = new WeakMap<object, EventPatternMatcher>();

/**
 * Whether `event` (a full EventBridge envelope: `version`, `id`, `detail-type`, `source`, `account`, `time`,
 * `region`, `resources`, `detail`) matches `pattern`. Compiled pattern objects are cached by identity, so
 * do not mutate a pattern object after matching with it.
 *
 * @throws ValidationError when the pattern is invalid, with EventBridge's reason.
 */
export function matches(pattern: EventPattern | string, event: unknown): boolean {
  if (typeof pattern === "string") {
    return compileEventPattern(pattern)(event);
  }
  let matcher = cache.get(pattern);
  if (matcher === undefined) {
    matcher = compileEventPattern(pattern);
    cache.set(pattern, matcher);
  }
  return matcher(event);
}

/**
 * Whether every field rule of `branch` holds, with array-consistent choices.
 * @internal shared with pattern-explain.ts
 */
export function branchMatches(branch: CompiledBranch, leaves: Map<string, Leaf[]>): boolean {
  let constrained: Leaf[][] | undefined;
  for (const rule of branch) {
    const found = leaves.get(rule.path);
    if (found === undefined) {
      if (rule.matchesAbsent) {
        continue;
      }
      return false;
    }
    const passing: Leaf[] = [];
    let free = false;
    for (const leaf of found) {
      if (rule.tests.some((test) => test(leaf.value))) {
        if (leaf.arrays === undefined) {
          // A passing value outside any array satisfies the field whatever other fields chose.
          free = true;
          break;
        }
        passing.push(leaf);
      }
    }
    if (free) {
      continue;
    }
    if (passing.length === 0) {
      return false;
    }
    (constrained ??= []).push(passing);
  }
  return constrained === undefined || constrained.length === 1 || consistent(constrained);
}

/** Whether one leaf per field can be chosen so that no two come from different elements of the same array. */
function consistent(candidates: Leaf[][]): boolean {
  const ordered = [...candidates].sort((left, right) => left.length - right.length);
  const chosen = new Map<number, number>();
  const search = (depth: number): boolean => {
    if (depth === ordered.length) {
      return true;
    }
    for (const leaf of ordered[depth] as Leaf[]) {
      const arrays = leaf.arrays as readonly number[];
      const added: number[] = [];
      let fits = true;
      for (let index = 0; index < arrays.length; index += 2) {
        const id = arrays[index] as number;
        const element = arrays[index + 1] as number;
        const current = chosen.get(id);
        if (current === undefined) {
          chosen.set(id, element);
          added.push(id);
        } else if (current !== element) {
          fits = false;
          break;
        }
      }
      if (fits && search(depth + 1)) {
        return true;
      }
      added.forEach((id) => chosen.delete(id));
    }
    return false;
  };
  return search(0);
}
