import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ApplyEvent } from "../../../src/sandbox/apply";
import { applyStack, destroyStack } from "../../../src/sandbox/apply";
import type { Sandbox } from "../../../src/sandbox/sandbox";
import { startSandbox } from "../../../src/sandbox/sandbox";
import { copyFixture } from "../../unit/apply/apply-test-kit";

const ORG = "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f";
const BUS = `aws.partner/snyk.io/org_${ORG}/issues`;
const CLI_BUNDLE = join(__dirname, "..", "..", "..", "dist", "bin", "snyk-eventbridge.js");
const CLI_IN_STACK = "assets/SnykEventBridgeCli/5E2B7A0C4D1F9E8B6A3C2D1E0F9A8B7C/snyk-eventbridge.js";

describe("a stack whose terraform_data runs the real bundled CLI against the sandbox", () => {
  let sandbox: Sandbox;
  let dir: string;
  const events: ApplyEvent[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI_BUNDLE)) {
      throw new Error(`${CLI_BUNDLE} is missing: run \`node scripts/bundle.mjs\` (npm test does) first.`);
    }
    sandbox = await startSandbox({ sourceDelayMs: 50 });
    dir = copyFixture("local-host");
    // As cdktf's TerraformAsset would: the real bundle in place of the fixture's stand-in.
    copyFileSync(CLI_BUNDLE, join(dir, CLI_IN_STACK));
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = () => ({
    stackDir: dir,
    sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
    env: { PATH: process.env.PATH, ...sandbox.env },
    onEvent: (event: ApplyEvent) => events.push(event),
  });

  test("apply creates the Snyk integration and the partner bus; destroy removes both sides", async () => {
    // WHEN
    const result = await applyStack(options());

    // THEN Snyk has one registration, EventBridge the partner bus associated with its ACTIVE source
    expect(sandbox.snyk.registrations()).toHaveLength(1);
    expect(sandbox.eventBridge.buses().find((bus) => bus.name === BUS)?.eventSourceName).toBe(BUS);
    expect(sandbox.eventBridge.sources().map((source) => [source.name, source.state])).toEqual([[BUS, "ACTIVE"]]);
    expect(result.outputs.Integration_partnerSourceName_1A2B3C4D).toBe(BUS);
    // AND the token was used but appears in neither the state nor the reported events
    expect(readFileSync(result.stateFile, "utf8")).not.toContain(sandbox.token);
    expect(JSON.stringify(events)).not.toContain(sandbox.token);

    // WHEN
    await destroyStack(options());

    // THEN nothing is left on either side
    expect(sandbox.snyk.registrations()).toEqual([]);
    expect(sandbox.eventBridge.buses().filter((bus) => bus.name !== "default")).toEqual([]);
    expect(sandbox.eventBridge.sources()).toEqual([]);
  });
});
