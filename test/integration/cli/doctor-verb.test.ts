import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { CANARY_TOKEN, GROUP_ID, sandboxSpec } from "../provisioner/sandbox-fixture";
import { eventually } from "../snyk/helpers";
import { runInProcess, type CliRun } from "./cli-fixture";

interface JsonCheck {
  readonly id: string;
  readonly status: string;
  readonly summary: string;
  readonly fix?: string;
}

describe("doctor: read-only preflight against the sandbox", () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), "cli-doctor-"));
  const runs: CliRun[] = [];
  const HIDDEN_GROUP = "0b0b0b0b-1111-4222-8333-444455556666";

  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 20 });
    sandbox.snyk.hideGroup(HIDDEN_GROUP);
  });

  afterAll(async () => {
    await sandbox.close();
    // THEN (every test): no secret appears in any output
    for (const run of runs) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(CANARY_TOKEN);
      expect(`${run.stdout}${run.stderr}`).not.toContain("canary-doctor-secret");
    }
  });

  beforeEach(() => {
    sandbox.snyk.resetRequests();
    sandbox.eventBridge.clearRecords();
  });

  async function doctor(
    overrides: Record<string, unknown>,
    env: Record<string, string> = {},
    flags: string[] = ["--json"],
  ): Promise<CliRun> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(sandboxSpec(sandbox, overrides)));
    const run = await runInProcess(["doctor", "--spec", file, ...flags], { ...sandbox.env, ...env });
    runs.push(run);
    return run;
  }

  function checks(run: CliRun): JsonCheck[] {
    return (JSON.parse(run.stdout) as { checks: JsonCheck[] }).checks;
  }

  function statuses(run: CliRun): Record<string, string> {
    return Object.fromEntries(checks(run).map((check) => [check.id, check.status]));
  }

  function failure(run: CliRun): JsonCheck {
    const failed = checks(run).filter((check) => check.status === "fail");
    expect(failed).toHaveLength(1);
    return failed[0];
  }

  /** Snyk and AWS saw only reads. */
  function onlyReads(): void {
    expect(sandbox.snyk.requests().filter((request) => request.method !== "GET")).toEqual([]);
    expect(sandbox.eventBridge.requests().map((request) => request.operation)).toEqual(
      expect.arrayContaining(["GetCallerIdentity"]),
    );
    expect(
      sandbox.eventBridge
        .requests()
        .filter((request) => !/^(GetCallerIdentity|ListEventSources)$/.test(request.operation)),
    ).toEqual([]);
  }

  test("passes against the sandbox: every check ok, one line each on stdout, exit 0, only reads", async () => {
    // WHEN
    const run = await doctor({}, {}, []);
    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Doctor for org [0-9a-f-]{36} \(cloud-events profile\):$/);
    expect(lines.slice(1, -1).map((line) => line.slice(0, 28))).toEqual([
      "ok    Snyk API host         ",
      "ok    Snyk credential       ",
      "ok    Snyk org              ",
      "ok    Snyk group            ",
      "ok    Snyk registrations    ",
      "ok    AWS credentials       ",
      "ok    AWS region            ",
      "ok    Partner event source  ",
    ]);
    expect(lines[2]).toBe(
      'ok    Snyk credential       API token (Authorization: token) from SNYK_TOKEN, accepted for user "Sandbox User"',
    );
    expect(lines.at(-1)).toBe("Everything reconcile needs is in place.");
    onlyReads();
  });

  test("--json gives ok, the profile and every check", async () => {
    // WHEN
    const run = await doctor({});
    // THEN
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      expect.objectContaining({ ok: true, profile: "cloud-events", checks: expect.any(Array) }),
    );
    expect(Object.values(statuses(run))).toEqual(Array(8).fill("ok"));
  });

  test("a bad token fails the credential check only; the checks that need it are skipped", async () => {
    // WHEN
    const run = await doctor({}, { SNYK_TOKEN: "canary-doctor-wrong-token" });
    // THEN
    expect(run.code).toBe(1);
    const failed = failure(run);
    expect(failed.id).toBe("snyk-credential");
    expect(failed.summary).toMatch(
      /^API token \(Authorization: token\) from SNYK_TOKEN, not accepted by http:\/\/127\.0\.0\.1:\d+ \(HTTP 401, Snyk request ID [0-9a-f-]{36}\)$/,
    );
    expect(failed.fix).toBe(
      `Put a current API token for ${sandbox.snykApiUrl} in SNYK_TOKEN (tokens are per Snyk region; an OAuth access token goes in SNYK_OAUTH_TOKEN).`,
    );
    expect(statuses(run)).toEqual(
      expect.objectContaining({ "snyk-org": "skip", "snyk-group": "skip", "snyk-registrations": "skip" }),
    );
    expect(run.stdout).not.toContain("canary-doctor-wrong-token");
  });

  test("credentials of a foreign AWS account fail the AWS credentials check only", async () => {
    // WHEN
    const run = await doctor({ accountId: "210987654321" });
    // THEN
    expect(run.code).toBe(1);
    const failed = failure(run);
    expect(failed).toEqual({
      id: "aws-credentials",
      title: "AWS credentials",
      status: "fail",
      summary: `the AWS credentials belong to account ${sandbox.accountId} (arn:aws:iam::${sandbox.accountId}:user/sandbox-akiasandboxexamp); the spec's account is 210987654321`,
      fix: `Use credentials for account 210987654321 (another AWS_PROFILE, or a role in that account), or set spec.accountId to ${sandbox.accountId} if Snyk should deliver there.`,
    });
    expect(statuses(run)["partner-source"]).toBe("skip");
  });

  test("a spec region other than the AWS configuration's fails the AWS region check only", async () => {
    // WHEN
    const run = await doctor({ region: "eu-west-1" });
    // THEN
    expect(run.code).toBe(1);
    expect(failure(run)).toEqual({
      id: "aws-region",
      title: "AWS region",
      status: "fail",
      summary: "your AWS configuration names us-east-1 (AWS_REGION); the spec's region is eu-west-1",
      fix: "Set AWS_REGION=eu-west-1: Terraform's AWS provider and the AWS CLI use it, and the partner event bus must be in the region of the source. Or change spec.region if Snyk should deliver to us-east-1.",
    });
  });

  test("a group the credential cannot see fails the group check only; the registrations check is skipped", async () => {
    // WHEN
    const run = await doctor({ groupId: HIDDEN_GROUP });
    // THEN
    expect(run.code).toBe(1);
    const failed = failure(run);
    expect(failed.id).toBe("snyk-group");
    expect(failed.summary).toMatch(
      new RegExp(
        `^Snyk shows no group ${HIDDEN_GROUP} to user "Sandbox User" \\(HTTP 404, Snyk request ID [0-9a-f-]{36}\\)$`,
      ),
    );
    expect(failed.fix).toBe(
      `Check spec.groupId (Snyk group settings, General: Group ID) and that user "Sandbox User" is a member of the group (Group Admin, to manage its registrations), in the Snyk region of ${sandbox.snykApiUrl}.`,
    );
    expect(statuses(run)["snyk-registrations"]).toBe("skip");
  });

  test("a Snyk host that does not exist fails the host check, before any Snyk call", async () => {
    // WHEN
    const run = await doctor({ snykApiUrl: "https://api.eu-west-99.snyk.io" });
    // THEN
    expect(run.code).toBe(1);
    expect(failure(run).id).toBe("snyk-api-host");
    expect(sandbox.snyk.requests()).toEqual([]);
  });

  test("OAuth client credentials: names the kind and the service account the access token belongs to", async () => {
    // GIVEN a service account with OAuth client credentials
    sandbox.snyk.addClientCredentials({
      clientId: "doctor-client-1",
      clientSecret: "canary-doctor-secret-1",
      name: "eventbridge-ci",
    });
    // WHEN
    const run = await doctor({}, { SNYK_CLIENT_ID: "doctor-client-1", SNYK_CLIENT_SECRET: "canary-doctor-secret-1" });
    // THEN
    expect(run.code).toBe(0);
    expect(checks(run).find((check) => check.id === "snyk-credential")?.summary).toBe(
      'OAuth client credentials (access tokens from POST /oauth2/token) from SNYK_CLIENT_ID/SNYK_CLIENT_SECRET, accepted for service account "eventbridge-ci"',
    );
  });

  test("the existing profile: Snyk checks are not needed, and the source made in the Snyk UI is required", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox, { profile: "existing", groupId: GROUP_ID });
    const ui = { orgId: spec.orgId, accountId: spec.accountId, region: spec.region, eventType: "issues" };
    // WHEN
    const before = await doctor({ orgId: spec.orgId, profile: "existing" });
    const source = sandbox.snyk.addUiIntegration(ui);
    await eventually(() => sandbox.eventBridge.sources().some((candidate) => candidate.name === source));
    const after = await doctor({ orgId: spec.orgId, profile: "existing" });
    sandbox.snyk.removeUiIntegration(ui);
    // THEN
    expect(before.code).toBe(1);
    expect(failure(before).id).toBe("partner-source");
    expect(after.code).toBe(0);
    expect(statuses(after)).toEqual(
      expect.objectContaining({ "snyk-credential": "skip", "partner-source": "ok", "aws-credentials": "ok" }),
    );
    expect(sandbox.snyk.requests()).toEqual([]);
  });

  test("an invalid spec (a region that does not exist) exits 2 before any call", async () => {
    // WHEN
    const file = join(dir, "bad-region.json");
    writeFileSync(file, JSON.stringify({ ...sandboxSpec(sandbox), region: "eu-west-99" }));
    const run = await runInProcess(["doctor", "--spec", file], sandbox.env);
    runs.push(run);
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'spec.region is not an AWS region (AWS has no such region; check for a typo, e.g. eu-west-1) (got "eu-west-99")',
    );
    expect(sandbox.snyk.requests()).toEqual([]);
    expect(sandbox.eventBridge.requests()).toEqual([]);
  });

  test("--help documents the checks, the flags and the exit codes", async () => {
    // WHEN
    const run = await runInProcess(["doctor", "--help"], {});
    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: snyk-eventbridge doctor \(--spec FILE \| --spec - \| --spec-env NAME\)/);
    expect(run.stdout).toContain("  1  at least one check failed (each failed line says what to do)");
  });
});
