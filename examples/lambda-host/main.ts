/**
 * The Lambda host with a Secrets Manager token: the reconciling provisioner runs in AWS Lambda
 * (aws_lambda_invocation with lifecycle_scope CRUD) instead of on the machine running Terraform. The Snyk token
 * is read from Secrets Manager at run time; Terraform and its state never see it, and the discovered partner
 * source name and Snyk integration ID flow back into the stack by reference.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ProvisionerHost,
  SAMPLE_GROUP_ID,
  SAMPLE_ORG_ID,
  SnykEventBridgeIntegration,
  SnykEventType,
  SnykTokenSecret,
} from "../../index";

const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;
const GROUP_ID = process.env.SNYK_GROUP_ID ?? SAMPLE_GROUP_ID;

const app = new App();
const stack = new TerraformStack(app, "lambda-host");
new AwsProvider(stack, "aws", { region: process.env.AWS_REGION ?? "us-east-1" });

// The secret is created out of band, so that the token never passes through Terraform or its state:
//   printf %s "$SNYK_TOKEN" | aws secretsmanager create-secret --name snyk/eventbridge-token --secret-string file:///dev/stdin
// The function's role may read this one secret only.
const TOKEN_SECRET_NAME = process.env.SNYK_TOKEN_SECRET_NAME ?? "snyk/eventbridge-token";

const issues = new SnykEventBridgeIntegration(stack, "Issues", {
  orgId: ORG_ID,
  groupId: GROUP_ID,
  name: "platform-issues-lambda",
  eventType: SnykEventType.ISSUES,
  host: ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretName(TOKEN_SECRET_NAME) }),
  // The function does not see your shell's SNYK_API_URL: name your Snyk region here (for example
  // https://api.eu.snyk.io); the default is https://api.snyk.io.
  snykApiUrl: process.env.SNYK_API_URL,
});

new TerraformOutput(stack, "snyk_integration_id", { value: issues.outputs.integrationId });

app.synth();
