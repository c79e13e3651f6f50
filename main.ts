/**
 * The reference app: what `cdktf synth` / `cdktf deploy` (and `npm run synth`, `npm start`) run. Its settings
 * come from `snyk-eventbridge.json` (or the file `SNYK_EVENTBRIDGE_CONFIG` names) or the environment; with
 * neither, it declares one issue-events integration of the sample org in us-east-1, which is what the sandbox
 * plays. See snyk-eventbridge.example.json and docs/examples.md.
 */
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Duration, ProvisionerHost, SnykEventBridgeIntegration, SnykTokenSecret } from "./modules/index";
import type { WaitOptions } from "./modules/index";
import { SnykEventBridgeError } from "./src/errors";
import type { IntegrationSettings } from "./src/reference-app/settings";
import { integrationId, loadAppSettings } from "./src/reference-app/settings";

function hostOf(integration: IntegrationSettings): ProvisionerHost {
  if (integration.host === "lambda" && integration.tokenSecretName !== undefined) {
    return ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretName(integration.tokenSecretName) });
  }
  return ProvisionerHost.local();
}

function waitOf(integration: IntegrationSettings): WaitOptions | undefined {
  const wait = integration.wait;
  if (wait === undefined) {
    return undefined;
  }
  return {
    ...(wait.timeoutSeconds === undefined ? {} : { timeout: Duration.seconds(wait.timeoutSeconds) }),
    ...(wait.minDelayMs === undefined ? {} : { minDelay: Duration.millis(wait.minDelayMs) }),
    ...(wait.maxDelayMs === undefined ? {} : { maxDelay: Duration.millis(wait.maxDelayMs) }),
  };
}

function main(): void {
  const { settings, source } = loadAppSettings();
  process.stderr.write(`snyk-eventbridge reference app: settings from ${source}\n`);
  const app = new App();
  const stack = new TerraformStack(app, settings.stackName);
  new AwsProvider(stack, "aws", {
    region: settings.region,
    ...(settings.accountId === undefined ? {} : { allowedAccountIds: [settings.accountId] }),
  });
  settings.integrations.forEach((integration, index) => {
    const wait = waitOf(integration);
    new SnykEventBridgeIntegration(stack, integrationId(integration, index), {
      orgId: integration.orgId,
      groupId: integration.groupId,
      name: integration.name,
      eventType: integration.eventType,
      accountId: settings.accountId,
      profile: integration.profile,
      host: hostOf(integration),
      // A Lambda function does not see the shell's SNYK_API_URL, so for it the synth-time value is used.
      snykApiUrl: integration.snykApiUrl ?? (integration.host === "lambda" ? process.env.SNYK_API_URL : undefined),
      partnerSourceSuffix: integration.partnerSourceSuffix,
      sampleRules: integration.sampleRules ?? true,
      archive: integration.archive,
      ...(wait === undefined ? {} : { wait }),
    });
  });
  app.synth();
}

try {
  main();
} catch (error) {
  // A settings or props mistake is the user's to fix: print the message alone, without a stack trace.
  if (SnykEventBridgeError.isInstance(error)) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
