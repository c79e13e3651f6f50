import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENV } from "../../../src/consts";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { CANARY_TOKEN, registrationsOf, sandboxSpec } from "../provisioner/sandbox-fixture";
import { CLI_BUNDLE, ROOT, runInProcess, runProcess, type CliRun } from "./cli-fixture";

describe("reconcile, status and delete verbs against the sandbox", () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), "cli-verbs-"));
  const runs: CliRun[] = [];
  beforeAll(async () => {
    if (!existsSync(CLI_BUNDLE)) {
      execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT });
    }
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 30 });
  });
  afterAll(async () => {
    await sandbox.close();
    // THEN (every test): the canary token appears in no output of any run
    for (const run of runs) {
      expect(run.stdout).not.toContain(CANARY_TOKEN);
      expect(run.stderr).not.toContain(CANARY_TOKEN);
    }
  });
  function env(extra: Record<string, string> = {}): Record<string, string> {
    return { ...sandbox.env, ...extra };
  }
  async function cli(argv: string[], extra: Record<string, string> = {}, stdin = ""): Promise<CliRun> {
    const run = await runInProcess(argv, env(extra), stdin);
    runs.push(run);
    return run;
  }
  function specFile(spec: object): string {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(spec));
    return path;
  }

  test("reconcile --json, status (0), delete, status (3), in-process", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const file = specFile(spec);
    // WHEN
    const reconciled = await cli(["reconcile", "--spec", file, "--json"]);
    const status = await cli(["status", "--spec", file, "--json"]);
    const deleted = await cli(["delete", "--spec", file]);
    const missing = await cli(["status", "--spec", file]);
    // THEN
    expect(reconciled.code).toBe(0);
    expect(JSON.parse(reconciled.stdout)).toEqual(
      expect.objectContaining({
        actions: ["create"],
        partnerSourceName: `aws.partner/snyk.io/org_${spec.orgId}/issues`,
      }),
    );
    expect(reconciled.stderr).toBe("");
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual(expect.objectContaining({ inSync: true, drift: [] }));
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe("");
    expect(deleted.stderr).toMatch(
      /^Deleted integration [0-9a-f-]{36}; aws\.partner\/snyk\.io\/org_.*\/issues is absent\.\n$/,
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Drift found:\n {2}- missing: No issues integration of org/);
  });

  test("the spec from standard input and from --spec-env; human output on stderr only", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const fromStdin = await cli(["reconcile", "--spec", "-"], {}, JSON.stringify(spec));
    const fromEnv = await cli(["reconcile", "--spec-env", ENV.SPEC], { [ENV.SPEC]: JSON.stringify(spec) });
    // THEN
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe("");
    expect(fromStdin.stderr).toMatch(/: actions: create\.\nPartner event source .* is PENDING\.\n$/);
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stderr).toMatch(/in sync, nothing changed/);
  });

  test("--progress writes progress lines to stderr even when it is not a terminal", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const run = await cli(["reconcile", "--spec", specFile(spec), "--json", "--progress"]);
    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Looking up the issues integration of org .*\nCreating integration "sandbox issues"/);
    expect(run.stderr).toMatch(/Waiting for partner event source/);
    expect(JSON.parse(run.stdout).actions).toEqual(["create"]);
  });

  test("invalid input exits 2 naming the field; a missing token exits 2 naming SNYK_TOKEN", async () => {
    // WHEN
    const badSpec = await cli(["reconcile", "--spec", specFile({ ...sandboxSpec(sandbox), region: "moon-1" })]);
    const badFlag = await cli(["reconcile", "--spec", "x.json", "--token", CANARY_TOKEN]);
    const noToken = await cli(["reconcile", "--spec", specFile(sandboxSpec(sandbox))], { SNYK_TOKEN: "" });
    // THEN
    expect(badSpec.code).toBe(2);
    expect(badSpec.stderr).toMatch(/spec\.region must be an AWS region code such as us-east-1 \(got "moon-1"\)/);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown flag "--token"/);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/No Snyk token: set the SNYK_TOKEN environment variable/);
  });

  test("a wrong token: 401, a clear message, exit 1, nothing created", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const run = await cli(["reconcile", "--spec", specFile(spec)], { SNYK_TOKEN: "canary-wrong-token-1234" });
    // THEN
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^snyk-eventbridge reconcile: .*401/);
    expect(run.stderr).not.toContain("canary-wrong-token-1234");
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([]);
  });

  test("the bundled CLI as a real process: killed while waiting, then re-run to one integration", async () => {
    // GIVEN: a slow partner source, so the first run is killed mid-wait
    const slow = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 400 });
    try {
      const spec = sandboxSpec(slow);
      const processEnv = { ...slow.env, [ENV.SPEC]: JSON.stringify(spec) };
      // WHEN
      const killed = await runProcess(["reconcile", "--spec-env", ENV.SPEC, "--progress"], processEnv, {
        killAfter: (stderr) => stderr.includes("Waiting for"),
      });
      const rerun = await runProcess(["reconcile", "--spec-env", ENV.SPEC, "--json"], processEnv);
      runs.push(killed, rerun);
      // THEN
      expect(killed.signal).toBe("SIGKILL");
      expect(registrationsOf(slow, spec.orgId)).toHaveLength(1);
      expect(rerun.code).toBe(0);
      expect(JSON.parse(rerun.stdout)).toEqual(
        expect.objectContaining({ actions: [], integrationId: registrationsOf(slow, spec.orgId)[0].id }),
      );
      const destroyed = await runProcess(["delete", "--spec-env", ENV.SPEC, "--json"], processEnv);
      runs.push(destroyed);
      expect(destroyed.code).toBe(0);
      expect(JSON.parse(destroyed.stdout).actions).toEqual(["delete"]);
    } finally {
      await slow.close();
    }
  });

  test("the bundled CLI loads neither the AWS SDK nor any network module for --version and --help", async () => {
    // GIVEN: a preload that records every module the process loads
    const tracer = join(dir, "trace.js");
    writeFileSync(
      tracer,
      `const M = require("module"); const load = M._load; const seen = new Set();
       M._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
       process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify([...seen])));`,
    );
    // WHEN
    const version = await runProcess(["--version"], {}, { nodeArgs: ["-r", tracer] });
    const help = await runProcess(["reconcile", "--help"], {}, { nodeArgs: ["-r", tracer] });
    // THEN
    for (const run of [version, help]) {
      const loaded = JSON.parse(run.stderr.slice(run.stderr.indexOf("LOADED ") + 7)) as string[];
      expect(loaded.filter((id) => /http|https|http2|net|tls|crypto|aws-sdk|undici/.test(id))).toEqual([]);
    }
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 {2}the integration exists/);
  });
});
