import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { Rule } from "../../../modules/rule";
import type { IRuleTarget } from "../../../modules/rule-target";
import { EventField, RuleTargetInput } from "../../../modules/rule-target-input";
import { SnsTopicTarget } from "../../../modules/targets/sns-topic";
import { ValidationError } from "../../../src/errors";
import type { EventPattern } from "../../../src/events/event-pattern";
import { Match } from "../../../src/events/match";
import { SnykPatterns } from "../../../src/events/snyk-patterns";
import { issuesProps, newStack, resourceNamed, resources, synth } from "./helpers";

function integrationIn(stack = newStack()): SnykEventBridgeIntegration {
  return new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
}

describe("addRule", () => {
  test("creates a rule on the partner bus with its pattern, description and state", () => {
    // GIVEN
    const stack = newStack();
    const integration = integrationIn(stack);
    // WHEN
    const rule = integration.addRule("Critical", {
      pattern: SnykPatterns.severityAtLeast("critical"),
      description: "critical issues",
      enabled: false,
    });
    const config = synth(stack);
    // THEN
    const [, resource] = resourceNamed(config, "aws_cloudwatch_event_rule", "Critical");
    const [busId] = resourceNamed(config, "aws_cloudwatch_event_bus", "EventBus");
    expect(resource.event_bus_name).toBe(`\${aws_cloudwatch_event_bus.${busId}.name}`);
    expect(JSON.parse(String(resource.event_pattern))).toEqual({ detail: { class_uid: [2001], severity_id: [5] } });
    expect(resource.description).toBe("critical issues");
    expect(resource.state).toBe("DISABLED");
    expect(String(resource.name)).toMatch(/^Critical-[0-9a-f]{8}$/);
    expect(rule).toBeInstanceOf(Rule);
  });

  test("adds targets given in the options and later, each depending on its policy", () => {
    // GIVEN
    const stack = newStack();
    const integration = integrationIn(stack);
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    // WHEN
    const rule = integration.addRule("R", {
      pattern: SnykPatterns.issueEvents(),
      targets: [new SnsTopicTarget(topic)],
    });
    rule.addTarget(new SnsTopicTarget(topic), "Second");
    const config = synth(stack);
    // THEN
    const targets = resources(config, "aws_cloudwatch_event_target");
    expect(
      Object.values(targets)
        .map((target) => target.target_id)
        .sort(),
    ).toEqual(["Second", "Target0"]);
    const [policyId] = resourceNamed(config, "aws_sns_topic_policy", "Topic_EventBridgePolicy");
    for (const target of Object.values(targets)) {
      expect(target.depends_on).toEqual([`aws_sns_topic_policy.${policyId}`]);
    }
  });

  test("renders an input transformer from an object with event fields", () => {
    // GIVEN
    const stack = newStack();
    const integration = integrationIn(stack);
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    // WHEN
    integration.addRule("R", {
      pattern: SnykPatterns.issueEvents(),
      targets: [
        new SnsTopicTarget(topic, {
          input: RuleTargetInput.fromObject({
            title: EventField.fromPath("$.detail.finding.title"),
            text: `Severity ${EventField.fromPath("$.detail.severity")} in ${EventField.account}`,
          }),
          retryAttempts: 3,
        }),
      ],
    });
    const [, target] = resourceNamed(synth(stack), "aws_cloudwatch_event_target", "R_Target0");
    // THEN
    expect(target.input_transformer).toEqual({
      input_paths: { title: "$.detail.finding.title", severity: "$.detail.severity", account: "$.account" },
      input_template: '{"title":<title>,"text":"Severity <severity> in <account>"}',
    });
    expect(target.retry_policy).toEqual({ maximum_retry_attempts: 3 });
  });

  test("reports an invalid pattern when the stack is synthesized, with EventBridge's reason", () => {
    // GIVEN
    const stack = newStack();
    const integration = integrationIn(stack);
    // WHEN
    integration.addRule("Bad", { pattern: { detail: { severity_id: [] } } as unknown as EventPattern });
    // THEN
    expect(() => synth(stack)).toThrow(/Rule stack\/Issues\/Bad: pattern is invalid: .*Empty arrays are not allowed/);
  });

  test("reports more than five targets when the stack is synthesized", () => {
    // GIVEN
    const stack = newStack();
    const integration = integrationIn(stack);
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    const rule = integration.addRule("Busy", { pattern: SnykPatterns.issueEvents() });
    // WHEN
    for (let i = 0; i < 6; i += 1) {
      rule.addTarget(new SnsTopicTarget(topic));
    }
    // THEN
    expect(() => synth(stack)).toThrow(/has 6 targets: EventBridge allows at most 5 per rule/);
  });

  test.each([
    [
      "ruleName",
      { ruleName: "has space" },
      /ruleName must be 1-64 characters of letters, digits, \. - _ \(got "has space"\)/,
    ],
    ["description", { description: "x".repeat(513) }, /description must be at most 512 characters/],
    ["pattern", { pattern: {} }, /pattern must be a non-empty event pattern/],
  ])("rejects a bad %s when the rule is added", (_field, overrides, message) => {
    // WHEN
    const add = (): unknown => integrationIn().addRule("Bad", { pattern: SnykPatterns.issueEvents(), ...overrides });
    // THEN
    expect(add).toThrow(ValidationError);
    expect(add).toThrow(message);
  });

  test("rejects duplicate and malformed target IDs", () => {
    // GIVEN
    const stack = newStack();
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    const rule = integrationIn(stack).addRule("R", { pattern: SnykPatterns.issueEvents() });
    rule.addTarget(new SnsTopicTarget(topic), "Alerts");
    // THEN
    expect(() => rule.addTarget(new SnsTopicTarget(topic), "Alerts")).toThrow(/addTarget\(id\) must be unique/);
    expect(() => rule.addTarget(new SnsTopicTarget(topic), "a/b")).toThrow(/addTarget\(id\) must be 1-64 characters/);
  });

  test("rejects a target input EventBridge would refuse", () => {
    // GIVEN
    const stack = newStack();
    const rule = integrationIn(stack).addRule("R", { pattern: { source: Match.prefix("aws.partner/") } });
    const target: IRuleTarget = {
      bind: () => ({
        arn: "arn:aws:sns:eu-west-1:123456789012:t",
        input: RuleTargetInput.fromObject({ a: EventField.fromPath("$.detail") }),
      }),
    };
    const badInput: IRuleTarget = {
      bind: () => ({
        arn: "arn:aws:sns:eu-west-1:123456789012:t",
        input: { render: () => ({ input: "not json" }) } as unknown as RuleTargetInput,
      }),
    };
    // THEN
    expect(() => rule.addTarget(target)).not.toThrow();
    expect(() => rule.addTarget(badInput)).toThrow(
      /input must be what EventBridge accepts: Input for target Target1 is not valid JSON text/,
    );
  });

  test("rule and targets are replaced with the integration's identity", () => {
    // GIVEN
    const stack = newStack();
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    // WHEN
    integrationIn(stack).addRule("R", { pattern: SnykPatterns.issueEvents(), targets: [new SnsTopicTarget(topic)] });
    const config = synth(stack);
    // THEN
    const [identityId] = resourceNamed(config, "terraform_data", "Issues_Integration");
    const [, rule] = resourceNamed(config, "aws_cloudwatch_event_rule", "R");
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(rule.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${identityId}.id`] });
    expect(target.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${identityId}.id`] });
  });
});
