import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Duration } from "../../../modules/duration";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { SnykEventType } from "../../../src/consts";
import { SAMPLE_GROUP_ID, SAMPLE_ISSUE_EVENTS, SAMPLE_ORG_ID, SAMPLE_SOURCES } from "../../../src/events/sample-events";
import { applyStack, destroyStack } from "../../../src/sandbox/apply";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";

describe("an integration with sample rules, applied to the sandbox by the apply harness", () => {
  let sandbox: Sandbox;
  let outdir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ sourceDelayMs: 20 });
    outdir = mkdtempSync(path.join(tmpdir(), "constructs-apply-"));
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(outdir, { recursive: true, force: true });
  });

  test("creates the integration, bus, rules and targets, routes the sample events, then destroys everything", async () => {
    // GIVEN the stack as `cdktf synth` writes it
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "snyk");
    new AwsProvider(stack, "aws", { region: sandbox.region });
    const integration = new SnykEventBridgeIntegration(stack, "Issues", {
      orgId: SAMPLE_ORG_ID,
      groupId: SAMPLE_GROUP_ID,
      name: "platform-issues",
      eventType: SnykEventType.ISSUES,
      archive: true,
      wait: { timeout: Duration.seconds(20), minDelay: Duration.millis(10), maxDelay: Duration.millis(100) },
    });
    app.synth();
    const options = {
      stackDir: path.join(outdir, "stacks", "snyk"),
      sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
      env: { ...process.env, ...sandbox.env },
    };

    // WHEN it is applied
    const applied = await applyStack(options);

    // THEN the integration exists and its partner bus has the sample rules
    expect(sandbox.snyk.registrations(SAMPLE_GROUP_ID)).toHaveLength(1);
    const bus = sandbox.eventBridge.buses().find((candidate) => candidate.name === SAMPLE_SOURCES.ISSUES);
    expect(bus?.eventSourceName).toBe(SAMPLE_SOURCES.ISSUES);
    expect(bus?.rules.map((rule) => rule.name.split("-")[0]).sort()).toEqual([
      "AllIssues",
      "FixAvailableIssues",
      "HighAndCriticalIssues",
    ]);
    expect(Object.values(applied.outputs)).toContain(SAMPLE_SOURCES.ISSUES);
    expect(integration.outputs.partnerSourceName).toBe(SAMPLE_SOURCES.ISSUES);

    // WHEN Snyk sends the sample issue events
    const events = Object.values(SAMPLE_ISSUE_EVENTS);
    const sent = sandbox.eventBridge.putPartnerEvents(
      events.map((event) => ({
        Source: event.source,
        DetailType: event["detail-type"],
        Detail: JSON.stringify(event.detail),
      })),
    );

    // THEN each rule routes what it claims
    expect(sent.FailedEntryCount).toBe(0);
    const deliveredBy = (prefix: string): number =>
      sandbox.eventBridge.deliveries().filter((delivery) => delivery.ruleName.startsWith(prefix)).length;
    expect(deliveredBy("HighAndCriticalIssues")).toBe(3);
    expect(deliveredBy("FixAvailableIssues")).toBe(3);
    expect(deliveredBy("AllIssues")).toBe(events.length);

    // WHEN it is destroyed
    await destroyStack(options);

    // THEN nothing is left on either side
    expect(sandbox.snyk.registrations(SAMPLE_GROUP_ID)).toHaveLength(0);
    expect(sandbox.eventBridge.sources()).toEqual([]);
    expect(sandbox.eventBridge.buses().map((candidate) => candidate.name)).toEqual(["default"]);
  });
});
