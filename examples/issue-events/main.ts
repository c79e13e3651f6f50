/**
 * Issue events with the sample rules: the smallest complete app. One Snyk integration sending issue events to
 * a partner event bus, with the sample rules (high and critical issues to SNS, fixable issues to SQS, every issue
 * to a CloudWatch log group, each with a dead-letter queue) and an archive for replay.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
// A user writes `from "snyk-eventbridge"`; inside this repository the package root is two folders up.
import { SAMPLE_GROUP_ID, SAMPLE_ORG_ID, SnykEventBridgeIntegration, SnykEventType } from "../../index";

// Replace with your Snyk org and group (Snyk > Settings > General). The samples are what the sandbox plays.
const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;
const GROUP_ID = process.env.SNYK_GROUP_ID ?? SAMPLE_GROUP_ID;

const app = new App();
const stack = new TerraformStack(app, "issue-events");
new AwsProvider(stack, "aws", { region: process.env.AWS_REGION ?? "us-east-1" });

new SnykEventBridgeIntegration(stack, "Issues", {
  orgId: ORG_ID,
  groupId: GROUP_ID,
  name: "platform-issues",
  eventType: SnykEventType.ISSUES,
  archive: true,
});

app.synth();
