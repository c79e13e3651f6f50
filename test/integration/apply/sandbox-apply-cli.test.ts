import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "../../../src/cli/exit-codes";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { copyFixture, writeStack } from "../../unit/apply/apply-test-kit";
import { type CliRun, runCliInProcess } from "../../helpers/run-cli";

const ORG = "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f";
const BUS = `aws.partner/snyk.io/org_${ORG}/issues`;
const CLI_BUNDLE = join(__dirname, "..", "..", "..", "dist", "bin", "snyk-eventbridge.js");

function run(argv: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return runCliInProcess(argv, { env });
}

/** Runs a process without blocking the event loop: the simulator answering it lives in this process. */
function runProcess(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: env as NodeJS.ProcessEnv, timeout: 20_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
}

describe("snyk-eventbridge sandbox-apply", () => {
  let simulator: EventBridgeSimulator;
  let env: Record<string, string | undefined>;
  const dirs: string[] = [];

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start();
    env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL_EVENTBRIDGE: simulator.endpoint,
      AWS_ENDPOINT_URL_STS: simulator.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIASANDBOXEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "sandbox-secret-access-key",
    };
  });

  afterAll(async () => {
    await simulator.close();
    for (const dir of dirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--help says plainly that it is a test and demo tool, not a Terraform replacement", async () => {
    // WHEN
    const result = await run(["sandbox-apply", "--help"], {});
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/THIS IS A TEST AND DEMO TOOL, NOT A\s+TERRAFORM REPLACEMENT/);
    expect(result.stdout).toMatch(/cdktf deploy/);
  });

  test("without --stack it exits 2 naming the flag", async () => {
    // WHEN
    const result = await run(["sandbox-apply"], env);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/--stack DIR is required/);
  });

  test("an endpoint that is not on loopback is refused (it never applies to real AWS)", async () => {
    // GIVEN
    const dir = writeStack({ resource: { aws_sns_topic: { t: { name: "t" } } } });
    dirs.push(dir);
    // WHEN
    const result = await run(["sandbox-apply", "--stack", dir, "--account-id", "123456789012"], {
      ...env,
      AWS_ENDPOINT_URL_EVENTBRIDGE: "https://events.us-east-1.amazonaws.com",
    });
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/is not on loopback/);
  });

  test("an unknown resource type exits 2 and applies nothing", async () => {
    // GIVEN
    const dir = writeStack({
      resource: { aws_cloudwatch_event_bus: { b: { name: "custom" } }, aws_kinesis_stream: { s: { name: "s" } } },
    });
    dirs.push(dir);
    // WHEN
    const result = await run(["sandbox-apply", "--stack", dir], env);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/does not understand the resource type aws_kinesis_stream/);
    expect(simulator.buses().map((bus) => bus.name)).not.toContain("custom");
  });

  test("applies in-process (account asked from the sandbox's STS) and destroys from another process", async () => {
    // GIVEN
    const dir = copyFixture("local-host");
    dirs.push(dir);
    simulator.createPartnerSource({ name: BUS, accountId: simulator.accountId, region: "us-east-1" });
    const stackEnv = { ...env, APPLY_TEST_RECORD: join(dir, "records.jsonl") };
    // WHEN
    const applied = await run(["sandbox-apply", "--stack", dir], stackEnv);
    // THEN
    expect(applied.code).toBe(ExitCode.OK);
    expect(applied.stdout).toMatch(/Applied .* in the sandbox: 15 create/);
    expect(applied.stdout).toContain(`Integration_partnerSourceName_1A2B3C4D = "${BUS}"`);
    expect(applied.stderr).toMatch(/local-exec: node assets\/.*reconcile --spec-env SNYK_EVENTBRIDGE_SPEC/);
    expect(simulator.buses().map((bus) => bus.name)).toContain(BUS);

    // WHEN the bundled CLI destroys it in a separate process
    expect(existsSync(CLI_BUNDLE)).toBe(true);
    const destroyed = await runProcess([CLI_BUNDLE, "sandbox-apply", "--stack", dir, "--destroy", "--json"], stackEnv);
    // THEN
    expect(destroyed.stderr).toMatch(/delete --spec-env/);
    expect(destroyed.status).toBe(ExitCode.OK);
    expect((JSON.parse(destroyed.stdout) as { changes: unknown[] }).changes).toHaveLength(15);
    expect(simulator.buses().map((bus) => bus.name)).not.toContain(BUS);
  });
});
