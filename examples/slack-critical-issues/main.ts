/**
 * Critical issues to Slack: an EventBridge API destination posts a short message to Slack's chat.postMessage
 * for every critical Snyk issue, shaped by an input transformer. The bot token is a sensitive Terraform
 * variable (set TF_VAR_slack_bot_token when applying): it lives in the EventBridge connection, never in the
 * synthesized JSON.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  ApiDestinationAuth,
  ApiDestinationTarget,
  EventField,
  RuleTargetInput,
  SAMPLE_GROUP_ID,
  SAMPLE_ORG_ID,
  SnykEventBridgeIntegration,
  SnykEventType,
  SnykPatterns,
} from "../../index";

const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;
const GROUP_ID = process.env.SNYK_GROUP_ID ?? SAMPLE_GROUP_ID;
const SLACK_CHANNEL = process.env.SLACK_CHANNEL ?? "#security-alerts";

const app = new App();
const stack = new TerraformStack(app, "slack-critical-issues");
new AwsProvider(stack, "aws", { region: process.env.AWS_REGION ?? "us-east-1" });

const slackToken = new TerraformVariable(stack, "slack_bot_token", {
  type: "string",
  sensitive: true,
  description: "A Slack bot token (xoxb-...) with the chat:write scope",
});

const issues = new SnykEventBridgeIntegration(stack, "Issues", {
  orgId: ORG_ID,
  groupId: GROUP_ID,
  name: "platform-critical-to-slack",
  eventType: SnykEventType.ISSUES,
  sampleRules: false,
});

issues.addRule("CriticalToSlack", {
  description: "Critical Snyk issues, posted to Slack",
  pattern: SnykPatterns.severityAtLeast("critical"),
  targets: [
    new ApiDestinationTarget({
      endpoint: "https://slack.com/api/chat.postMessage",
      auth: ApiDestinationAuth.apiKey("Authorization", `Bearer ${slackToken.stringValue}`),
      rateLimitPerSecond: 1,
      retryAttempts: 10,
      input: RuleTargetInput.fromObject({
        channel: SLACK_CHANNEL,
        text:
          `:rotating_light: Critical Snyk issue: ${EventField.fromPath("$.detail.finding.title")} ` +
          `(${EventField.fromPath("$.detail.finding.uid")})`,
      }),
    }),
  ],
});

app.synth();
