import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { CANARY_TOKEN, registrationRefusedMessage, sandboxSpec } from "../provisioner/sandbox-fixture";
import { eventually } from "../snyk/helpers";
import { runInProcess, type CliRun } from "./cli-fixture";

describe("the CLI against a Snyk API that serves only what Snyk documents (sandbox --snyk-api documented)", () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), "cli-documented-"));
  const runs: CliRun[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 20, snykApi: "documented" });
  });

  afterAll(async () => {
    await sandbox.close();
    for (const run of runs) {
      expect(`${run.stdout}${run.stderr}`).not.toContain(CANARY_TOKEN);
    }
  });

  beforeEach(() => {
    sandbox.snyk.resetRequests();
    sandbox.eventBridge.clearRecords();
  });

  async function cli(verb: string, spec: object, ...flags: string[]): Promise<CliRun> {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(spec));
    const run = await runInProcess([verb, "--spec", file, ...flags], sandbox.env);
    runs.push(run);
    return run;
  }

  function awsWrites(): string[] {
    return sandbox.eventBridge
      .requests()
      .map((request) => request.operation)
      .filter((operation) => !/^(List|Describe|Get)/.test(operation));
  }

  test("cloud-events: reconcile exits 1 with Snyk's refusal and the way out; nothing changes on either side", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const doctor = await cli("doctor", spec);
    const reconciled = await cli("reconcile", spec);
    const status = await cli("status", spec);
    // THEN doctor passes (it writes nothing, so it cannot know) and says what the create relies on
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain(
      'Creating one relies on the "aws-eventbridge" type, which Snyk does not document: if reconcile says Snyk did not accept it, use the "existing" profile',
    );
    // AND reconcile fails with the message, word for word
    const post = sandbox.snyk.requests().find((request) => request.method === "POST");
    expect(reconciled.code).toBe(1);
    expect(reconciled.stdout).toBe("");
    expect(reconciled.stderr).toBe(
      `snyk-eventbridge reconcile: ${registrationRefusedMessage(spec, post?.requestId)}\n`,
    );
    expect(status.code).toBe(3);
    expect(sandbox.snyk.registrations()).toEqual([]);
    expect(sandbox.eventBridge.sources()).toEqual([]);
    expect(awsWrites()).toEqual([]);
  });

  test("existing: doctor, reconcile, status and delete work on the integration made in the Snyk UI", async () => {
    // GIVEN the integration was created in the Snyk UI, as the refusal above tells the user to
    const spec = sandboxSpec(sandbox, { profile: "existing" });
    const ui = { orgId: spec.orgId, accountId: spec.accountId, region: spec.region, eventType: "issues" };
    const source = sandbox.snyk.addUiIntegration(ui);
    try {
      await eventually(() => sandbox.eventBridge.sources().some((candidate) => candidate.name === source));
      // WHEN
      const doctor = await cli("doctor", spec);
      const reconciled = await cli("reconcile", spec, "--json");
      const status = await cli("status", spec, "--json");
      const deleted = await cli("delete", spec);
      // THEN
      expect(doctor.code).toBe(0);
      expect(reconciled.code).toBe(0);
      expect(JSON.parse(reconciled.stdout)).toEqual(
        expect.objectContaining({ profile: "existing", partnerSourceName: source, actions: [] }),
      );
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toEqual(expect.objectContaining({ inSync: true }));
      expect(deleted.code).toBe(0);
      expect(deleted.stderr).toContain(
        `The existing profile makes no Snyk writes: delete the Amazon EventBridge integration of org ${spec.orgId} in the Snyk UI`,
      );
      expect(sandbox.snyk.requests()).toEqual([]);
      expect(awsWrites()).toEqual([]);
      expect(sandbox.eventBridge.sources().map((candidate) => candidate.name)).toContain(source);
    } finally {
      sandbox.snyk.removeUiIntegration(ui);
    }
  });

  test.each(["reconcile", "status", "delete", "doctor"])(
    "a spec region that does not exist (eu-west-99): %s exits 2 at validation, before Snyk or AWS is called",
    async (verb) => {
      // WHEN
      const run = await cli(verb, { ...sandboxSpec(sandbox), region: "eu-west-99" });
      // THEN
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        new RegExp(
          `^snyk-eventbridge ${verb}: --spec .*\\.json is invalid:\\n  - spec\\.region is not an AWS region \\(AWS has no such region; check for a typo, e\\.g\\. eu-west-1\\) \\(got "eu-west-99"\\)\\n$`,
        ),
      );
      expect(sandbox.snyk.requests()).toEqual([]);
      expect(sandbox.eventBridge.requests()).toEqual([]);
    },
  );
});
