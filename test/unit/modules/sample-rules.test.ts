import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { sampleRuleDefinitions } from "../../../modules/sample-rules";
import { SnykEventType } from "../../../src/consts";
import { matches } from "../../../src/events/pattern-matcher";
import { SAMPLE_AUDIT_EVENTS, SAMPLE_EVENTS, SAMPLE_ISSUE_EVENTS } from "../../../src/events/sample-events";
import { issuesProps, newStack, resourceNamed, resources, statementsOf, synth } from "./helpers";

/** Which samples each sample rule claims, by rule ID; every other sample event must not match. */
const CLAIMS: Record<string, readonly unknown[]> = {
  HighAndCriticalIssues: [
    SAMPLE_ISSUE_EVENTS.criticalWithFixCreated,
    SAMPLE_ISSUE_EVENTS.highWithFixUpdated,
    SAMPLE_ISSUE_EVENTS.highNoFixCreated,
  ],
  FixAvailableIssues: [
    SAMPLE_ISSUE_EVENTS.criticalWithFixCreated,
    SAMPLE_ISSUE_EVENTS.highWithFixUpdated,
    SAMPLE_ISSUE_EVENTS.mediumWithFixNoCveCreated,
  ],
  AllIssues: Object.values(SAMPLE_ISSUE_EVENTS),
  SensitiveAuditActions: [
    SAMPLE_AUDIT_EVENTS.userRoleChanged,
    SAMPLE_AUDIT_EVENTS.groupRoleChanged,
    SAMPLE_AUDIT_EVENTS.serviceAccountCreated,
    SAMPLE_AUDIT_EVENTS.groupServiceAccountEdited,
    SAMPLE_AUDIT_EVENTS.issueIgnored,
  ],
};

describe("sample rule patterns against the sample events", () => {
  const definitions = [...sampleRuleDefinitions(SnykEventType.ISSUES), ...sampleRuleDefinitions(SnykEventType.AUDIT)];

  test("every sample rule has a claim", () => {
    expect(definitions.map((definition) => definition.id).sort()).toEqual(Object.keys(CLAIMS).sort());
  });

  test.each(definitions.map((definition) => [definition.id, definition] as const))(
    "%s matches exactly the events it claims",
    (id, definition) => {
      // GIVEN
      const claimed = CLAIMS[id];
      // WHEN
      const matched = SAMPLE_EVENTS.filter((event) => matches(definition.pattern, event));
      // THEN
      expect(claimed.length).toBeGreaterThan(0);
      expect(new Set(matched)).toEqual(new Set(claimed));
    },
  );

  test("audit sample events never match issue rules, and the sensitive rule skips routine audit events", () => {
    // GIVEN
    const [high] = sampleRuleDefinitions(SnykEventType.ISSUES);
    const [sensitive] = sampleRuleDefinitions(SnykEventType.AUDIT);
    // THEN
    expect(Object.values(SAMPLE_AUDIT_EVENTS).some((event) => matches(high.pattern, event))).toBe(false);
    expect(matches(sensitive.pattern, SAMPLE_AUDIT_EVENTS.apiAccessed)).toBe(false);
    expect(matches(sensitive.pattern, SAMPLE_AUDIT_EVENTS.projectAdded)).toBe(false);
    expect(matches(sensitive.pattern, SAMPLE_AUDIT_EVENTS.userAdded)).toBe(false);
  });
});

describe("SampleRules in an integration", () => {
  test("creates the issue sample rules with a topic, a queue, a log group and a dead-letter queue by default", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const integration = new SnykEventBridgeIntegration(stack, "Issues", issuesProps());
    const config = synth(stack);
    // THEN
    expect(Object.keys(integration.sampleRules?.rules ?? {})).toEqual([
      "HighAndCriticalIssues",
      "FixAvailableIssues",
      "AllIssues",
    ]);
    expect(Object.keys(resources(config, "aws_cloudwatch_event_rule"))).toHaveLength(3);
    expect(Object.keys(resources(config, "aws_cloudwatch_event_target"))).toHaveLength(3);
    expect(Object.keys(resources(config, "aws_sns_topic"))).toHaveLength(1);
    expect(Object.keys(resources(config, "aws_sqs_queue"))).toHaveLength(2);
    const [, logGroup] = resourceNamed(config, "aws_cloudwatch_log_group", "SampleRules_LogGroup");
    expect(String(logGroup.name).startsWith("/aws/events/snyk/")).toBe(true);
    expect(logGroup.retention_in_days).toBe(30);
    const [, rule] = resourceNamed(config, "aws_cloudwatch_event_rule", "HighAndCritical");
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: [{ prefix: "aws.partner/snyk.io/" }],
      detail: { class_uid: [2001], severity_id: [4, 5] },
    });
    expect(rule.state).toBe("ENABLED");
  });

  test("creates one sensitive-actions rule to SNS for audit events", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(stack, "Audit", issuesProps({ eventType: SnykEventType.AUDIT }));
    const config = synth(stack);
    // THEN
    const [ruleId] = resourceNamed(config, "aws_cloudwatch_event_rule", "SensitiveAuditActions");
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "SensitiveAuditActions");
    expect(target.arn).toMatch(/^\$\{aws_sns_topic\.Audit_SampleRules_Topic_[0-9A-F]+\.arn\}$/);
    expect(target.rule).toBe(`\${aws_cloudwatch_event_rule.${ruleId}.name}`);
    expect(resources(config, "aws_cloudwatch_log_group")).toEqual({});
    expect(Object.keys(resources(config, "aws_sqs_queue"))).toHaveLength(1);
  });

  test("can be turned off", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const integration = new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
    const config = synth(stack);
    // THEN
    expect(integration.sampleRules).toBeUndefined();
    expect(resources(config, "aws_cloudwatch_event_rule")).toEqual({});
    expect(resources(config, "aws_sns_topic")).toEqual({});
  });

  test("routes to your own topic and queue, without a dead-letter queue, disabled", () => {
    // GIVEN
    const stack = newStack();
    const topic = new SnsTopic(stack, "MyTopic", { name: "mine" });
    const queue = new SqsQueue(stack, "MyQueue", { name: "mine" });
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({ sampleRules: { topic, queue, deadLetterQueue: false, enabled: false } }),
    );
    const config = synth(stack);
    // THEN
    expect(Object.keys(resources(config, "aws_sns_topic"))).toEqual(["MyTopic"]);
    expect(Object.keys(resources(config, "aws_sqs_queue"))).toEqual(["MyQueue"]);
    const [, topicPolicy] = resourceNamed(config, "aws_sns_topic_policy", "MyTopic_EventBridgePolicy");
    expect(statementsOf(topicPolicy.policy)[0].Resource).toBe("${aws_sns_topic.MyTopic.arn}");
    for (const target of Object.values(resources(config, "aws_cloudwatch_event_target"))) {
      expect(target.dead_letter_config).toBeUndefined();
    }
    for (const rule of Object.values(resources(config, "aws_cloudwatch_event_rule"))) {
      expect(rule.state).toBe("DISABLED");
    }
  });

  test("rejects a bad log retention", () => {
    // WHEN
    const create = (): unknown =>
      new SnykEventBridgeIntegration(newStack(), "Issues", issuesProps({ sampleRules: { logRetentionDays: 0 } }));
    // THEN
    expect(create).toThrow(/sampleRules\.logRetentionDays must be a whole number of days, 1 or more \(got 0\)/);
  });
});
