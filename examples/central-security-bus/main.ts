/**
 * Forwarding to a central security bus in another account: each workload account receives its Snyk events on
 * its partner bus and forwards high and critical issues to one event bus in the security account, where the
 * security team's own rules pick them up. The central bus lives in the security account (second provider with
 * an assumed role); its resource policy must allow the workload account's forwarding role.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import {
  EventBusTarget,
  SAMPLE_GROUP_ID,
  SAMPLE_ORG_ID,
  SnykEventBridgeIntegration,
  SnykEventType,
  SnykPatterns,
} from "../../index";

const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;
const GROUP_ID = process.env.SNYK_GROUP_ID ?? SAMPLE_GROUP_ID;
const REGION = process.env.AWS_REGION ?? "us-east-1";
const SECURITY_ACCOUNT = process.env.SECURITY_ACCOUNT_ID ?? "210987654321";

const app = new App();
const stack = new TerraformStack(app, "central-security-bus");
new AwsProvider(stack, "aws", { region: REGION });
const security = new AwsProvider(stack, "security", {
  alias: "security",
  region: REGION,
  assumeRole: [{ roleArn: `arn:aws:iam::${SECURITY_ACCOUNT}:role/terraform` }],
});

// In a real organisation the security account's stack owns this bus; it is here to keep the example whole.
const central = new CloudwatchEventBus(stack, "CentralSecurityBus", {
  provider: security,
  name: "central-security",
});

const issues = new SnykEventBridgeIntegration(stack, "Issues", {
  orgId: ORG_ID,
  groupId: GROUP_ID,
  name: "workload-issues",
  eventType: SnykEventType.ISSUES,
  sampleRules: false,
});

issues.addRule("ForwardHighAndCritical", {
  description: "High and critical Snyk issues, forwarded to the central security bus",
  pattern: SnykPatterns.severityAtLeast("high"),
  targets: [new EventBusTarget(central, { retryAttempts: 50 })],
});

new TerraformOutput(stack, "central_bus_arn", { value: central.arn });

app.synth();
