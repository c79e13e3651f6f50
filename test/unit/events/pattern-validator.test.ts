import { ValidationError } from "../../../src/errors";
import {
  INVALID_PATTERN_PREFIX,
  assertValidEventPattern,
  validateEventPattern,
} from "../../../src/events/pattern-validator";

function reasonOf(pattern: unknown): string | undefined {
  const result = validateEventPattern(pattern);
  return result.valid ? undefined : result.reason.slice(INVALID_PATTERN_PREFIX.length);
}

describe("validateEventPattern", () => {
  test("accepts a pattern using every operator", () => {
    // GIVEN a pattern with one of each content filter
    const pattern = {
      source: ["aws.partner/snyk.io/org_1/issues", { prefix: "aws.partner/" }],
      detail: {
        a: [{ suffix: { "equals-ignore-case": ".PNG" } }],
        b: [{ "equals-ignore-case": "x" }, { wildcard: "a*b\\*c" }],
        c: [{ "anything-but": { prefix: ["x", "y"] } }, { "anything-but": [1, 2] }],
        d: [{ numeric: [">=", 0, "<", 10] }, { exists: false }, { cidr: "10.0.0.0/8" }, null, true, 3],
        $or: [{ e: ["1"] }, { f: { g: ["2"] } }],
      },
    };
    // WHEN / THEN
    expect(validateEventPattern(pattern)).toEqual({ valid: true });
  });

  test("reasons carry EventBridge's prefix", () => {
    // GIVEN / WHEN
    const result = validateEventPattern({ resources: [] });
    // THEN
    expect(result).toEqual({
      valid: false,
      reason: "Event pattern is not valid. Reason: Empty arrays are not allowed",
    });
  });

  test.each([
    ["a non-object pattern", ["not", "a", "dict"], "Filter is not an object"],
    ["null", null, "Filter is not an object"],
    ["an empty pattern", {}, "Empty objects are not allowed"],
    ["an empty nested object", { detail: {} }, "Empty objects are not allowed"],
    ["a bare string leaf", { source: "aws.ec2" }, '"source" must be an object or an array'],
    ["a nested array leaf", { source: [["a"]] }, "Match value must be String, number, true, false, or null"],
    ["an empty filter object", { source: [{}] }, "Match expression name not found"],
    [
      "two operators in one filter",
      { source: [{ prefix: "a", suffix: "b" }] },
      "Only one key allowed in match expression",
    ],
    ["an unknown operator", { source: [{ contains: "a" }] }, "Unrecognized match type contains"],
    ["an upper-case operator", { source: [{ PREFIX: "a" }] }, "Unrecognized match type PREFIX"],
    [
      "a prefix object without equals-ignore-case",
      { source: [{ prefix: { wildcard: "a" } }] },
      "Unsupported prefix pattern: wildcard",
    ],
    ["an empty suffix object", { source: [{ suffix: {} }] }, "Suffix expression name not found"],
    ["a non-array numeric", { n: [{ numeric: 5 }] }, "Value of numeric must be an array."],
    ["a numeric without operator", { n: [{ numeric: [5] }] }, "Invalid member in numeric match: 5"],
    ["an unknown numeric operator", { n: [{ numeric: ["!=", 5] }] }, "Unrecognized numeric range operator: !="],
    ["a string numeric bound", { n: [{ numeric: [">", "5"] }] }, "Value of > must be numeric"],
    ["= with a second term", { n: [{ numeric: ["=", 5, "<", 6] }] }, "Too many elements in numeric expression"],
    ["an upper bound first", { n: [{ numeric: ["<", 5, ">", 1] }] }, "Too many elements in numeric expression"],
    ["an inverted range", { n: [{ numeric: [">", 5, "<", 1] }] }, "Bottom must be less than top"],
    ["an empty range", { n: [{ numeric: [">=", 5, "<=", 5] }] }, "Bottom must be less than top"],
    [
      "a range with extra terms",
      { n: [{ numeric: [">", 0, "<", 5, 6] }] },
      "Too many terms in numeric range expression",
    ],
    ["a number beyond 5e9", { n: [{ numeric: [">", 6e9] }] }, "Value must be between -5.0E9 and 5.0E9, inclusive"],
    ["a non-boolean exists", { n: [{ exists: "true" }] }, "exists match pattern must be either true or false."],
    ["an empty anything-but object", { n: [{ "anything-but": {} }] }, "Anything-But expression name not found"],
    [
      "an unknown anything-but form",
      { n: [{ "anything-but": { numeric: [">", 1] } }] },
      "Unsupported anything-but pattern: numeric",
    ],
    [
      "a boolean anything-but",
      { n: [{ "anything-but": true }] },
      "Value of anything-but must be an array or single string/number value.",
    ],
    [
      "a mixed anything-but list",
      { n: [{ "anything-but": ["a", 1] }] },
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    ],
    [
      "an empty anything-but list",
      { n: [{ "anything-but": [] }] },
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    ],
    ["a bad escape in a wildcard", { n: [{ wildcard: "a\\b" }] }, "Invalid escape character at pos 2"],
    ["a /32 IPv4 block", { ip: [{ cidr: "10.0.0.1/32" }] }, "IPv4 mask bits must be < 32"],
    ["a /128 IPv6 block", { ip: [{ cidr: "2001:db8::1/128" }] }, "IPv6 mask bits must be < 128"],
    ["a negative mask", { ip: [{ cidr: "10.0.0.0/-1" }] }, "Malformed CIDR, mask bits must not be negative"],
    ["$or that is not an array", { $or: { a: ["1"] } }, "It must be an Array followed with $or."],
    ["$or with one alternative", { $or: [{ a: ["1"] }] }, "There must have at least 2 Objects in $or relationship."],
    [
      "$or with a non-object",
      { $or: [{ a: ["1"] }, "b"] },
      "Only JSON object is allowed in array of $or relationship.",
    ],
    [
      "an operator name as a field inside $or",
      { $or: [{ prefix: ["1"] }, { b: ["2"] }] },
      "prefix is Ruler reserved fieldName which cannot be used inside $or.",
    ],
    [
      "too many wildcards",
      { s: [{ wildcard: "*a*a*a*a*a*" }] },
      "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character",
    ],
  ])("rejects %s", (_label, pattern, reason) => {
    // GIVEN the pattern / WHEN validated / THEN the reason is EventBridge's
    expect(reasonOf(pattern)).toBe(reason);
  });

  test("positions in wildcard messages count UTF-8 bytes from the opening quote, as EventBridge does", () => {
    // GIVEN a multi-byte character before the error
    // WHEN / THEN ("é" is two bytes, the quote one)
    expect(reasonOf({ s: [{ wildcard: "é**" }] })).toBe("Consecutive wildcard characters at pos 3");
  });

  test("accepts JSON text and reports unparseable text", () => {
    // GIVEN / WHEN / THEN
    expect(validateEventPattern('{"source":["aws.ec2"]}')).toEqual({ valid: true });
    const broken = validateEventPattern('{"source": nope}');
    expect(broken.valid).toBe(false);
    expect(broken.valid ? "" : broken.reason).toMatch(/^Event pattern is not valid\. Reason: /);
    expect(reasonOf('"just a string"')).toBe("Filter is not an object");
  });

  test("keys holding undefined are ignored, as JSON serialisation drops them", () => {
    // GIVEN a pattern built with an optional field left undefined
    // WHEN / THEN
    expect(validateEventPattern({ source: ["a"], detail: undefined })).toEqual({ valid: true });
    expect(reasonOf({ detail: undefined })).toBe("Empty objects are not allowed");
  });

  test("a later duplicate path replaces the earlier one, as in EventBridge", () => {
    // GIVEN "a.b" twice, once nested and once dotted; the later one is valid
    // WHEN / THEN
    expect(validateEventPattern({ a: { b: ["x"] }, "a.b": ["y"] })).toEqual({ valid: true });
  });
});

describe("assertValidEventPattern", () => {
  test("passes a valid pattern through as a typed EventPattern", () => {
    // GIVEN
    const candidate: unknown = { source: ["aws.ec2"] };
    // WHEN
    assertValidEventPattern(candidate);
    // THEN (compiles only if narrowed)
    expect(candidate.source).toEqual(["aws.ec2"]);
  });

  test("throws a ValidationError naming the field, the value and EventBridge's reason", () => {
    // GIVEN
    const pattern = { detail: { severity_id: [{ numeric: [">", "4"] }] } };
    // WHEN
    let caught: unknown;
    try {
      assertValidEventPattern(pattern, "rules.high.eventPattern");
    } catch (error) {
      caught = error;
    }
    // THEN
    expect(ValidationError.isValidationError(caught)).toBe(true);
    const error = caught as ValidationError;
    expect(error.message).toContain("rules.high.eventPattern");
    expect(error.message).toContain("Event pattern is not valid. Reason: Value of > must be numeric");
    expect(error.message).toContain('"severity_id"');
    expect(error.issues[0]).toEqual({
      field: "rules.high.eventPattern.detail.severity_id",
      rule: "Event pattern is not valid. Reason: Value of > must be numeric",
      value: pattern,
    });
  });

  test("refuses JSON text with advice to parse it", () => {
    // GIVEN / WHEN / THEN
    expect(() => assertValidEventPattern('{"source":["a"]}', "pattern")).toThrow(/parse it with JSON.parse first/);
  });
});
