import { copyFileSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { applyStack, destroyStack, type ApplyStackOptions } from "../../../src/sandbox/apply";
import type { Sandbox } from "../../../src/sandbox/sandbox";
import { startSandbox } from "../../../src/sandbox/sandbox";
import { copyFixture } from "../../unit/apply/apply-test-kit";

const ORG = "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f";
const SOURCE = `aws.partner/snyk.io/org_${ORG}/issues`;
const CLI_BUNDLE = join(__dirname, "..", "..", "..", "dist", "bin", "snyk-eventbridge.js");
const CLI_IN_STACK = "assets/SnykEventBridgeCli/5E2B7A0C4D1F9E8B6A3C2D1E0F9A8B7C/snyk-eventbridge.js";
/** The spec in the fixture's local-exec environment, as Terraform JSON text (quotes escaped). */
const EVENT_TYPE = '\\"eventType\\" = \\"issues\\",';

describe("the synthesized stack against a Snyk API that serves only what Snyk documents", () => {
  let sandbox: Sandbox;
  const dirs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI_BUNDLE)) {
      throw new Error(`${CLI_BUNDLE} is missing: run \`node scripts/bundle.mjs\` (npm test does) first.`);
    }
    sandbox = await startSandbox({ sourceDelayMs: 30, snykApi: "documented" });
  });

  afterAll(async () => {
    await sandbox.close();
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  /** The local-host fixture with the real CLI in place; `replacements` edit its Terraform JSON. */
  function stack(replacements: Record<string, string> = {}): ApplyStackOptions {
    const dir = copyFixture("local-host", replacements);
    dirs.push(dir);
    copyFileSync(CLI_BUNDLE, join(dir, CLI_IN_STACK));
    return {
      stackDir: dir,
      sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
      env: { PATH: process.env.PATH, ...sandbox.env },
    };
  }

  function partnerBuses(): string[] {
    return sandbox.eventBridge
      .buses()
      .map((bus) => bus.name)
      .filter((name) => name.startsWith("aws.partner/"));
  }

  test("cloud-events: apply fails at the integration with Snyk's refusal; no partner source, bus or rule follows", async () => {
    // GIVEN
    const options = stack();
    // WHEN
    const failure = await applyStack(options).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    // THEN
    expect(failure?.message).toContain(
      `Snyk did not accept the registration of an Amazon EventBridge integration for org ${ORG}`,
    );
    expect(failure?.message).toContain('set "profile": "existing" in the spec');
    expect(sandbox.snyk.registrations()).toEqual([]);
    expect(sandbox.eventBridge.sources()).toEqual([]);
    expect(partnerBuses()).toEqual([]);
    // AND destroy cleans up whatever Terraform created beside the integration (it does not depend on it)
    await destroyStack(options);
    expect(sandbox.eventBridge.buses().map((bus) => bus.name)).toEqual(["default"]);
  });

  test("existing: with the integration made in the Snyk UI, apply associates its source and destroy leaves it", async () => {
    // GIVEN the integration created in the Snyk UI, and the spec switched to the existing profile
    const ui = { orgId: ORG, accountId: sandbox.accountId, region: sandbox.region, eventType: "issues" };
    sandbox.snyk.addUiIntegration(ui);
    const options = stack({ [EVENT_TYPE]: `${EVENT_TYPE} \\"profile\\" = \\"existing\\",` });
    sandbox.snyk.resetRequests();
    try {
      // WHEN
      const applied = await applyStack(options);
      // THEN the partner bus is associated with the source, and Snyk saw no request at all
      expect(applied.outputs.Integration_partnerSourceName_1A2B3C4D).toBe(SOURCE);
      expect(sandbox.eventBridge.buses().find((bus) => bus.name === SOURCE)?.eventSourceName).toBe(SOURCE);
      expect(sandbox.snyk.requests()).toEqual([]);

      // WHEN
      await destroyStack(options);

      // THEN the AWS side is gone, and the source, which the Snyk UI integration owns, stays
      expect(partnerBuses()).toEqual([]);
      expect(sandbox.eventBridge.sources().map((source) => [source.name, source.state])).toEqual([[SOURCE, "PENDING"]]);
    } finally {
      sandbox.snyk.removeUiIntegration(ui);
    }
  });
});
