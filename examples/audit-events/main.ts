/**
 * Audit events to a log group and alerts: every Snyk audit log entry is kept in CloudWatch Logs, and the
 * sensitive ones (role changes, service accounts, SSO, access and policy settings, ignores) page the
 * security team through the sample rule's SNS topic.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import {
  LogGroupTarget,
  SAMPLE_GROUP_ID,
  SAMPLE_ORG_ID,
  SnykEventBridgeIntegration,
  SnykEventType,
  SnykPatterns,
} from "../../index";

const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;
const GROUP_ID = process.env.SNYK_GROUP_ID ?? SAMPLE_GROUP_ID;

const app = new App();
const stack = new TerraformStack(app, "audit-events");
new AwsProvider(stack, "aws", { region: process.env.AWS_REGION ?? "us-east-1" });

// The alerts topic: subscribe your on-call email or chat integration to it.
const alerts = new SnsTopic(stack, "SecurityAlerts", { name: "snyk-audit-alerts" });
// EventBridge can write only to log groups whose names start with /aws/events/.
const auditLog = new CloudwatchLogGroup(stack, "AuditLog", {
  name: "/aws/events/snyk/audit",
  retentionInDays: 365,
});

const audit = new SnykEventBridgeIntegration(stack, "Audit", {
  orgId: ORG_ID,
  groupId: GROUP_ID,
  name: "platform-audit",
  eventType: SnykEventType.AUDIT,
  // The sample rule for audit events sends the sensitive actions to this topic instead of a new one.
  sampleRules: { topic: alerts },
});

audit.addRule("AllAuditEntries", {
  description: "Every Snyk audit log entry, kept for a year",
  pattern: SnykPatterns.auditEvents(),
  targets: [new LogGroupTarget(auditLog, { retryAttempts: 20 })],
});

app.synth();
