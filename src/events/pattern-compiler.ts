import { exactTest, parseFilter } from "./content-filters";
import { OR_KEY, PATTERN_OPERATORS } from "./event-pattern";
import { fail, isObject, type JsonObject, type ValueTest } from "./pattern-syntax";
import { WILDCARD_COMPLEXITY_LIMIT, WILDCARD_TOO_COMPLEX, wildcardComplexity } from "./wildcard";

/**
 * Turns an event pattern into the rules the matcher runs, checking it the way EventBridge does. The checks and
 * their messages follow EventBridge's pattern engine (aws/event-ruler): `$or` expands into alternative
 * branches, nested keys join into dotted paths (`{"a": {"b": ...}}` and `{"a.b": ...}` are the same field).
 */

/** What one branch requires of one field. */
export interface FieldRule {
  /** The dotted path of the field, for example `detail.severity_id`. */
  readonly path: string;
  /** The alternatives; a leaf value passing any of them satisfies the field. */
  readonly tests: readonly ValueTest[];
  /** Whether the field being absent satisfies it (`{"exists": false}` among the alternatives). */
  readonly matchesAbsent: boolean;
  /** The wildcard patterns among the alternatives, for the complexity check. */
  readonly wildcards: readonly string[];
}

/** One way the pattern can match: every field rule must hold. */
export type CompiledBranch = readonly FieldRule[];

/** A checked pattern: it matches when any branch does. */
export interface CompiledPattern {
  readonly branches: readonly CompiledBranch[];
  /** Every field path any branch reads. */
  readonly paths: readonly string[];
}

/**
 * Compiles `pattern` (a parsed JSON object). Throws a `ValidationError` whose message is EventBridge's reason
 * (without the `Event pattern is not valid. Reason: ` prefix) and whose single issue names the field.
 */
export function compilePattern(pattern: unknown): CompiledPattern {
  if (!isObject(pattern)) {
    fail("(root)", "Filter is not an object");
  }
  const branches: Map<string, FieldRule>[] = [];
  parseObject(branches, "", pattern, false);
  const result = branches.map((branch) => [...branch.values()]);
  checkComplexity(result);
  const paths = [...new Set(result.flatMap((branch) => branch.map((rule) => rule.path)))];
  return { branches: result, paths };
}

function parseObject(branches: Map<string, FieldRule>[], prefix: string, object: JsonObject, insideOr: boolean): void {
  // A key holding `undefined` disappears when the pattern is serialised for EventBridge, so it is ignored here.
  const keys = Object.keys(object).filter((key) => object[key] !== undefined);
  if (keys.length === 0) {
    fail(prefix || "(root)", "Empty objects are not allowed");
  }
  for (const key of keys) {
    const value = object[key];
    if (key === OR_KEY) {
      parseOr(branches, prefix, value);
      continue;
    }
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (insideOr && (PATTERN_OPERATORS as readonly string[]).includes(key)) {
      fail(path, `${key} is Ruler reserved fieldName which cannot be used inside ${OR_KEY}.`);
    }
    if (Array.isArray(value)) {
      addRule(branches, parseAlternatives(path, value));
    } else if (isObject(value)) {
      parseObject(branches, path, value, insideOr);
    } else {
      fail(path, `"${key}" must be an object or an array`);
    }
  }
}

function parseOr(branches: Map<string, FieldRule>[], prefix: string, value: unknown): void {
  const field = prefix === "" ? OR_KEY : `${prefix}.${OR_KEY}`;
  if (!Array.isArray(value)) {
    fail(field, `It must be an Array followed with ${OR_KEY}.`);
  }
  const before = branches.map((branch) => new Map(branch));
  branches.length = 0;
  for (const alternative of value) {
    if (!isObject(alternative)) {
      fail(field, `Only JSON object is allowed in array of ${OR_KEY} relationship.`);
    }
    const forked = before.length === 0 ? [new Map<string, FieldRule>()] : before.map((branch) => new Map(branch));
    parseObject(forked, prefix, alternative, true);
    branches.push(...forked);
  }
  if (value.length < 2) {
    fail(field, `There must have at least 2 Objects in ${OR_KEY} relationship.`);
  }
}

function addRule(branches: Map<string, FieldRule>[], rule: FieldRule): void {
  if (branches.length === 0) {
    branches.push(new Map());
  }
  for (const branch of branches) {
    // A later occurrence of the same path replaces the earlier one, as in EventBridge.
    branch.set(rule.path, rule);
  }
}

function parseAlternatives(path: string, alternatives: readonly unknown[]): FieldRule {
  const tests: ValueTest[] = [];
  const wildcards: string[] = [];
  let matchesAbsent = false;
  for (const alternative of alternatives) {
    if (isObject(alternative)) {
      const filter = parseFilter(path, alternative);
      if (filter.absent) {
        matchesAbsent = true;
      } else {
        tests.push(filter.test);
      }
      wildcards.push(...filter.wildcards);
    } else if (Array.isArray(alternative)) {
      fail(path, "Match value must be String, number, true, false, or null");
    } else {
      tests.push(exactTest(alternative as string | number | boolean | null));
    }
  }
  if (alternatives.length === 0) {
    fail(path, "Empty arrays are not allowed");
  }
  return { path, tests, matchesAbsent, wildcards };
}

function checkComplexity(branches: readonly CompiledBranch[]): void {
  const byPath = new Map<string, Set<string>>();
  for (const branch of branches) {
    for (const rule of branch) {
      if (rule.wildcards.length > 0) {
        const patterns = byPath.get(rule.path) ?? new Set<string>();
        rule.wildcards.forEach((pattern) => patterns.add(pattern));
        byPath.set(rule.path, patterns);
      }
    }
  }
  for (const [path, patterns] of byPath) {
    if (wildcardComplexity([...patterns]) > WILDCARD_COMPLEXITY_LIMIT) {
      fail(path, WILDCARD_TOO_COMPLEX);
    }
  }
}
