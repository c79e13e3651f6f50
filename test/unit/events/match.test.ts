import { ValidationError } from "../../../src/errors";
import type { EventPattern } from "../../../src/events/event-pattern";
import { Match, type Matcher } from "../../../src/events/match";
import { allPatterns, anyPattern } from "../../../src/events/pattern-compose";
import { matches } from "../../../src/events/pattern-matcher";
import { validateEventPattern } from "../../../src/events/pattern-validator";

function on(value: unknown): Record<string, unknown> {
  return {
    version: "0",
    id: "1",
    "detail-type": "t",
    source: "s",
    account: "1",
    time: "t",
    region: "r",
    resources: [],
    detail: { v: value },
  };
}

function leaf(matcher: Matcher): EventPattern {
  return { detail: { v: matcher } };
}

describe("Match builders", () => {
  test.each<[string, Matcher, unknown]>([
    ["exactly", Match.exactly("a", 1, true, null), ["a", 1, true, null]],
    ["nullValue", Match.nullValue(), [null]],
    ["prefix", Match.prefix("org."), [{ prefix: "org." }]],
    ["prefixIgnoreCase", Match.prefixIgnoreCase("Org."), [{ prefix: { "equals-ignore-case": "Org." } }]],
    ["suffix", Match.suffix(".png"), [{ suffix: ".png" }]],
    ["suffixIgnoreCase", Match.suffixIgnoreCase(".PNG"), [{ suffix: { "equals-ignore-case": ".PNG" } }]],
    ["equalsIgnoreCase", Match.equalsIgnoreCase("High"), [{ "equals-ignore-case": "High" }]],
    ["wildcard", Match.wildcard("org.*.edit"), [{ wildcard: "org.*.edit" }]],
    ["anythingBut one", Match.anythingBut("api.access"), [{ "anything-but": "api.access" }]],
    ["anythingBut numbers", Match.anythingBut(1, 2), [{ "anything-but": [1, 2] }]],
    ["anythingButPrefix", Match.anythingButPrefix("api."), [{ "anything-but": { prefix: "api." } }]],
    ["anythingButSuffix", Match.anythingButSuffix(".a", ".b"), [{ "anything-but": { suffix: [".a", ".b"] } }]],
    ["anythingButWildcard", Match.anythingButWildcard("*/tmp/*"), [{ "anything-but": { wildcard: "*/tmp/*" } }]],
    [
      "anythingButEqualsIgnoreCase",
      Match.anythingButEqualsIgnoreCase("LOW"),
      [{ "anything-but": { "equals-ignore-case": "LOW" } }],
    ],
    ["equal", Match.equal(4), [{ numeric: ["=", 4] }]],
    ["greaterThan", Match.greaterThan(7), [{ numeric: [">", 7] }]],
    ["greaterThanOrEqual", Match.greaterThanOrEqual(7), [{ numeric: [">=", 7] }]],
    ["lessThan", Match.lessThan(7), [{ numeric: ["<", 7] }]],
    ["lessThanOrEqual", Match.lessThanOrEqual(7), [{ numeric: ["<=", 7] }]],
    ["between", Match.between(4, 6), [{ numeric: [">=", 4, "<=", 6] }]],
    [
      "between exclusive",
      Match.between(4, 6, { lowerInclusive: false, upperInclusive: false }),
      [{ numeric: [">", 4, "<", 6] }],
    ],
    ["exists", Match.exists(), [{ exists: true }]],
    ["doesNotExist", Match.doesNotExist(), [{ exists: false }]],
    ["cidr", Match.cidr("10.0.0.0/8"), [{ cidr: "10.0.0.0/8" }]],
    ["anyOf", Match.anyOf(Match.prefix("a"), Match.exactly("b")), [{ prefix: "a" }, "b"]],
  ])("%s builds plain JSON that EventBridge accepts", (_name, matcher, expected) => {
    // GIVEN the builder output / WHEN serialised and validated
    // THEN it is exactly the documented JSON and a valid pattern leaf
    expect(JSON.parse(JSON.stringify(matcher))).toEqual(expected);
    expect(validateEventPattern(leaf(matcher))).toEqual({ valid: true });
  });

  test("built leaves match what they say", () => {
    // GIVEN / WHEN / THEN
    expect(matches(leaf(Match.between(4, 6)), on(5))).toBe(true);
    expect(matches(leaf(Match.between(4, 6, { upperInclusive: false })), on(6))).toBe(false);
    expect(matches(leaf(Match.anythingButPrefix("api.")), on("api.access"))).toBe(false);
    expect(matches(leaf(Match.wildcard("org.*.edit")), on("org.user.role.edit"))).toBe(true);
    expect(matches(leaf(Match.doesNotExist()), on(undefined))).toBe(true);
    expect(matches(leaf(Match.cidr("10.0.0.0/8")), on("10.1.2.3"))).toBe(true);
  });

  test.each<[string, () => unknown, RegExp]>([
    ["exactly with no values", () => Match.exactly(), /at least one value/],
    ["anythingBut with no values", () => Match.anythingBut(), /at least one value/],
    ["an empty anything-but prefix", () => Match.anythingButPrefix(""), /must not be empty strings/],
    ["a bad wildcard", () => Match.wildcard("a**b"), /Consecutive wildcard characters/],
    ["a number beyond 5e9", () => Match.greaterThan(6e9), /between -5e9 and 5e9/],
    ["NaN", () => Match.lessThan(Number.NaN), /finite number/],
    ["an inverted range", () => Match.between(6, 4), /must be less than upper/],
    ["a bad CIDR", () => Match.cidr("10.0.0.0"), /one '\/' required/],
    ["a non-string prefix", () => Match.prefix(3 as unknown as string), /must be a string/],
  ])("rejects %s with a ValidationError", (_label, build, message) => {
    // GIVEN / WHEN / THEN
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });
});

describe("anyPattern and allPatterns", () => {
  test("anyPattern builds $or and needs two alternatives", () => {
    // GIVEN
    const pattern = anyPattern({ detail: { a: ["1"] } }, { source: ["x"] });
    // WHEN / THEN
    expect(pattern).toEqual({ $or: [{ detail: { a: ["1"] } }, { source: ["x"] }] });
    expect(validateEventPattern(pattern)).toEqual({ valid: true });
    expect(() => anyPattern({ source: ["x"] })).toThrow(/at least 2 patterns/);
  });

  test("allPatterns merges nested objects and keeps an identical leaf once", () => {
    // GIVEN
    const merged = allPatterns(
      { detail: { class_uid: [2001], a: ["1"] } },
      { detail: { class_uid: [2001], b: ["2"] } },
    );
    // WHEN / THEN
    expect(merged).toEqual({ detail: { class_uid: [2001], a: ["1"], b: ["2"] } });
  });

  test("allPatterns distributes two $or into every pairing", () => {
    // GIVEN (a OR b) AND (c OR d)
    const merged = allPatterns(anyPattern({ a: ["1"] }, { b: ["1"] }), anyPattern({ c: ["1"] }, { d: ["1"] }));
    // WHEN / THEN
    expect(merged).toEqual({
      $or: [
        { a: ["1"], c: ["1"] },
        { a: ["1"], d: ["1"] },
        { b: ["1"], c: ["1"] },
        { b: ["1"], d: ["1"] },
      ],
    });
    const base = {
      version: "0",
      id: "1",
      "detail-type": "t",
      source: "s",
      account: "1",
      time: "t",
      region: "r",
      resources: [],
    };
    expect(matches(merged, { ...base, b: "1", d: "1" })).toBe(true);
    expect(matches(merged, { ...base, a: "1", b: "1" })).toBe(false);
  });

  test("allPatterns refuses two different constraints on one leaf and names it", () => {
    // GIVEN / WHEN / THEN
    expect(() => allPatterns({ detail: { a: ["1"] } }, { detail: { a: ["2"] } })).toThrow(
      /detail\.a is constrained by two patterns/,
    );
  });
});
