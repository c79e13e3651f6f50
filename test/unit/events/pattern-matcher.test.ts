import { ValidationError } from "../../../src/errors";
import type { EventPattern } from "../../../src/events/event-pattern";
import { compileEventPattern, matches } from "../../../src/events/pattern-matcher";

/** A full EventBridge envelope around `detail` (and optional top-level overrides). */
function event(detail: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: "111122223333",
    time: "2017-12-22T18:43:48Z",
    region: "us-west-1",
    resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    detail,
    ...overrides,
  };
}

describe("matches: structure", () => {
  test("every field must match and any value in a leaf array may", () => {
    // GIVEN the EC2 termination pattern from the EventBridge docs
    const pattern: EventPattern = {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["terminated", "stopped"] },
    };
    // WHEN / THEN
    expect(matches(pattern, event({ state: "terminated" }))).toBe(true);
    expect(matches(pattern, event({ state: "stopped" }))).toBe(true);
    expect(matches(pattern, event({ state: "running" }))).toBe(false);
    expect(matches(pattern, event({ state: "terminated" }, { source: "aws.s3" }))).toBe(false);
  });

  test("an event array matches when it intersects the pattern's values", () => {
    // GIVEN a resources pattern (EventBridge docs, arrays)
    const pattern: EventPattern = { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] };
    // WHEN / THEN
    expect(
      matches(
        pattern,
        event({}, { resources: ["arn:other", "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] }),
      ),
    ).toBe(true);
    expect(matches(pattern, event({}, { resources: ["arn:other"] }))).toBe(false);
    expect(matches(pattern, event({}, { resources: [] }))).toBe(false);
  });

  test("fields inside an array of objects must come from the same element", () => {
    // GIVEN a pattern on two fields of the objects of one array
    const pattern: EventPattern = { detail: { items: { name: ["a"], size: [2] } } };
    // WHEN one element has both / THEN it matches
    expect(
      matches(
        pattern,
        event({
          items: [
            { name: "b", size: 2 },
            { name: "a", size: 2 },
          ],
        }),
      ),
    ).toBe(true);
    // WHEN the values come from different elements / THEN it does not
    expect(
      matches(
        pattern,
        event({
          items: [
            { name: "a", size: 1 },
            { name: "b", size: 2 },
          ],
        }),
      ),
    ).toBe(false);
  });

  test("array consistency does not bind fields of different arrays", () => {
    // GIVEN fields from two different arrays
    const pattern: EventPattern = { detail: { a: { x: [1] }, b: { y: [2] } } };
    // WHEN / THEN
    expect(matches(pattern, event({ a: [{ x: 0 }, { x: 1 }], b: [{ y: 2 }, { y: 3 }] }))).toBe(true);
  });

  test("nested arrays are flattened", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { tags: ["x"] } }, event({ tags: [["a", ["x"]]] }))).toBe(true);
  });

  test("dotted keys and nested keys name the same field, in the pattern and in the event", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { "state.status": ["running"] } }, event({ state: { status: "running" } }))).toBe(true);
    expect(matches({ detail: { state: { status: ["running"] } } }, event({ "state.status": "running" }))).toBe(true);
  });

  test("field names are case-sensitive and a JSON string detail is not parsed", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { State: ["on"] } }, event({ state: "on" }))).toBe(false);
    expect(matches({ detail: { state: ["on"] } }, event('{"state":"on"}'))).toBe(false);
  });

  test("$or matches when any alternative does, combined with the fields beside it", () => {
    // GIVEN source AND (c > 0 OR d < 10)
    const pattern: EventPattern = {
      source: ["aws.ec2"],
      detail: { $or: [{ c: [{ numeric: [">", 0] }] }, { d: [{ numeric: ["<", 10] }] }] },
    };
    // WHEN / THEN
    expect(matches(pattern, event({ c: 1, d: 50 }))).toBe(true);
    expect(matches(pattern, event({ c: 0, d: 5 }))).toBe(true);
    expect(matches(pattern, event({ c: 0, d: 50 }))).toBe(false);
    expect(matches(pattern, event({ c: 1 }, { source: "aws.s3" }))).toBe(false);
  });

  test("$or alternatives can nest objects and other $or", () => {
    // GIVEN
    const pattern: EventPattern = {
      $or: [{ detail: { a: ["x"] } }, { $or: [{ source: ["aws.s3"] }, { region: ["eu-west-1"] }] }],
    };
    // WHEN / THEN
    expect(matches(pattern, event({ a: "x" }))).toBe(true);
    expect(matches(pattern, event({}, { region: "eu-west-1" }))).toBe(true);
    expect(matches(pattern, event({ a: "y" }))).toBe(false);
  });

  test("an event that is not an object never matches", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ source: [{ prefix: "" }] }, "aws.ec2")).toBe(false);
    expect(matches({ source: [{ prefix: "" }] }, null)).toBe(false);
    expect(matches({ source: [{ prefix: "" }] }, [event({})])).toBe(false);
  });
});

describe("matches: values", () => {
  test("null is a value: [null] matches null but not a missing field or the string 'null'", () => {
    // GIVEN
    const pattern: EventPattern = { detail: { value: [null] } };
    // WHEN / THEN
    expect(matches(pattern, event({ value: null }))).toBe(true);
    expect(matches(pattern, event({}))).toBe(false);
    expect(matches(pattern, event({ value: "null" }))).toBe(false);
  });

  test("the empty string matches only the empty string", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { value: [""] } }, event({ value: "" }))).toBe(true);
    expect(matches({ detail: { value: [""] } }, event({ value: null }))).toBe(false);
  });

  test("numbers and strings never equal each other; numbers compare numerically", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { n: [300] } }, event({ n: 300.0 }))).toBe(true);
    expect(matches({ detail: { n: [300] } }, event({ n: "300" }))).toBe(false);
    expect(matches({ detail: { n: ["300"] } }, event({ n: 300 }))).toBe(false);
    expect(matches({ detail: { n: [0.3] } }, event({ n: 0.1 + 0.2 }))).toBe(true);
  });

  test("booleans match booleans only", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { b: [true] } }, event({ b: true }))).toBe(true);
    expect(matches({ detail: { b: [true] } }, event({ b: "true" }))).toBe(false);
    expect(matches({ detail: { b: ["true"] } }, event({ b: true }))).toBe(false);
  });

  test("numbers beyond ±5e9 match exactly but never numerically", () => {
    // GIVEN a 12-digit number (like an account ID given as a number)
    // WHEN / THEN
    expect(matches({ detail: { n: [123456789012] } }, event({ n: 123456789012 }))).toBe(true);
    expect(matches({ detail: { n: [{ numeric: [">", 0] }] } }, event({ n: 123456789012 }))).toBe(false);
  });

  test("IP address literals compare as addresses", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { ip: ["2001:db8::1"] } }, event({ ip: "2001:0db8:0:0:0:0:0:1" }))).toBe(true);
    expect(matches({ detail: { ip: ["10.0.0.1"] } }, event({ ip: "10.0.0.2" }))).toBe(false);
  });
});

describe("matches: operators", () => {
  test("numeric: every operator and both kinds of bounds", () => {
    // GIVEN / WHEN / THEN
    const at = (numeric: unknown[], n: unknown): boolean =>
      matches({ detail: { n: [{ numeric }] } } as unknown as EventPattern, event({ n }));
    expect(at(["=", 5], 5)).toBe(true);
    expect(at(["=", 5], 5.0000001)).toBe(true);
    expect(at(["=", 5], 5.00001)).toBe(false);
    expect(at([">", 5], 5)).toBe(false);
    expect(at([">=", 5], 5)).toBe(true);
    expect(at(["<", 5], 5)).toBe(false);
    expect(at(["<=", 5], 5)).toBe(true);
    expect(at([">", 0, "<=", 5], 5)).toBe(true);
    expect(at([">", 0, "<", 5], 5)).toBe(false);
    expect(at([">=", 0, "<", 5], 0)).toBe(true);
    expect(at([">", -5e9], -4.5e9)).toBe(true);
    expect(at([">", 0], "7")).toBe(false);
    expect(at([">", 0], null)).toBe(false);
    expect(at([">", 0], undefined)).toBe(false);
  });

  test("prefix and suffix match strings only, case-sensitively unless asked", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ time: [{ prefix: "2017-12" }] }, event({}))).toBe(true);
    expect(matches({ detail: { f: [{ suffix: ".png" }] } }, event({ f: "a.PNG" }))).toBe(false);
    expect(matches({ detail: { f: [{ suffix: { "equals-ignore-case": ".png" } }] } }, event({ f: "a.PNG" }))).toBe(
      true,
    );
    expect(
      matches({ detail: { f: [{ prefix: { "equals-ignore-case": "EventB" } }] } }, event({ f: "eventbridge" })),
    ).toBe(true);
    expect(matches({ detail: { f: [{ prefix: "1" }] } }, event({ f: 12 }))).toBe(false);
    expect(matches({ detail: { f: [{ prefix: "" }] } }, event({ f: "" }))).toBe(true);
  });

  test("equals-ignore-case", () => {
    // GIVEN / WHEN / THEN
    expect(matches({ detail: { s: [{ "equals-ignore-case": "ALICE" }] } }, event({ s: "alice" }))).toBe(true);
    expect(matches({ detail: { s: [{ "equals-ignore-case": "ALICE" }] } }, event({ s: "alice2" }))).toBe(false);
  });

  test("wildcard: stars, escapes, and any characters including newlines", () => {
    // GIVEN / WHEN / THEN
    const at = (wildcard: string, s: unknown): boolean => matches({ detail: { s: [{ wildcard }] } }, event({ s }));
    expect(at("dir/*/file.png", "dir/a/b/file.png")).toBe(true);
    expect(at("*.png", "line1\nline2.png")).toBe(true);
    expect(at("a\\*b", "a*b")).toBe(true);
    expect(at("a\\*b", "axxb")).toBe(false);
    expect(at("a\\\\b", "a\\b")).toBe(true);
    expect(at("a.c(d)+", "a.c(d)+")).toBe(true);
    expect(at("a.c", "abc")).toBe(false);
    expect(at("*", 5)).toBe(false);
  });

  test("anything-but: strings, numbers, and the nested forms; null passes, a missing field does not", () => {
    // GIVEN / WHEN / THEN
    const at = (operand: unknown, s: unknown): boolean =>
      matches(
        { detail: { s: [{ "anything-but": operand }] } } as unknown as EventPattern,
        event(s === undefined ? {} : { s }),
      );
    expect(at("stopped", "running")).toBe(true);
    expect(at("stopped", "stopped")).toBe(false);
    expect(at(["a", "b"], "b")).toBe(false);
    expect(at([100, 200], 200.0)).toBe(false);
    expect(at([100, 200], "200")).toBe(true);
    expect(at(100, 101)).toBe(true);
    expect(at("stopped", null)).toBe(true);
    expect(at("stopped", undefined)).toBe(false);
    expect(at({ prefix: "init" }, "initial")).toBe(false);
    expect(at({ prefix: ["x", "y"] }, "zeta")).toBe(true);
    expect(at({ suffix: ".txt" }, "a.txt")).toBe(false);
    expect(at({ wildcard: "*/init/*" }, "a/init/b")).toBe(false);
    expect(at({ wildcard: ["*/a/*", "*/b/*"] }, "x/c/y")).toBe(true);
    expect(at({ "equals-ignore-case": ["Stopped"] }, "STOPPED")).toBe(false);
    expect(at({ "equals-ignore-case": "Stopped" }, 3)).toBe(true);
  });

  test("exists: only scalar leaves exist; objects and empty arrays do not", () => {
    // GIVEN / WHEN / THEN
    const exists = { detail: { k: [{ exists: true }] } };
    const absent = { detail: { k: [{ exists: false }] } };
    expect(matches(exists, event({ k: "v" }))).toBe(true);
    expect(matches(exists, event({ k: null }))).toBe(true);
    expect(matches(exists, event({ k: { nested: 1 } }))).toBe(false);
    expect(matches(exists, event({ k: [] }))).toBe(false);
    expect(matches(absent, event({}))).toBe(true);
    expect(matches(absent, event({ k: { nested: 1 } }))).toBe(true);
    expect(matches(absent, event({ k: "v" }))).toBe(false);
  });

  test("exists: false alongside other alternatives is an OR", () => {
    // GIVEN
    const pattern: EventPattern = { detail: { s: [{ "anything-but": ["roses"] }, { exists: false }] } };
    // WHEN / THEN
    expect(matches(pattern, event({}))).toBe(true);
    expect(matches(pattern, event({ s: "tulips" }))).toBe(true);
    expect(matches(pattern, event({ s: "roses" }))).toBe(false);
  });

  test("cidr: IPv4 and IPv6 blocks (IPv4-mapped addresses are IPv4); invalid addresses and other families never match", () => {
    // GIVEN / WHEN / THEN
    const at = (cidr: string, ip: unknown): boolean => matches({ detail: { ip: [{ cidr }] } }, event({ ip }));
    expect(at("10.0.0.0/24", "10.0.0.255")).toBe(true);
    expect(at("10.0.0.0/24", "10.0.1.0")).toBe(false);
    expect(at("10.0.0.0/24", "10.0.0.256")).toBe(false);
    expect(at("10.0.0.0/8", "::ffff:10.0.0.1")).toBe(true);
    expect(at("10.0.0.0/8", "2001:db8::1")).toBe(false);
    expect(at("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(at("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(at("10.0.0.0/24", 10)).toBe(false);
  });
});

describe("compileEventPattern", () => {
  test("compiles once and matches many events; accepts JSON text", () => {
    // GIVEN
    const matcher = compileEventPattern('{"detail":{"severity_id":[{"numeric":[">=",4]}]}}');
    // WHEN / THEN
    expect(matcher(event({ severity_id: 5 }))).toBe(true);
    expect(matcher(event({ severity_id: 3 }))).toBe(false);
  });

  test("an invalid pattern throws a ValidationError with EventBridge's reason and the field", () => {
    // GIVEN an empty leaf array
    // WHEN
    const compile = (): unknown => compileEventPattern({ detail: { severity_id: [] } });
    // THEN
    expect(compile).toThrow(ValidationError);
    expect(compile).toThrow("Event pattern is not valid. Reason: Empty arrays are not allowed");
    try {
      compile();
    } catch (error) {
      expect((error as ValidationError).issues[0]?.field).toBe("pattern.detail.severity_id");
    }
  });

  test("matches() reports an invalid pattern the same way", () => {
    // GIVEN / WHEN / THEN
    expect(() => matches({ source: "aws.ec2" } as unknown as EventPattern, event({}))).toThrow(
      /"source" must be an object or an array/,
    );
  });
});
