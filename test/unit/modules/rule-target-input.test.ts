import { EventField, RuleTargetInput } from "../../../modules/rule-target-input";
import { renderTargetInput, validateTargetInput } from "../../../src/events/input-transformer";

const EVENT = {
  id: "e-1",
  account: "123456789012",
  source: "aws.partner/snyk.io/org_x/issues",
  detail: { severity_id: 5, finding: { title: "RCE" } },
};
const CONTEXT = { ruleArn: "arn:aws:events:eu-west-1:123456789012:rule/b/r", ruleName: "r" };

describe("RuleTargetInput", () => {
  test("fromObject without fields is a constant input", () => {
    expect(RuleTargetInput.fromObject({ a: 1 }).render()).toEqual({ input: '{"a":1}' });
  });

  test("fromObject keeps a whole-value field's JSON type and embeds fields in text", () => {
    // GIVEN
    const input = RuleTargetInput.fromObject({
      severity: EventField.fromPath("$.detail.severity_id"),
      text: `${EventField.fromPath("$.detail.finding.title")} (${EventField.eventId})`,
    });
    // WHEN
    const rendered = input.render();
    const delivered = renderTargetInput(EVENT, { Id: "t", InputTransformer: rendered.inputTransformer }, CONTEXT);
    // THEN
    expect(delivered).toEqual({ ok: true, text: '{"severity":5,"text":"RCE (e-1)"}' });
  });

  test("fromText and fromMultilineText render text templates EventBridge accepts", () => {
    // GIVEN
    const single = RuleTargetInput.fromText(`Issue ${EventField.fromPath("$.detail.finding.title")}`).render();
    const multi = RuleTargetInput.fromMultilineText(`line ${EventField.source}\nsecond`).render();
    // THEN
    expect(single.inputTransformer?.InputTemplate).toBe('"Issue <title>"');
    expect(validateTargetInput({ Id: "t", InputTransformer: single.inputTransformer })).toBeUndefined();
    expect(multi.inputTransformer?.InputTemplate).toBe('"line <source>"\n"second"');
    expect(validateTargetInput({ Id: "t", InputTransformer: multi.inputTransformer })).toBeUndefined();
  });

  test("fromEventPath selects part of the event", () => {
    expect(RuleTargetInput.fromEventPath("$.detail").render()).toEqual({ inputPath: "$.detail" });
  });

  test("names repeated fields once and renames clashes and AWS-prefixed names", () => {
    // GIVEN
    const input = RuleTargetInput.fromObject({
      a: EventField.fromPath("$.detail.x.name"),
      b: EventField.fromPath("$.detail.y.name"),
      c: EventField.fromPath("$.detail.x.name"),
      d: EventField.fromPath("$.detail.awsRegion"),
    });
    // WHEN
    const transformer = input.render().inputTransformer;
    // THEN
    expect(transformer?.InputPathsMap).toEqual({
      name: "$.detail.x.name",
      name2: "$.detail.y.name",
      f_awsRegion: "$.detail.awsRegion",
    });
    expect(validateTargetInput({ Id: "t", InputTransformer: transformer })).toBeUndefined();
  });

  test.each([
    ["EventField.fromPath", () => EventField.fromPath("detail.x"), /path must be a JSON path in dot notation/],
    ["RuleTargetInput.fromEventPath", () => RuleTargetInput.fromEventPath("$..x"), /path must be a JSON path/],
  ])("%s rejects a malformed path", (_name, create, message) => {
    expect(create).toThrow(message);
  });
});
