import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaInvocation } from "@cdktf/provider-aws/lib/lambda-invocation";
import { ENV } from "../../src/consts";
import { assumeRolePolicy, policyDocument } from "../policy-statement";
import type { LambdaHostOptions } from "../provisioner-host";
import { uniqueName } from "./names";
import type { ProvisionerBinding, ProvisionerResources } from "./provisioner-binding";
import { lambdaAsset, requireTerraformDataVersion } from "./stack-singletons";
import { TerraformData } from "./terraform-data";

/** Lambda's own ceiling on a function's run time. */
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * Creates the Lambda host: one function per integration (so its role can read exactly one secret), its log
 * group, a least-privilege role, and an `aws_lambda_invocation` with `lifecycle_scope = "CRUD"`: Terraform
 * invokes it on create, on every input change (the reconciler renames, or replaces when an immutable field
 * changed) and on destroy, also when the block is removed from the configuration.
 *
 * @internal
 */
export function createLambdaProvisioner(
  scope: Construct,
  binding: ProvisionerBinding,
  options: LambdaHostOptions,
): ProvisionerResources {
  const { spec } = binding;
  const functionName = uniqueName(scope, "snyk-eventbridge-", 64);
  const logGroup = new CloudwatchLogGroup(scope, "ProvisionerLogs", {
    name: `/aws/lambda/${functionName}`,
    retentionInDays: options.logRetentionDays ?? 30,
  });
  const role = new IamRole(scope, "ProvisionerRole", {
    name: uniqueName(scope, "snyk-eventbridge-", 64),
    assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
  });
  const secret = options.tokenSecret;
  const secretResource =
    secret.secretArn ?? `arn:aws:secretsmanager:${spec.region}:${spec.accountId}:secret:${secret.secretId}-??????`;
  const rolePolicy = new IamRolePolicy(scope, "ProvisionerPolicy", {
    role: role.name,
    name: "snyk-eventbridge-provisioner",
    policy: policyDocument([
      { Sid: "ReadSnykToken", Action: "secretsmanager:GetSecretValue", Resource: secretResource },
      // ListEventSources and DescribeEventSource do not support resource-level permissions.
      { Sid: "FindPartnerSource", Action: ["events:ListEventSources", "events:DescribeEventSource"], Resource: "*" },
      { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:*` },
    ]),
  });
  const timeout = options.timeout?.toSeconds() ?? Math.min(binding.waitTimeoutSeconds + 60, LAMBDA_MAX_TIMEOUT_SECONDS);
  const fn = new LambdaFunction(scope, "Provisioner", {
    functionName,
    description: "Reconciles a Snyk to Amazon EventBridge integration (snyk-eventbridge)",
    role: role.arn,
    filename: lambdaAsset(scope).path,
    handler: "index.handler",
    runtime: options.runtime ?? "nodejs20.x",
    timeout,
    memorySize: options.memorySize ?? 256,
    environment: { variables: { [ENV.SNYK_TOKEN_SECRET_ARN]: secret.secretId } },
    // The log group and permissions must exist before the first invocation writes logs or reads the secret.
    dependsOn: [logGroup, rolePolicy],
  });
  const invocation = new LambdaInvocation(scope, "Invocation", {
    functionName: fn.functionName,
    input: Fn.jsonencode(spec),
    lifecycleScope: "CRUD",
    terraformKey: "tf",
  });
  // The bus keeps its name across updates (its name comes from the invocation's result, unknown in any plan
  // that changes the input), so the expected source name joins the identity: changing it is what replaces
  // the bus, rules and targets.
  const identity = new TerraformData(scope, "Identity", {
    triggersReplace: { ...binding.immutable, partnerSourceName: binding.expectedSourceName },
  });
  requireTerraformDataVersion(scope);
  const result = Fn.jsondecode(invocation.result);
  return {
    identity,
    ready: invocation,
    partnerSourceName: Fn.lookup(result, "partnerSourceName"),
    partnerSourceArn: Fn.lookup(result, "partnerSourceArn"),
    integrationId: Fn.lookup(result, "integrationId"),
  };
}
