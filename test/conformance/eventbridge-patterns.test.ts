import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import JSON5 from "json5";
import type { EventPattern } from "../../src/events/event-pattern";
import { matches } from "../../src/events/pattern-matcher";
import { validateEventPattern } from "../../src/events/pattern-validator";

/**
 * Runs every AWS-validated case of the EventBridge pattern corpus (`test/conformance/data/eventbridge-patterns`,
 * see its NOTICE): `NAME` must match, `NAME_NEG` must not, `NAME_EXC` must be rejected with the exact message AWS
 * recorded. The corpus is part of the repository, so every clone runs all of it.
 */
const CORPUS = resolve(__dirname, "data/eventbridge-patterns");
const EXPECTED_CASES = 155;

interface Case {
  readonly name: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly outcome: "match" | "no-match" | "invalid";
  readonly awsMessage?: string;
}

function loadCases(): Case[] {
  const snapshot = JSON.parse(readFileSync(join(CORPUS, "aws-recorded-results.snapshot.json"), "utf8")) as Record<
    string,
    { "recorded-content": Record<string, { exception_message?: { Error?: { Message?: string } } }> }
  >;
  const messages = new Map<string, string>();
  for (const [key, entry] of Object.entries(snapshot)) {
    const name = /test_event_pattern\[(.+)\]$/.exec(key)?.[1];
    const message = name === undefined ? undefined : entry["recorded-content"][name]?.exception_message?.Error?.Message;
    if (name !== undefined && message !== undefined) {
      messages.set(name, message);
    }
  }
  return readdirSync(CORPUS)
    .filter((file) => file.endsWith(".json5"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".json5".length);
      const data = JSON5.parse(readFileSync(join(CORPUS, file), "utf8")) as { Event: unknown; EventPattern: unknown };
      const outcome = name.endsWith("_EXC") ? "invalid" : name.endsWith("_NEG") ? "no-match" : "match";
      return { name, pattern: data.EventPattern, event: data.Event, outcome, awsMessage: messages.get(name) };
    });
}

function outcomeOf(testCase: Case): { outcome: Case["outcome"]; reason?: string } {
  const validation = validateEventPattern(testCase.pattern);
  if (!validation.valid) {
    return { outcome: "invalid", reason: validation.reason };
  }
  return { outcome: matches(testCase.pattern as EventPattern, testCase.event) ? "match" : "no-match" };
}

describe("EventBridge pattern conformance corpus", () => {
  const cases = loadCases();

  test(`holds all ${EXPECTED_CASES} AWS-validated cases and agrees with every one`, () => {
    // GIVEN every case of the corpus
    // WHEN each is validated and matched
    const failures = cases.filter((testCase) => {
      const actual = outcomeOf(testCase);
      return (
        actual.outcome !== testCase.outcome ||
        (testCase.outcome === "invalid" && testCase.awsMessage !== undefined && actual.reason !== testCase.awsMessage)
      );
    });
    // THEN all agree with AWS
    console.log(`conformance: ${cases.length - failures.length}/${cases.length} cases agree with AWS`);
    expect(cases).toHaveLength(EXPECTED_CASES);
    expect(failures.map((testCase) => testCase.name)).toEqual([]);
  });

  test.each(loadCases().map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
    // GIVEN one corpus case
    // WHEN it is validated and matched
    const actual = outcomeOf(testCase);
    // THEN the outcome (and, for invalid patterns, the message) is the one AWS recorded
    expect(actual.outcome).toBe(testCase.outcome);
    if (testCase.outcome === "invalid") {
      expect(testCase.awsMessage).toBeDefined();
      expect(actual.reason).toBe(testCase.awsMessage);
    }
  });

  test("matches the extra multi-key pair (complex_multi_key_event*.json)", () => {
    // GIVEN the extra matching pair
    const pattern = JSON.parse(
      readFileSync(join(CORPUS, "complex_multi_key_event_pattern.json"), "utf8"),
    ) as EventPattern;
    const event = JSON.parse(readFileSync(join(CORPUS, "complex_multi_key_event.json"), "utf8")) as unknown;
    // WHEN matched / THEN it matches
    expect(validateEventPattern(pattern)).toEqual({ valid: true });
    expect(matches(pattern, event)).toBe(true);
  });
});
