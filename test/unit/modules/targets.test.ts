import { TerraformVariable, type TerraformStack } from "cdktf";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Duration } from "../../../modules/duration";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import type { Rule } from "../../../modules/rule";
import type { IRuleTarget } from "../../../modules/rule-target";
import { ApiDestinationAuth, ApiDestinationTarget } from "../../../modules/targets/api-destination";
import { EventBusTarget } from "../../../modules/targets/event-bus";
import { LambdaFunctionTarget } from "../../../modules/targets/lambda-function";
import { LogGroupTarget } from "../../../modules/targets/log-group";
import { SnsTopicTarget } from "../../../modules/targets/sns-topic";
import { SqsQueueTarget } from "../../../modules/targets/sqs-queue";
import { SnykPatterns } from "../../../src/events/snyk-patterns";
import { issuesProps, newStack, resourceNamed, resources, statementsOf, synth, type Synthesized } from "./helpers";

function ruleWith(stack: TerraformStack, ...targets: IRuleTarget[]): Rule {
  const integration = new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
  return integration.addRule("R", { pattern: SnykPatterns.issueEvents(), targets });
}

function ruleArn(config: Synthesized): string {
  const [id] = resourceNamed(config, "aws_cloudwatch_event_rule", "R");
  return `\${aws_cloudwatch_event_rule.${id}.arn}`;
}

describe("SnsTopicTarget", () => {
  test("adds one topic policy limited to the rule's ARN; the target depends on it", () => {
    // GIVEN
    const stack = newStack();
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    // WHEN
    ruleWith(stack, new SnsTopicTarget(topic));
    const config = synth(stack);
    // THEN
    const [policyId, policy] = resourceNamed(config, "aws_sns_topic_policy", "Topic");
    expect(policy.arn).toBe("${aws_sns_topic.Topic.arn}");
    expect(statementsOf(policy.policy)).toEqual([
      {
        Sid: expect.stringMatching(/^Publish[0-9a-f]{12}Target0$/),
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: "${aws_sns_topic.Topic.arn}",
        Condition: { ArnEquals: { "aws:SourceArn": ruleArn(config) } },
      },
    ]);
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(target.arn).toBe("${aws_sns_topic.Topic.arn}");
    expect(target.depends_on).toEqual([`aws_sns_topic_policy.${policyId}`]);
  });

  test("gathers the statements of several rules into the topic's single policy", () => {
    // GIVEN
    const stack = newStack();
    const topic = new SnsTopic(stack, "Topic", { name: "t" });
    const integration = new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
    // WHEN
    integration.addRule("A", { pattern: SnykPatterns.issueEvents(), targets: [new SnsTopicTarget(topic)] });
    integration.addRule("B", { pattern: SnykPatterns.fixAvailable(), targets: [new SnsTopicTarget(topic)] });
    const config = synth(stack);
    // THEN
    const policies = Object.values(resources(config, "aws_sns_topic_policy"));
    expect(policies).toHaveLength(1);
    const statements = statementsOf(policies[0].policy);
    expect(statements).toHaveLength(2);
    expect(new Set(statements.map((statement) => statement.Sid)).size).toBe(2);
  });

  test("warns instead of writing a policy for a topic given by ARN", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const rule = ruleWith(stack, new SnsTopicTarget({ arn: "arn:aws:sns:eu-west-1:123456789012:elsewhere" }));
    const config = synth(stack);
    // THEN
    expect(resources(config, "aws_sns_topic_policy")).toEqual({});
    const warnings = rule.node.metadata.filter((entry) => entry.type === "@cdktf/warn");
    expect(String(warnings[0]?.data)).toMatch(/not a resource defined in this app.*aws:SourceArn/);
  });
});

describe("SqsQueueTarget", () => {
  test("adds a queue policy limited to the rule's ARN, a dead-letter queue and retry settings", () => {
    // GIVEN
    const stack = newStack();
    const queue = new SqsQueue(stack, "Queue", { name: "q.fifo", fifoQueue: true });
    const dlq = new SqsQueue(stack, "Dlq", { name: "dlq" });
    // WHEN
    ruleWith(
      stack,
      new SqsQueueTarget(queue, {
        deadLetterQueue: dlq,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        messageGroupId: "snyk",
      }),
    );
    const config = synth(stack);
    // THEN
    const [queuePolicyId, queuePolicy] = resourceNamed(config, "aws_sqs_queue_policy", "Queue_EventBridgePolicy");
    const [dlqPolicyId, dlqPolicy] = resourceNamed(config, "aws_sqs_queue_policy", "Dlq_EventBridgePolicy");
    expect(queuePolicy.queue_url).toBe("${aws_sqs_queue.Queue.url}");
    for (const [policy, queueId] of [
      [queuePolicy, "Queue"],
      [dlqPolicy, "Dlq"],
    ] as const) {
      expect(statementsOf(policy.policy)).toEqual([
        expect.objectContaining({
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: `\${aws_sqs_queue.${queueId}.arn}`,
          Condition: { ArnEquals: { "aws:SourceArn": ruleArn(config) } },
        }),
      ]);
    }
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(target.dead_letter_config).toEqual({ arn: "${aws_sqs_queue.Dlq.arn}" });
    expect(target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 });
    expect(target.sqs_target).toEqual({ message_group_id: "snyk" });
    expect((target.depends_on as string[]).sort()).toEqual(
      [`aws_sqs_queue_policy.${dlqPolicyId}`, `aws_sqs_queue_policy.${queuePolicyId}`].sort(),
    );
  });

  test.each([
    ["retryAttempts", { retryAttempts: 186 }, /retryAttempts must be a whole number from 0 to 185 \(got 186\)/],
    ["maxEventAge", { maxEventAge: Duration.seconds(30) }, /maxEventAge must be from 60 seconds to 24 hours/],
    ["messageGroupId", { messageGroupId: "" }, /messageGroupId must be 1-128 printable ASCII characters/],
  ])("rejects a bad %s", (_field, props, message) => {
    // GIVEN
    const queue = { arn: "arn:aws:sqs:eu-west-1:123456789012:q", url: "https://sqs/q" };
    // THEN
    expect(() => new SqsQueueTarget(queue, props)).toThrow(message);
  });
});

describe("LogGroupTarget", () => {
  test("adds one log resource policy per stack for /aws/events/ log groups written by Snyk partner bus rules", () => {
    // GIVEN
    const stack = newStack();
    const a = new CloudwatchLogGroup(stack, "A", { name: "/aws/events/a" });
    const b = new CloudwatchLogGroup(stack, "B", { name: "/aws/events/b" });
    // WHEN
    ruleWith(stack, new LogGroupTarget(a), new LogGroupTarget(b));
    const config = synth(stack);
    // THEN
    const policies = resources(config, "aws_cloudwatch_log_resource_policy");
    expect(Object.keys(policies)).toEqual(["SnykEventsLogPolicy"]);
    expect(statementsOf(policies.SnykEventsLogPolicy.policy_document)).toEqual([
      {
        Sid: "SnykEventBridgeToLogs",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:*:*:log-group:/aws/events/*:*",
        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:events:*:*:rule/aws.partner/snyk.io/*" } },
      },
    ]);
    for (const target of Object.values(resources(config, "aws_cloudwatch_event_target"))) {
      expect(target.depends_on).toEqual(["aws_cloudwatch_log_resource_policy.SnykEventsLogPolicy"]);
    }
  });

  test("rejects a log group outside /aws/events/ but accepts a name only Terraform knows", () => {
    // GIVEN
    const stack = newStack();
    const name = new TerraformVariable(stack, "name", { type: "string" });
    // THEN
    expect(() => new LogGroupTarget({ arn: "arn", name: "/app/logs" })).toThrow(
      /logGroup\.name must start with \/aws\/events\/ for EventBridge to write to it \(got "\/app\/logs"\)/,
    );
    expect(() => new LogGroupTarget({ arn: "arn", name: name.stringValue })).not.toThrow();
  });
});

describe("LambdaFunctionTarget", () => {
  test("adds a permission for this rule only; the target depends on it", () => {
    // GIVEN
    const stack = newStack();
    const fn = new LambdaFunction(stack, "Fn", { functionName: "f", role: "arn:aws:iam::123456789012:role/r" });
    // WHEN
    ruleWith(stack, new LambdaFunctionTarget(fn));
    const config = synth(stack);
    // THEN
    const [permissionId, permission] = resourceNamed(config, "aws_lambda_permission", "R_Target0Grant");
    expect(permission).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.Fn.function_name}",
      principal: "events.amazonaws.com",
      source_arn: ruleArn(config),
    });
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(target.arn).toBe("${aws_lambda_function.Fn.arn}");
    expect(target.depends_on).toEqual([`aws_lambda_permission.${permissionId}`]);
  });
});

describe("EventBusTarget", () => {
  test("delivers with a role allowed events:PutEvents on that bus only", () => {
    // GIVEN
    const stack = newStack();
    const central = new CloudwatchEventBus(stack, "Central", { name: "security" });
    // WHEN
    ruleWith(stack, new EventBusTarget(central));
    const config = synth(stack);
    // THEN
    const [roleId, role] = resourceNamed(config, "aws_iam_role", "R_Target0Role");
    expect(statementsOf(role.assume_role_policy)).toEqual([
      { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const [policyId, policy] = resourceNamed(config, "aws_iam_role_policy", "R_Target0Role");
    expect(statementsOf(policy.policy)).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: "${aws_cloudwatch_event_bus.Central.arn}" },
    ]);
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(target.role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(target.depends_on).toEqual([`aws_iam_role_policy.${policyId}`]);
  });
});

describe("ApiDestinationTarget", () => {
  test("creates a connection, a destination and a role allowed to invoke it only", () => {
    // GIVEN
    const stack = newStack();
    const url = new TerraformVariable(stack, "slack_url", { type: "string", sensitive: true });
    const key = new TerraformVariable(stack, "slack_key", { type: "string", sensitive: true });
    // WHEN
    ruleWith(
      stack,
      new ApiDestinationTarget({
        endpoint: url.stringValue,
        auth: ApiDestinationAuth.apiKey("X-Slack", key.stringValue),
        rateLimitPerSecond: 10,
        headers: { "X-Source": "snyk" },
      }),
    );
    const config = synth(stack);
    // THEN
    const [connectionId, connection] = resourceNamed(config, "aws_cloudwatch_event_connection", "R_Target0Destination");
    expect(connection).toMatchObject({
      authorization_type: "API_KEY",
      auth_parameters: { api_key: { key: "X-Slack", value: "${var.slack_key}" } },
    });
    const [destinationId, destination] = resourceNamed(
      config,
      "aws_cloudwatch_event_api_destination",
      "R_Target0Destination",
    );
    expect(destination).toMatchObject({
      connection_arn: `\${aws_cloudwatch_event_connection.${connectionId}.arn}`,
      invocation_endpoint: "${var.slack_url}",
      http_method: "POST",
      invocation_rate_limit_per_second: 10,
    });
    const [, policy] = resourceNamed(config, "aws_iam_role_policy", "R_Target0Destination");
    expect(statementsOf(policy.policy)).toEqual([
      {
        Effect: "Allow",
        Action: "events:InvokeApiDestination",
        Resource: `\${aws_cloudwatch_event_api_destination.${destinationId}.arn}`,
      },
    ]);
    const [, target] = resourceNamed(config, "aws_cloudwatch_event_target", "R_Target0");
    expect(target.http_target).toEqual({ header_parameters: { "X-Source": "snyk" } });
    expect(target.role_arn).toMatch(/^\$\{aws_iam_role\.Issues_R_Target0Destination_Role_[0-9A-F]+\.arn\}$/);
  });

  test("refuses a literal secret, which would be written into the synthesized JSON", () => {
    // WHEN
    const create = (): unknown =>
      new ApiDestinationTarget({
        endpoint: "https://hooks.example.com/x",
        auth: ApiDestinationAuth.basic("u", "canary-secret"),
      });
    // THEN
    expect(create).toThrow(/auth must take its secret value as a Terraform reference/);
    expect(create).not.toThrow(/canary-secret/);
  });

  test("rejects a non-https endpoint and a bad rate limit", () => {
    // GIVEN
    const stack = newStack();
    const key = new TerraformVariable(stack, "k", { type: "string", sensitive: true });
    // WHEN
    const create = (): unknown =>
      new ApiDestinationTarget({
        endpoint: "http://hooks.example.com",
        auth: ApiDestinationAuth.apiKey("k", key.stringValue),
        rateLimitPerSecond: 0,
      });
    // THEN
    expect(create).toThrow(
      /endpoint must be an https:\/\/ URL[\s\S]*rateLimitPerSecond must be a whole number from 1 to 300/,
    );
  });
});
