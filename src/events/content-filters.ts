import { NUMBER_RANGE_MESSAGE, isComparable, toComparable } from "./comparable-number";
import { inRange, parseCidr, parseIpAddress, sameAddress } from "./ip-address";
import { fail, isObject, type JsonObject, type ValueTest } from "./pattern-syntax";
import { compileWildcard, wildcardSyntaxError } from "./wildcard";

/**
 * The content filters of a pattern leaf (`prefix`, `numeric`, `anything-but`, ...) and exact values, checked
 * with EventBridge's rules and messages and turned into value tests.
 */

/** A parsed alternative of a leaf. */
export interface ParsedFilter {
  /** The test a present leaf value must pass. */
  readonly test: ValueTest;
  /** Whether this alternative is `{"exists": false}` (satisfied by a missing field; `test` is unused). */
  readonly absent: boolean;
  /** The wildcard patterns it uses, for the complexity check. */
  readonly wildcards: readonly string[];
}

const ONLY_ONE_KEY = "Only one key allowed in match expression";
const TOO_MANY_ELEMENTS = "Too many elements in numeric expression";

/** Parses one `{operator: operand}` alternative of the leaf at `path`; rejects it as EventBridge would. */
export function parseFilter(path: string, filter: JsonObject): ParsedFilter {
  const keys = Object.keys(filter);
  const operator = keys[0];
  if (operator === undefined) {
    fail(path, "Match expression name not found");
  }
  const operand = filter[operator];
  const parsed = parseOperator(path, operator, operand);
  if (keys.length > 1) {
    fail(path, operator === "numeric" || operator === "anything-but" ? TOO_MANY_ELEMENTS : ONLY_ONE_KEY);
  }
  return parsed;
}

function parseOperator(path: string, operator: string, operand: unknown): ParsedFilter {
  switch (operator) {
    case "prefix":
    case "suffix":
      return plain(affixTest(path, operator, operand));
    case "equals-ignore-case": {
      const text = requireString(path, operand, "equals-ignore-case match pattern must be a string");
      const folded = text.toLowerCase();
      return plain((value) => typeof value === "string" && value.toLowerCase() === folded);
    }
    case "wildcard": {
      const text = requireString(path, operand, "wildcard match pattern must be a string");
      checkWildcard(path, text);
      const matcher = compileWildcard(text);
      return { test: (value) => typeof value === "string" && matcher(value), absent: false, wildcards: [text] };
    }
    case "numeric":
      return plain(numericTest(path, operand));
    case "anything-but":
      return anythingBut(path, operand);
    case "exists":
      if (typeof operand !== "boolean") {
        fail(path, "exists match pattern must be either true or false.");
      }
      return { test: () => true, absent: !operand, wildcards: [] };
    case "cidr":
      return plain(cidrTest(path, operand));
    default:
      return fail(path, `Unrecognized match type ${operator}`);
  }
}

function plain(test: ValueTest): ParsedFilter {
  return { test, absent: false, wildcards: [] };
}

/** The test for an exact value: strings, booleans and `null` by equality, numbers numerically, IPs as addresses. */
export function exactTest(expected: string | number | boolean | null): ValueTest {
  if (typeof expected === "number") {
    if (!isComparable(expected)) {
      return (value) => value === expected;
    }
    const comparable = toComparable(expected);
    return (value) => typeof value === "number" && isComparable(value) && toComparable(value) === comparable;
  }
  if (typeof expected === "string") {
    const address = parseIpAddress(expected);
    if (address !== undefined) {
      // EventBridge compares IP address literals as addresses, so `2001:db8::1` equals its long form.
      return (value) => {
        if (typeof value !== "string") {
          return false;
        }
        const candidate = value === expected ? address : parseIpAddress(value);
        return candidate !== undefined && sameAddress(candidate, address);
      };
    }
  }
  return (value) => value === expected;
}

function affixTest(path: string, operator: "prefix" | "suffix", operand: unknown): ValueTest {
  const isPrefix = operator === "prefix";
  if (isObject(operand)) {
    const keys = Object.keys(operand);
    const inner = keys[0];
    const label = isPrefix ? "Prefix" : "Suffix";
    if (inner === undefined) {
      fail(path, `${label} expression name not found`);
    }
    if (inner !== "equals-ignore-case") {
      fail(path, `Unsupported ${operator} pattern: ${inner}`);
    }
    const text = requireString(path, operand[inner], "equals-ignore-case match pattern must be a string");
    if (keys.length > 1) {
      fail(path, ONLY_ONE_KEY);
    }
    const folded = text.toLowerCase();
    return isPrefix
      ? (value) => typeof value === "string" && value.toLowerCase().startsWith(folded)
      : (value) => typeof value === "string" && value.toLowerCase().endsWith(folded);
  }
  const text = requireString(path, operand, `${operator} match pattern must be a string`);
  return isPrefix
    ? (value) => typeof value === "string" && value.startsWith(text)
    : (value) => typeof value === "string" && value.endsWith(text);
}

function numericTest(path: string, operand: unknown): ValueTest {
  if (!Array.isArray(operand)) {
    fail(path, "Value of numeric must be an array.");
  }
  const terms: readonly unknown[] = operand;
  const operator = terms[0];
  if (typeof operator !== "string") {
    fail(path, `Invalid member in numeric match: ${tokenText(terms, 0)}`);
  }
  const first = terms[1];
  const bound = (index: number, name: string): number => {
    const value = terms[index];
    if (typeof value !== "number") {
      fail(path, `Value of ${name} must be numeric`);
    }
    return value;
  };
  const comparable = (value: number): number => {
    if (!isComparable(value)) {
      fail(path, NUMBER_RANGE_MESSAGE);
    }
    return toComparable(value);
  };
  switch (operator) {
    case "=": {
      const value = bound(1, "equals");
      if (terms.length > 2) {
        fail(path, TOO_MANY_ELEMENTS);
      }
      const target = comparable(value);
      return numberTest((n) => n === target);
    }
    case "<":
    case "<=": {
      const value = bound(1, operator);
      if (terms.length > 2) {
        fail(path, TOO_MANY_ELEMENTS);
      }
      const top = comparable(value);
      return numberTest(operator === "<" ? (n) => n < top : (n) => n <= top);
    }
    case ">":
    case ">=": {
      bound(1, operator);
      const bottom = comparable(first as number);
      const openBottom = operator === ">";
      const above = openBottom ? (n: number) => n > bottom : (n: number) => n >= bottom;
      if (terms.length === 2) {
        return numberTest(above);
      }
      const upper = terms[2];
      if (typeof upper !== "string") {
        fail(path, `Bad value in numeric range: ${tokenText(terms, 2)}`);
      }
      if (upper !== "<" && upper !== "<=") {
        fail(path, `Bad numeric range operator: ${upper}`);
      }
      const topValue = bound(3, upper);
      if (terms.length > 4) {
        fail(path, "Too many terms in numeric range expression");
      }
      const top = comparable(topValue);
      if (bottom >= top) {
        fail(path, "Bottom must be less than top");
      }
      return numberTest(upper === "<" ? (n) => above(n) && n < top : (n) => above(n) && n <= top);
    }
    default:
      return fail(path, `Unrecognized numeric range operator: ${operator}`);
  }
}

function numberTest(test: (comparable: number) => boolean): ValueTest {
  return (value) => typeof value === "number" && isComparable(value) && test(toComparable(value));
}

function cidrTest(path: string, operand: unknown): ValueTest {
  // EventBridge reports a non-string CIDR with the prefix message; kept for fidelity.
  const text = requireString(path, operand, "prefix match pattern must be a string");
  let range;
  try {
    range = parseCidr(text);
  } catch (error) {
    return fail(path, (error as Error).message);
  }
  return (value) => {
    if (typeof value !== "string") {
      return false;
    }
    const address = parseIpAddress(value);
    return address !== undefined && inRange(address, range);
  };
}

const ANYTHING_BUT_SHAPE = "Value of anything-but must be an array or single string/number value.";

function anythingBut(path: string, operand: unknown): ParsedFilter {
  if (!isObject(operand)) {
    return plain(anythingButValues(path, operand));
  }
  const keys = Object.keys(operand);
  const inner = keys[0];
  if (inner === undefined) {
    fail(path, "Anything-But expression name not found");
  }
  if (inner !== "equals-ignore-case" && inner !== "prefix" && inner !== "suffix" && inner !== "wildcard") {
    fail(path, `Unsupported anything-but pattern: ${inner}`);
  }
  const value = operand[inner];
  if (!Array.isArray(value) && typeof value !== "string" && typeof value !== "number") {
    fail(path, ANYTHING_BUT_SHAPE);
  }
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  const texts = items.map((item) => {
    if (typeof item !== "string") {
      fail(path, anythingButTypeMessage(inner));
    }
    if ((inner === "prefix" || inner === "suffix") && item === "") {
      fail(path, "Null prefix/suffix not allowed");
    }
    if (inner === "wildcard") {
      checkWildcard(path, item);
    }
    return item;
  });
  if (keys.length > 1) {
    fail(path, TOO_MANY_ELEMENTS);
  }
  // Anything-but only excludes strings: numbers, booleans and null always pass it.
  let excluded: (text: string) => boolean;
  switch (inner) {
    case "prefix":
      excluded = (text) => texts.some((item) => text.startsWith(item));
      break;
    case "suffix":
      excluded = (text) => texts.some((item) => text.endsWith(item));
      break;
    case "equals-ignore-case": {
      const folded = new Set(texts.map((item) => item.toLowerCase()));
      excluded = (text) => folded.has(text.toLowerCase());
      break;
    }
    default: {
      const matchers = texts.map((item) => compileWildcard(item));
      excluded = (text) => matchers.some((matcher) => matcher(text));
    }
  }
  return {
    test: (candidate) => typeof candidate !== "string" || !excluded(candidate),
    absent: false,
    wildcards: inner === "wildcard" ? texts : [],
  };
}

function anythingButTypeMessage(inner: string): string {
  if (inner === "equals-ignore-case") {
    return "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.";
  }
  return inner === "wildcard"
    ? "wildcard match pattern must be a string"
    : "prefix/suffix match pattern must be a string";
}

function anythingButValues(path: string, operand: unknown): ValueTest {
  if (typeof operand === "string") {
    return (value) => value !== operand;
  }
  if (typeof operand === "number") {
    const excluded = toComparableChecked(path, operand);
    return (value) => typeof value !== "number" || !isComparable(value) || toComparable(value) !== excluded;
  }
  if (!Array.isArray(operand)) {
    fail(path, ANYTHING_BUT_SHAPE);
  }
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const item of operand as readonly unknown[]) {
    if (typeof item === "string") {
      strings.add(item);
    } else if (typeof item === "number") {
      numbers.add(toComparableChecked(path, item));
    } else {
      fail(path, "Inside anything but list, start|null|boolean is not supported.");
    }
  }
  if (strings.size > 0 === numbers.size > 0) {
    fail(path, "Inside anything but list, either all values are number or string, mixed type is not supported");
  }
  if (numbers.size > 0) {
    return (value) => typeof value !== "number" || !isComparable(value) || !numbers.has(toComparable(value));
  }
  return (value) => typeof value !== "string" || !strings.has(value);
}

function toComparableChecked(path: string, value: number): number {
  if (!isComparable(value)) {
    fail(path, NUMBER_RANGE_MESSAGE);
  }
  return toComparable(value);
}

function checkWildcard(path: string, pattern: string): void {
  const error = wildcardSyntaxError(pattern);
  if (error !== undefined) {
    fail(path, error);
  }
}

function requireString(path: string, value: unknown, message: string): string {
  if (typeof value !== "string") {
    fail(path, message);
  }
  return value;
}

/** How EventBridge's JSON parser prints the token at `index` of an array in its messages. */
function tokenText(terms: readonly unknown[], index: number): string {
  if (index >= terms.length) {
    return "]";
  }
  const value = terms[index];
  if (Array.isArray(value)) {
    return "[";
  }
  return isObject(value) ? "{" : String(value);
}
