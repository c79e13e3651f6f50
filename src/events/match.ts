import { ValidationError } from "../errors";
import { NUMBER_LIMIT } from "./comparable-number";
import type { EventPatternScalar, PatternAlternative } from "./event-pattern";
import { parseCidr } from "./ip-address";
import { wildcardSyntaxError } from "./wildcard";

/** The alternatives of one pattern leaf, as the builders below produce them. Spread several into one array. */
export type Matcher = PatternAlternative[];

/** Options of {@link Match.between}. */
export interface BetweenOptions {
  /**
   * Whether the lower bound itself matches.
   * @default - true (`>=`)
   */
  readonly lowerInclusive?: boolean;
  /**
   * Whether the upper bound itself matches.
   * @default - true (`<=`)
   */
  readonly upperInclusive?: boolean;
}

/**
 * Typed builders for event pattern leaves, in the spirit of aws-cdk's `Match`: each returns the array a pattern
 * field holds, so `{ detail: { state: Match.anythingBut("initializing") } }` needs no hand-written JSON.
 * Combine alternatives for one field with {@link Match.anyOf}. Builders reject operands EventBridge would
 * reject, with a `ValidationError` naming the builder and the value.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
export class Match {
  /** Matches any of the given exact values (strings, numbers, booleans or `null`; numbers compare numerically). */
  public static exactly(...values: EventPatternScalar[]): Matcher {
    requireSome("Match.exactly", values);
    return [...values];
  }

  /** Matches a field whose value is JSON `null` (not a missing field). */
  public static nullValue(): Matcher {
    return [null];
  }

  /** Matches strings starting with `prefix` (case-sensitive). An empty prefix matches every string. */
  public static prefix(prefix: string): Matcher {
    return [{ prefix: requireString("Match.prefix", prefix) }];
  }

  /** Matches strings starting with `prefix` in any letter case. */
  public static prefixIgnoreCase(prefix: string): Matcher {
    return [{ prefix: { "equals-ignore-case": requireString("Match.prefixIgnoreCase", prefix) } }];
  }

  /** Matches strings ending with `suffix` (case-sensitive). */
  public static suffix(suffix: string): Matcher {
    return [{ suffix: requireString("Match.suffix", suffix) }];
  }

  /** Matches strings ending with `suffix` in any letter case. */
  public static suffixIgnoreCase(suffix: string): Matcher {
    return [{ suffix: { "equals-ignore-case": requireString("Match.suffixIgnoreCase", suffix) } }];
  }

  /** Matches strings equal to `value` in any letter case. */
  public static equalsIgnoreCase(value: string): Matcher {
    return [{ "equals-ignore-case": requireString("Match.equalsIgnoreCase", value) }];
  }

  /** Matches strings against a wildcard pattern: `*` is any run of characters; `\*` and `\\` are literals. */
  public static wildcard(pattern: string): Matcher {
    return [{ wildcard: requireWildcard("Match.wildcard", pattern) }];
  }

  /** Matches any value except the given strings, or except the given numbers (not both). */
  public static anythingBut(...values: string[] | number[]): Matcher {
    requireSome("Match.anythingBut", values);
    if (typeof values[0] === "number") {
      values.forEach((value) => requireNumber("Match.anythingBut", value as number));
    }
    const operand = values.length === 1 ? (values[0] as string | number) : ([...values] as string[] | number[]);
    return [{ "anything-but": operand }];
  }

  /** Matches any value except strings starting with one of `prefixes`. */
  public static anythingButPrefix(...prefixes: string[]): Matcher {
    return [{ "anything-but": { prefix: nonEmptyTexts("Match.anythingButPrefix", prefixes) } }];
  }

  /** Matches any value except strings ending with one of `suffixes`. */
  public static anythingButSuffix(...suffixes: string[]): Matcher {
    return [{ "anything-but": { suffix: nonEmptyTexts("Match.anythingButSuffix", suffixes) } }];
  }

  /** Matches any value except strings matching one of the wildcard `patterns`. */
  public static anythingButWildcard(...patterns: string[]): Matcher {
    requireSome("Match.anythingButWildcard", patterns);
    patterns.forEach((pattern) => requireWildcard("Match.anythingButWildcard", pattern));
    return [{ "anything-but": { wildcard: patterns.length === 1 ? (patterns[0] as string) : [...patterns] } }];
  }

  /** Matches any value except the given strings in any letter case. */
  public static anythingButEqualsIgnoreCase(...values: string[]): Matcher {
    requireSome("Match.anythingButEqualsIgnoreCase", values);
    values.forEach((value) => requireString("Match.anythingButEqualsIgnoreCase", value));
    return [{ "anything-but": { "equals-ignore-case": values.length === 1 ? (values[0] as string) : [...values] } }];
  }

  /** Matches numbers equal to `value` (numerically: `300` matches `300.0`, never the string `"300"`). */
  public static equal(value: number): Matcher {
    return [{ numeric: ["=", requireNumber("Match.equal", value)] }];
  }

  /** Matches numbers greater than `value`. */
  public static greaterThan(value: number): Matcher {
    return [{ numeric: [">", requireNumber("Match.greaterThan", value)] }];
  }

  /** Matches numbers greater than or equal to `value`. */
  public static greaterThanOrEqual(value: number): Matcher {
    return [{ numeric: [">=", requireNumber("Match.greaterThanOrEqual", value)] }];
  }

  /** Matches numbers less than `value`. */
  public static lessThan(value: number): Matcher {
    return [{ numeric: ["<", requireNumber("Match.lessThan", value)] }];
  }

  /** Matches numbers less than or equal to `value`. */
  public static lessThanOrEqual(value: number): Matcher {
    return [{ numeric: ["<=", requireNumber("Match.lessThanOrEqual", value)] }];
  }

  /** Matches numbers between `lower` and `upper` (both included unless the options say otherwise). */
  public static between(lower: number, upper: number, options: BetweenOptions = {}): Matcher {
    requireNumber("Match.between", lower);
    requireNumber("Match.between", upper);
    if (lower >= upper) {
      throw ValidationError.fromIssues("Match.between", [
        { field: "lower", rule: `must be less than upper (${upper})`, value: lower },
      ]);
    }
    const low = options.lowerInclusive === false ? ">" : ">=";
    const high = options.upperInclusive === false ? "<" : "<=";
    return [{ numeric: [low, lower, high, upper] }];
  }

  /** Matches when the field is present with a scalar value (including `null`). */
  public static exists(): Matcher {
    return [{ exists: true }];
  }

  /** Matches when the field is absent (a field holding an object or `[]` counts as absent). */
  public static doesNotExist(): Matcher {
    return [{ exists: false }];
  }

  /** Matches IPv4 or IPv6 address strings within a CIDR block, for example `10.0.0.0/24`. */
  public static cidr(block: string): Matcher {
    requireString("Match.cidr", block);
    try {
      parseCidr(block);
    } catch (error) {
      throw ValidationError.fromIssues("Match.cidr", [
        { field: "block", rule: `must be a CIDR block such as 10.0.0.0/24: ${(error as Error).message}`, value: block },
      ]);
    }
    return [{ cidr: block }];
  }

  /** Matches when any of the given leaf matchers does: `Match.anyOf(Match.prefix("a"), Match.exists())`. */
  public static anyOf(...matchers: Matcher[]): Matcher {
    requireSome("Match.anyOf", matchers);
    return matchers.flat();
  }
}

function requireSome(builder: string, values: readonly unknown[]): void {
  if (values.length === 0) {
    throw ValidationError.fromIssues(builder, [
      { field: "values", rule: "must name at least one value (EventBridge rejects empty arrays)" },
    ]);
  }
}

function requireString(builder: string, value: string): string {
  if (typeof value !== "string") {
    throw ValidationError.fromIssues(builder, [{ field: "value", rule: "must be a string", value }]);
  }
  return value;
}

function requireNumber(builder: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > NUMBER_LIMIT) {
    throw ValidationError.fromIssues(builder, [
      { field: "value", rule: "must be a finite number between -5e9 and 5e9 (EventBridge's numeric range)", value },
    ]);
  }
  return value;
}

function requireWildcard(builder: string, pattern: string): string {
  requireString(builder, pattern);
  const error = wildcardSyntaxError(pattern);
  if (error !== undefined) {
    throw ValidationError.fromIssues(builder, [
      { field: "pattern", rule: `must be a valid wildcard (${error}); escape a literal * as \\*`, value: pattern },
    ]);
  }
  return pattern;
}

function nonEmptyTexts(builder: string, texts: readonly string[]): string | string[] {
  requireSome(builder, texts);
  for (const text of texts) {
    requireString(builder, text);
    if (text === "") {
      throw ValidationError.fromIssues(builder, [
        {
          field: "values",
          rule: "must not be empty strings (EventBridge rejects an empty prefix/suffix)",
          value: text,
        },
      ]);
    }
  }
  return texts.length === 1 ? (texts[0] as string) : [...texts];
}
