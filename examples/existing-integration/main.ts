/**
 * Adopting an integration created in the Snyk UI: the `existing` profile makes no Snyk API calls that write.
 * Someone added the Amazon EventBridge integration in Snyk by hand; this stack waits for the partner event
 * source Snyk created, associates it with a bus and manages the rules. Destroying the stack leaves the Snyk
 * integration (and so its source) alone: remove it in the Snyk UI when you want it gone.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SAMPLE_ORG_ID, SnykEventBridgeIntegration, SnykEventType } from "../../index";

const ORG_ID = process.env.SNYK_ORG_ID ?? SAMPLE_ORG_ID;

const app = new App();
const stack = new TerraformStack(app, "existing-integration");
new AwsProvider(stack, "aws", { region: process.env.AWS_REGION ?? "us-east-1" });

new SnykEventBridgeIntegration(stack, "Issues", {
  orgId: ORG_ID,
  // The name is informational here: the integration is Snyk's, as created in its UI.
  name: "created-in-the-snyk-ui",
  eventType: SnykEventType.ISSUES,
  profile: "existing",
  // If Snyk's source name ends differently, the apply fails naming the real source: put its suffix here.
  partnerSourceSuffix: process.env.SNYK_PARTNER_SOURCE_SUFFIX ?? "issues",
});

app.synth();
