import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  renderTargetInput,
  validateTargetInput,
  type InputTransformerSpec,
  type TargetInputSpec,
} from "../../src/events/input-transformer";

/**
 * Holds Input, InputPath and InputTransformer to what AWS delivered, as recorded in
 * test/conformance/data/eventbridge-recorded/input-transformers.snapshot.json. The recording keeps the outputs and the
 * templates (in the case names) but not the inputs; the events and InputPathsMaps below are the recording
 * test's inputs (LocalStack tests/aws/services/events/test_events_inputs.py). One input is reconstructed
 * from its output because the recording test's source was not available: the `valid` placeholder of
 * "Command is <valid>!" is taken to select a boolean `true`.
 */
const SNAPSHOT = join(__dirname, "data/eventbridge-recorded/input-transformers.snapshot.json");
const recorded = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<
  string,
  { "recorded-content": Record<string, unknown> }
>;

const TIME = "2025-01-08T15:24:06Z";
const EVENT_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";
const RULE = { ruleArn: "arn:aws:events:us-east-1:111111111111:rule/test-bus/test-rule", ruleName: "test-rule" };

const EVENT_DETAIL = { command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } };
const DUPLICATED_KEY_DETAIL = {
  command: "update-account",
  payload: { acc_id: "0a787ecb-4015", payload: { message: "baz", id: "123" } },
};
const SPECIAL_EVENT_DETAIL = { ...EVENT_DETAIL, listsingle: ["HIGH"], listmulti: ["ACTIVE", "INACTIVE"], valid: true };

const MATCH_ALL = { "detail-type": "$.detail-type", timestamp: "$.time", command: "$.detail.command" };
const NOT_MATCH_ALL = { ...MATCH_ALL, command: "$.detail.notinmessage" };
const NESTED_PATHS = {
  userId: "$.detail.payload.acc_id",
  payload: "$.detail.payload",
  listsingle: "$.detail.listsingle",
  listmulti: "$.detail.listmulti",
  systemstring: "$.detail.systemstring",
  valid: "$.detail.valid",
};
const DEFAULT_STRING_TEMPLATE =
  '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"';

function event(detail: unknown): Record<string, unknown> {
  return {
    version: "0",
    id: EVENT_ID,
    "detail-type": "core.update-account-command",
    source: "core.update-account-command",
    account: "111111111111",
    time: TIME,
    region: "us-east-1",
    resources: [],
    detail,
  };
}

/** The template in a parametrized case name, with pytest's escaped newlines restored. */
function templateOf(key: string): string {
  const start = key.indexOf("[");
  return key.slice(start + 1, -1).replace(/\\n/g, "\n");
}

/** Replaces the recording's placeholders with this test's values, so outputs compare exactly. */
function normalizeExpected(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(/<uuid:\d+>/g, EVENT_ID)
    .replace(/<ingestion-time>/g, "date")
    .replace(/<region>/g, "us-east-1")
    .replace(/<partition>/g, "aws")
    .replace(/<bus-name>/g, "test-bus")
    .replace(/<rule-name>/g, "test-rule");
  return JSON.parse(text) as unknown;
}

function delivered(detail: unknown, target: Omit<TargetInputSpec, "Id">): string | undefined {
  const result = renderTargetInput(event(detail), { Id: "target", ...target }, RULE);
  return result.ok ? result.text.split(TIME).join("date") : undefined;
}

/** Compares one delivered text with the recorded SQS message body (parsed by the recorder when it was JSON). */
function expectBody(actual: string | undefined, recordedBody: unknown): void {
  expect(actual).toBeDefined();
  const expected = normalizeExpected(recordedBody);
  if (typeof expected === "string") {
    expect(actual).toBe(expected);
  } else {
    expect(JSON.parse(actual as string)).toEqual(expected);
  }
}

function bodyOf(messages: unknown): unknown {
  return (messages as { Body: unknown }[])[0].Body;
}

type Case = (content: Record<string, unknown>, key: string) => void;

const transformer = (
  paths: Record<string, string> | undefined,
  template: string,
): { InputTransformer: InputTransformerSpec } => ({
  InputTransformer: { ...(paths === undefined ? {} : { InputPathsMap: paths }), InputTemplate: template },
});

const matchAllAndNot =
  (template: (key: string) => string): Case =>
  (content, key) => {
    expectBody(
      delivered(EVENT_DETAIL, transformer(MATCH_ALL, template(key))),
      bodyOf(content["custom-variables-match-all"]),
    );
    expectBody(
      delivered(EVENT_DETAIL, transformer(NOT_MATCH_ALL, template(key))),
      bodyOf(content["custom-variables-not-match-all"]),
    );
  };

const CASES: Record<string, Case> = {
  "TestInputPath::test_put_events_with_input_path": (content) =>
    expectBody(delivered(EVENT_DETAIL, { InputPath: "$.detail" }), bodyOf(content.message)),
  "TestInputPath::test_put_events_with_input_path_nested[event_detail0]": (content) =>
    expectBody(delivered(EVENT_DETAIL, { InputPath: "$.detail.payload" }), bodyOf(content.message)),
  "TestInputPath::test_put_events_with_input_path_nested[event_detail1]": (content) =>
    expectBody(delivered(DUPLICATED_KEY_DETAIL, { InputPath: "$.detail.payload" }), bodyOf(content.message)),
  "TestInputPath::test_put_events_with_input_path_max_level_depth": (content) =>
    expectBody(delivered(EVENT_DETAIL, { InputPath: "$.detail.payload.sf_id" }), bodyOf(content.message)),
  "TestInputPath::test_put_events_with_input_path_multiple_targets": (content) => {
    expectBody(delivered(EVENT_DETAIL, { InputPath: "$.detail" }), bodyOf(content["message-queue-1"]));
    expectBody(delivered(EVENT_DETAIL, {}), bodyOf(content["message-queue-2"]));
  },
  "TestInputTransformer::test_put_events_with_input_transformer_input_template_string": matchAllAndNot(
    () => DEFAULT_STRING_TEMPLATE,
  ),
  "TestInputTransformer::test_put_events_with_input_transformer_input_template_json": matchAllAndNot(
    () => '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}',
  ),
  "TestInputTransformer::test_put_events_with_input_transformer_missing_keys": (content) => {
    const message = validateTargetInput({
      Id: "<target-id>",
      ...transformer(MATCH_ALL, '"Event of <detail-type> type, with not defined key <notdefinedkey>"'),
    });
    expect(message).toBe((content["missing-key-exception-error"] as { Error: { Message: string } }).Error.Message);
  },
  test_put_event_input_path_and_input_transformer: (content) => {
    const message = validateTargetInput({
      Id: "<target-id>",
      InputPath: "$.detail",
      ...transformer(MATCH_ALL, '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}'),
    });
    expect(message).toBe(
      (content["duplicated-input-operations-error"] as { Error: { Message: string } }).Error.Message,
    );
  },
};

const PARAMETRIZED: Record<string, Case> = {
  "TestInputTransformer::test_input_transformer_predefined_variables[": (content, key) =>
    expectBody(delivered(EVENT_DETAIL, transformer(undefined, templateOf(key))), bodyOf(content.messages)),
  "TestInputTransformer::test_put_events_with_input_transformer_input_template_string[": matchAllAndNot(templateOf),
  "TestInputTransformer::test_input_transformer_nested_keys_replacement[": (content, key) => {
    const output = delivered(SPECIAL_EVENT_DETAIL, transformer(NESTED_PATHS, templateOf(key)));
    if (Object.keys(content).length === 0) {
      // AWS delivered nothing for these templates: the result is not valid JSON.
      expect(output).toBeUndefined();
    } else {
      expectBody(output, bodyOf(content["input-transformed-messages"]));
    }
  },
};

function caseFor(key: string): Case | undefined {
  const name = key.slice(key.indexOf("::") + 2);
  return CASES[name] ?? Object.entries(PARAMETRIZED).find(([prefix]) => name.startsWith(prefix))?.[1];
}

describe("input transformer conformance with recorded AWS deliveries", () => {
  test("every recorded case has a conformance check", () => {
    // GIVEN
    const keys = Object.keys(recorded);

    // WHEN
    const uncovered = keys.filter((key) => caseFor(key) === undefined);

    // THEN
    expect(keys.length).toBeGreaterThanOrEqual(30);
    expect(uncovered).toEqual([]);
  });

  test.each(Object.keys(recorded).map((key) => [key.slice(key.indexOf("::") + 2), key]))("%s", (_name, key) => {
    // GIVEN
    const content = recorded[key]["recorded-content"];

    // WHEN / THEN
    (caseFor(key) as Case)(content, key);
  });
});

describe("input transformer edge cases", () => {
  test("an InputPath that selects nothing is a delivery failure naming the path", () => {
    // WHEN
    const result = renderTargetInput(event(EVENT_DETAIL), { Id: "t", InputPath: "$.detail.nothing" }, RULE);

    // THEN
    expect(result).toEqual({
      ok: false,
      reason: "InputPath $.detail.nothing of target t selects nothing in the event.",
    });
  });

  test("a constant Input is delivered as it is, and must be JSON", () => {
    // WHEN
    const result = renderTargetInput(event(EVENT_DETAIL), { Id: "t", Input: '{"fixed":true}' }, RULE);

    // THEN
    expect(result).toEqual({ ok: true, text: '{"fixed":true}' });
    expect(validateTargetInput({ Id: "t", Input: "not json" })).toBe("Input for target t is not valid JSON text.");
  });

  test("InputPathsMap keys are checked: no AWS prefix, no invalid JSON paths", () => {
    // WHEN / THEN
    expect(validateTargetInput({ Id: "t", ...transformer({ AWSkey: "$.detail" }, '"<AWSkey>"') })).toContain(
      "must not start with AWS",
    );
    expect(validateTargetInput({ Id: "t", ...transformer({ a: "detail.x" }, '"<a>"') })).toBe(
      "InputPathsMap for target t has an invalid JSON path for a: detail.x.",
    );
    expect(validateTargetInput({ Id: "t", InputPath: "$..bad" })).toBe(
      "InputPath for target t is not a valid JSON path: $..bad.",
    );
  });

  test("JSON templates escape quotes of string values placed inside JSON strings", () => {
    // WHEN
    const result = renderTargetInput(
      event({ title: 'say "hi"' }),
      { Id: "t", ...transformer({ title: "$.detail.title" }, '{"text": "Title: <title>", "raw": <title>}') },
      RULE,
    );

    // THEN
    expect(result.ok).toBe(true);
    expect(JSON.parse((result as { text: string }).text)).toEqual({ text: 'Title: say "hi"', raw: 'say "hi"' });
  });

  test("array indexes and bracketed member names select inside the event", () => {
    // WHEN
    const result = renderTargetInput(
      event({ items: [{ "odd key": 7 }] }),
      { Id: "t", InputPath: "$.detail.items[0]['odd key']" },
      RULE,
    );

    // THEN
    expect(result).toEqual({ ok: true, text: "7" });
  });
});
