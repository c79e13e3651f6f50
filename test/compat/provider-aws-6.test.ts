import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import {
  ApiDestinationAuth,
  ApiDestinationTarget,
  EventBusTarget,
  LambdaFunctionTarget,
  LogGroupTarget,
  ProvisionerHost,
  SnsTopicTarget,
  SnykEventBridgeIntegration,
  SnykEventType,
  SnykPatterns,
  SnykTokenSecret,
  SqsQueueTarget,
} from "../../index";

/**
 * The same constructs, synthesized with the bindings of hashicorp/aws 6.x (`@cdktf/provider-aws` 21.x): this
 * project maps `@cdktf/provider-aws/lib/*` to the 21.x package (see jest.config.js), so every class below and
 * inside `modules/` comes from 6.x.
 */
const ORG_ID = "0f0e0d0c-1111-4222-8333-444455556666";
const GROUP_ID = "9a9b9c9d-1111-4222-8333-444455556666";

interface Synthesized {
  readonly terraform: { readonly required_providers: Record<string, { source: string; version: string }> };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
}

function fullStack(): Synthesized {
  const stack = new TerraformStack(Testing.app(), "compat");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  const issues = new SnykEventBridgeIntegration(stack, "Issues", {
    orgId: ORG_ID,
    groupId: GROUP_ID,
    name: "platform-issues",
    eventType: SnykEventType.ISSUES,
    archive: true,
  });
  new SnykEventBridgeIntegration(stack, "Audit", {
    orgId: ORG_ID,
    groupId: GROUP_ID,
    name: "platform-audit",
    eventType: SnykEventType.AUDIT,
    host: ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretName("snyk-token") }),
  });
  const fn = new LambdaFunction(stack, "Handler", {
    functionName: "handler",
    role: "arn:aws:iam::123456789012:role/handler",
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "handler.zip",
  });
  const webhookKey = new TerraformVariable(stack, "webhook_key", { type: "string", sensitive: true });
  issues.addRule("Everything", {
    pattern: SnykPatterns.severityAtLeast("low"),
    targets: [
      new SnsTopicTarget(new SnsTopic(stack, "Topic", { name: "topic" })),
      new SqsQueueTarget(new SqsQueue(stack, "Queue", { name: "queue" })),
      new LogGroupTarget(new CloudwatchLogGroup(stack, "Logs", { name: "/aws/events/snyk" })),
      new LambdaFunctionTarget(fn),
    ],
  });
  issues.addRule("Forwarded", {
    pattern: SnykPatterns.severityAtLeast("high"),
    targets: [
      new EventBusTarget({ arn: "arn:aws:events:eu-west-1:210987654321:event-bus/central" }),
      new ApiDestinationTarget({
        endpoint: "https://hooks.example.com/snyk",
        auth: ApiDestinationAuth.apiKey("x-api-key", webhookKey.stringValue),
      }),
    ],
  });
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

describe("constructs with @cdktf/provider-aws 21.x (hashicorp/aws 6.x)", () => {
  test("the bindings in use are those of hashicorp/aws 6.x", () => {
    // GIVEN the aliased 21.x bindings / WHEN a stack is synthesized
    const config = fullStack();
    // THEN the stack requires a 6.x provider
    expect(config.terraform.required_providers.aws.version).toMatch(/^6\./);
  });

  test("synthesizes both hosts, the partner bus, archive, sample rules and all six targets with validations on", () => {
    // GIVEN / WHEN
    const config = fullStack();
    // THEN every resource kind the constructs create is there
    for (const type of [
      "terraform_data",
      "aws_cloudwatch_event_bus",
      "aws_cloudwatch_event_archive",
      "aws_cloudwatch_event_rule",
      "aws_cloudwatch_event_target",
      "aws_sns_topic_policy",
      "aws_sqs_queue_policy",
      "aws_lambda_permission",
      "aws_lambda_invocation",
      "aws_iam_role",
      "aws_cloudwatch_event_connection",
      "aws_cloudwatch_event_api_destination",
    ]) {
      expect(Object.keys(config.resource[type] ?? {}).length).toBeGreaterThan(0);
    }
    expect(Object.keys(config.resource.aws_cloudwatch_event_target).length).toBeGreaterThanOrEqual(6);
  });

  test("reads the provider's region through data.aws_region's `name`, which 5.x and 6.x both export", () => {
    // GIVEN / WHEN
    const config = fullStack();
    // THEN
    expect(Object.keys(config.data.aws_region)).toEqual(["SnykEventBridgeRegion"]);
    const bus = Object.values(config.resource.aws_cloudwatch_event_bus)[0];
    expect(JSON.stringify(config.resource)).toContain("${data.aws_region.SnykEventBridgeRegion.name}");
    expect(bus).toHaveProperty("event_source_name");
  });
});
