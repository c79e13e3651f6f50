import { TerraformVariable } from "cdktf";
import { Duration } from "../../../modules/duration";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { ProvisionerHost, SnykTokenSecret } from "../../../modules/provisioner-host";
import { ENV } from "../../../src/consts";
import { ValidationError } from "../../../src/errors";
import {
  ORG_ID,
  decodeJsonencode,
  issuesProps,
  newStack,
  resourceNamed,
  resources,
  statementsOf,
  synth,
} from "./helpers";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snyk-token-AbCdEf";

function lambdaStack(host = ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretArn(SECRET_ARN) })) {
  const stack = newStack();
  const integration = new SnykEventBridgeIntegration(
    stack,
    "Issues",
    issuesProps({ host, accountId: "123456789012", region: "eu-west-1", sampleRules: false }),
  );
  return { stack, integration, config: synth(stack) };
}

describe("ProvisionerHost.lambda", () => {
  test("invokes the bundled handler with aws_lambda_invocation in CRUD scope, with the spec as input", () => {
    // GIVEN / WHEN
    const { config } = lambdaStack();
    // THEN
    const [functionId, fn] = resourceNamed(config, "aws_lambda_function", "Issues_Provisioner");
    expect(fn).toMatchObject({
      handler: "index.handler",
      runtime: "nodejs20.x",
      memory_size: 256,
      timeout: 660,
      environment: { variables: { [ENV.SNYK_TOKEN_SECRET_ARN]: SECRET_ARN } },
    });
    expect(String(fn.filename)).toMatch(/^assets\/SnykEventBridgeLambda\/[0-9A-F]+\/archive\.zip$/);
    const [, invocation] = resourceNamed(config, "aws_lambda_invocation", "Issues_Invocation");
    expect(invocation).toMatchObject({
      function_name: `\${aws_lambda_function.${functionId}.function_name}`,
      lifecycle_scope: "CRUD",
      terraform_key: "tf",
    });
    expect(decodeJsonencode(invocation.input)).toEqual({
      orgId: ORG_ID,
      groupId: expect.any(String),
      name: "platform-issues",
      eventType: "issues",
      accountId: "123456789012",
      region: "eu-west-1",
    });
    expect(config.terraform.required_version).toBe(">= 1.4");
  });

  test("names the partner bus from the invocation result by reference and depends on the invocation", () => {
    // GIVEN / WHEN
    const { config, integration } = lambdaStack();
    // THEN
    const [invocationId] = resourceNamed(config, "aws_lambda_invocation", "Issues_Invocation");
    const [, bus] = resourceNamed(config, "aws_cloudwatch_event_bus", "Issues_EventBus");
    // cdktf renders a two-argument `lookup` as an attribute access on the decoded result.
    const reference = `\${jsondecode(aws_lambda_invocation.${invocationId}.result).partnerSourceName}`;
    expect(bus.name).toBe(reference);
    expect(bus.event_source_name).toBe(reference);
    expect(bus.depends_on).toEqual([`aws_lambda_invocation.${invocationId}`]);
    const [identityId, identity] = resourceNamed(config, "terraform_data", "Issues_Identity");
    expect(identity.provisioner).toBeUndefined();
    // The expected source name is part of the identity: with the bus ignoring name changes (the result is
    // unknown in every plan that changes the invocation's input), this is what replaces it when it must.
    expect(identity.triggers_replace).toMatchObject({
      orgId: ORG_ID,
      accountId: "123456789012",
      partnerSourceName: `aws.partner/snyk.io/org_${ORG_ID}/issues`,
    });
    expect(bus.lifecycle).toEqual({
      replace_triggered_by: [`terraform_data.${identityId}.id`],
      ignore_changes: ["name", "event_source_name"],
    });
    expect(integration.outputs.integrationId).toBeDefined();
    const outputs = Object.entries(config.output ?? {});
    expect(outputs.find(([id]) => id.includes("integration_id"))?.[1].value).toBe(
      `\${jsondecode(aws_lambda_invocation.${invocationId}.result).integrationId}`,
    );
  });

  test("gives the function a least-privilege role: one secret, event sources, its own logs", () => {
    // GIVEN / WHEN
    const { config } = lambdaStack();
    // THEN
    const [roleId, role] = resourceNamed(config, "aws_iam_role", "Issues_ProvisionerRole");
    expect(statementsOf(role.assume_role_policy)).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const [policyId, policy] = resourceNamed(config, "aws_iam_role_policy", "Issues_ProvisionerPolicy");
    expect(policy.role).toBe(`\${aws_iam_role.${roleId}.name}`);
    const [logGroupId, logGroup] = resourceNamed(config, "aws_cloudwatch_log_group", "Issues_ProvisionerLogs");
    const [, fn] = resourceNamed(config, "aws_lambda_function", "Issues_Provisioner");
    expect(logGroup.name).toBe(`/aws/lambda/${String(fn.function_name)}`);
    expect(statementsOf(policy.policy)).toEqual([
      { Sid: "ReadSnykToken", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET_ARN },
      {
        Sid: "FindPartnerSource",
        Effect: "Allow",
        Action: ["events:ListEventSources", "events:DescribeEventSource"],
        Resource: "*",
      },
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `\${aws_cloudwatch_log_group.${logGroupId}.arn}:*`,
      },
    ]);
    expect((fn.depends_on as string[]).sort()).toEqual(
      [`aws_cloudwatch_log_group.${logGroupId}`, `aws_iam_role_policy.${policyId}`].sort(),
    );
  });

  test("grants a secret given by name as the name plus Secrets Manager's random suffix", () => {
    // GIVEN / WHEN
    const { config } = lambdaStack(
      ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretName("snyk/token") }),
    );
    // THEN
    const [, policy] = resourceNamed(config, "aws_iam_role_policy", "Issues_ProvisionerPolicy");
    expect(statementsOf(policy.policy)[0].Resource).toBe(
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snyk/token-??????",
    );
    const [, fn] = resourceNamed(config, "aws_lambda_function", "Issues_Provisioner");
    expect(fn.environment).toEqual({ variables: { [ENV.SNYK_TOKEN_SECRET_ARN]: "snyk/token" } });
  });

  test("sizes the timeout from the wait, and takes explicit settings", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({
        host: ProvisionerHost.lambda({
          tokenSecret: SnykTokenSecret.fromSecretArn(SECRET_ARN),
          memorySize: 512,
          logRetentionDays: 7,
        }),
        wait: { timeout: Duration.minutes(2) },
        sampleRules: false,
      }),
    );
    const config = synth(stack);
    // THEN
    const [, fn] = resourceNamed(config, "aws_lambda_function", "Issues_Provisioner");
    expect(fn.timeout).toBe(180);
    expect(fn.memory_size).toBe(512);
    expect(resourceNamed(config, "aws_cloudwatch_log_group", "Issues_ProvisionerLogs")[1].retention_in_days).toBe(7);
    for (const data of Object.values(resources(config, "terraform_data"))) {
      expect(data.provisioner).toBeUndefined();
    }
  });

  test.each([
    [
      "a bad secret ARN",
      () => SnykTokenSecret.fromSecretArn("snyk-token"),
      /secretArn must be a Secrets Manager secret ARN/,
    ],
    ["a bad secret name", () => SnykTokenSecret.fromSecretName("bad name!"), /secretName must be 1-512 characters/],
    [
      "a memory size out of range",
      () => ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretArn(SECRET_ARN), memorySize: 64 }),
      /memorySize must be a whole number of MB from 128 to 10240 \(got 64\)/,
    ],
    [
      "a timeout above Lambda's limit",
      () =>
        ProvisionerHost.lambda({
          tokenSecret: SnykTokenSecret.fromSecretArn(SECRET_ARN),
          timeout: Duration.minutes(16),
        }),
      /timeout must be from 1 second to 15 minutes/,
    ],
  ])("rejects %s", (_what, create, message) => {
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(message);
  });

  test("accepts a secret ARN only Terraform knows", () => {
    // GIVEN
    const stack = newStack();
    const arn = new TerraformVariable(stack, "secret", { type: "string" }).stringValue;
    // THEN
    expect(SnykTokenSecret.fromSecretArn(arn).secretArn).toBe(arn);
  });
});
