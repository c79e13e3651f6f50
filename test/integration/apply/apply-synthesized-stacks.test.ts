import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Duration, ProvisionerHost, SnykEventBridgeIntegration, SnykTokenSecret } from "../../../modules/index";
import { SnykEventType } from "../../../src/consts";
import { SAMPLE_GROUP_ID, SAMPLE_ISSUE_EVENTS, SAMPLE_ORG_ID, SAMPLE_SOURCES } from "../../../src/events/sample-events";
import type { ApplyEvent } from "../../../src/sandbox/apply";
import { applyStack, destroyStack } from "../../../src/sandbox/apply";
import type { Sandbox } from "../../../src/sandbox/sandbox";
import { startSandbox } from "../../../src/sandbox/sandbox";

/** Synthesizes one integration with the real constructs, as `cdktf synth` would; returns the stack directory. */
function synthesize(
  outdir: string,
  region: string,
  props: Partial<ConstructorParameters<typeof SnykEventBridgeIntegration>[2]>,
): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "integration");
  new AwsProvider(stack, "aws", { region });
  new SnykEventBridgeIntegration(stack, "Issues", {
    orgId: SAMPLE_ORG_ID,
    groupId: SAMPLE_GROUP_ID,
    name: "platform-issues",
    eventType: SnykEventType.ISSUES,
    wait: { timeout: Duration.seconds(30), minDelay: Duration.millis(50), maxDelay: Duration.millis(200) },
    ...props,
  });
  app.synth();
  return join(outdir, "stacks", "integration");
}

describe("stacks synthesized from the real constructs, applied to the sandbox", () => {
  let sandbox: Sandbox;
  const dirs: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ sourceDelayMs: 50 });
  });

  afterAll(async () => {
    await sandbox.close();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  function nothingLeft(): void {
    expect(sandbox.snyk.registrations()).toEqual([]);
    expect(sandbox.eventBridge.buses().filter((bus) => bus.name !== "default")).toEqual([]);
    expect(sandbox.eventBridge.sources()).toEqual([]);
  }

  test.each([
    ["local host (terraform_data running the bundled CLI)", (): Record<string, unknown> => ({})],
    [
      "Lambda host (aws_lambda_invocation CRUD, token from Secrets Manager)",
      (): Record<string, unknown> => ({
        host: ProvisionerHost.lambda({ tokenSecret: SnykTokenSecret.fromSecretName("snyk/token") }),
        snykApiUrl: sandbox.snykApiUrl,
      }),
    ],
  ])("%s: apply, route the sample events, destroy, nothing left", async (_label, props) => {
    // GIVEN
    const outdir = mkdtempSync(join(tmpdir(), "apply-synth-"));
    dirs.push(outdir);
    const stackDir = synthesize(outdir, sandbox.region, props());
    const events: ApplyEvent[] = [];
    const options = {
      stackDir,
      sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
      env: { PATH: process.env.PATH, ...sandbox.env },
      secrets: { "snyk/token": sandbox.token },
      onEvent: (event: ApplyEvent) => events.push(event),
    };

    // WHEN
    const applied = await applyStack(options);

    // THEN one Snyk integration, and the partner bus with the sample rules on its ACTIVE source
    expect(sandbox.snyk.registrations()).toHaveLength(1);
    const bus = sandbox.eventBridge.buses().find((candidate) => candidate.name === SAMPLE_SOURCES.ISSUES);
    expect(bus?.eventSourceName).toBe(SAMPLE_SOURCES.ISSUES);
    expect(bus?.rules.length).toBeGreaterThanOrEqual(3);
    expect(sandbox.eventBridge.sources().map((source) => source.state)).toEqual(["ACTIVE"]);
    expect(Object.values(applied.outputs)).toContain(SAMPLE_SOURCES.ISSUES);

    // WHEN the sample issue events arrive through the partner source
    sandbox.eventBridge.clearRecords();
    const samples = Object.values(SAMPLE_ISSUE_EVENTS);
    const response = sandbox.eventBridge.putPartnerEvents(
      samples.map((event) => ({
        Source: event.source,
        DetailType: event["detail-type"],
        Detail: JSON.stringify(event.detail),
      })),
    );

    // THEN every one was accepted and reached at least the all-issues log group; critical ones reached SNS
    expect(response.FailedEntryCount).toBe(0);
    const deliveries = sandbox.eventBridge.deliveries();
    const targets = new Set(deliveries.map((delivery) => delivery.targetArn.split(":")[2]));
    expect([...targets].sort()).toEqual(["logs", "sns", "sqs"]);
    expect(deliveries.filter((delivery) => delivery.targetArn.includes(":logs:"))).toHaveLength(samples.length);

    // AND the token is nowhere in the state or the progress
    expect(readFileSync(applied.stateFile, "utf8")).not.toContain(sandbox.token);
    expect(JSON.stringify(events)).not.toContain(sandbox.token);

    // WHEN
    await destroyStack(options);

    // THEN
    nothingLeft();
  });
});
