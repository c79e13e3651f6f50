import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(__dirname, "..", "..");
const run = promisify(execFile);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm start` the way npm does (`node scripts/start.mjs <flags>`), as a separate process. */
async function start(flags: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join("scripts", "start.mjs"), ...flags], {
      cwd: ROOT,
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("npm start", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "e2e-start-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("runs the whole demo on the embedded default, reports each rule and target, exits 0 with nothing left", async () => {
    // WHEN
    const { code, stdout, stderr } = await start([]);

    // THEN
    expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^Applied {9}stack snyk-eventbridge: \d+ resources created in \d+\.\d\d s$/m);
    expect(stdout).toMatch(
      /^Integration {5}"snyk-eventbridge-issues" \(issues events\), Snyk registration [0-9a-f-]{36}$/m,
    );
    expect(stdout).toContain(
      "Partner source  aws.partner/snyk.io/org_b3f1c9a2-5d7e-4c1a-9f3b-2e8d6a4c0f11/issues (ACTIVE)",
    );
    expect(stdout).toContain("Published       5 sample Snyk events with PutPartnerEvents: 5 accepted");
    expect(stdout).toMatch(
      /^Rule HighAndCriticalIssues-\w+\n {2}matched 3: criticalWithFixCreated, highWithFixUpdated, highNoFixCreated\n {2}-> sns {4}arn:aws:sns:us-east-1:123456789012:\S+: 3 delivered$/m,
    );
    expect(stdout).toMatch(/^Rule FixAvailableIssues-\w+\n {2}matched 3: .*\n {2}-> sqs .*: 3 delivered$/m);
    expect(stdout).toMatch(/^Rule AllIssues-\w+\n {2}matched 5: .*\n {2}-> logs .*: 5 delivered$/m);
    expect(stdout).toMatch(/^Destroyed {7}\d+ resources in \d+\.\d\d s$/m);
    expect(stdout).toContain(
      "Verified        nothing left: no Snyk registration, no bus but the default one, no partner source",
    );
    expect(stdout).toMatch(/^Timings {9}sandbox .*, synth .*, apply .*, events .*, destroy .*, total \d+\.\d\d s$/m);
    // AND the sandbox's token is never printed without --keep
    expect(stdout + stderr).not.toMatch(/sandbox-[0-9a-f]{24}/);
  }, 60_000);

  test("invalid flags exit 2 with the usage", async () => {
    // WHEN
    const { code, stderr } = await start(["--bogus"]);

    // THEN
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain("Usage: npm start");
  }, 30_000);

  test("a settings file that breaks a rule exits 2 naming the field, before anything starts", async () => {
    // GIVEN
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ region: "us-east-1", integrations: [{ orgId: "nope", name: "x", eventType: "issues" }] }),
    );

    // WHEN
    const { code, stdout, stderr } = await start(["--config", file]);

    // THEN
    expect(code).toBe(2);
    expect(stderr).toContain(`The settings file ${file} is invalid`);
    expect(stderr).toContain("integrations[0].orgId must be a Snyk org UUID");
    expect(stdout).toBe("");
  }, 30_000);

  test("a failing apply exits 1 with the provisioner's advice, after destroying what it had applied", async () => {
    // GIVEN a suffix that does not match the partner source the (simulated) Snyk creates
    const file = join(dir, "wrong-suffix.json");
    writeFileSync(
      file,
      JSON.stringify({
        region: "us-east-1",
        integrations: [
          {
            orgId: "b3f1c9a2-5d7e-4c1a-9f3b-2e8d6a4c0f11",
            groupId: "4a7e2c10-93b5-4f6d-8e21-c5d0b9a1f374",
            name: "wrong-suffix",
            eventType: "issues",
            partnerSourceSuffix: "issue-events",
            wait: { timeoutSeconds: 5, minDelayMs: 50, maxDelayMs: 200 },
          },
        ],
      }),
    );

    // WHEN
    const { code, stdout, stderr } = await start(["--config", file]);

    // THEN
    expect(code).toBe(1);
    expect(stderr).toContain("snyk-eventbridge demo failed: terraform_data.Issues_Reconcile_");
    expect(stderr).toContain('(or spec.partnerSourceSuffix to "issues")');
    expect(stderr).not.toContain("Cleaning up after the failure also failed");
    expect(stdout).toBe("");
  }, 60_000);
});
