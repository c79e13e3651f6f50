import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Duration } from "../../../modules/duration";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { ENV, SnykEventType } from "../../../src/consts";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { decodeJsonencode } from "../../unit/modules/helpers";

const ORG_ID = "7d3c2b1a-1111-4222-8333-444455556666";
const GROUP_ID = "6c5b4a39-1111-4222-8333-444455556666";

interface LocalExec {
  readonly command: string;
  readonly when?: string;
  readonly environment: Record<string, string>;
}

interface TerraformData {
  readonly input?: Record<string, string>;
  readonly provisioner: { "local-exec": LocalExec }[];
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` as Terraform's local-exec does on Linux: `/bin/sh -c`, in the stack directory, env merged. */
function runLikeTerraform(command: string, cwd: string, environment: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, env: { ...process.env, ...environment } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Evaluates a provisioner environment value the way Terraform would, for the expressions the stack uses. */
function evaluate(value: string, self: TerraformData): string {
  if (value === "${self.input.spec}") {
    return evaluate(String(self.input?.spec), self);
  }
  return JSON.stringify(decodeJsonencode(value));
}

describe("the synthesized local-exec provisioners, run against the sandbox", () => {
  let sandbox: Sandbox;
  let outdir: string | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ sourceDelayMs: 20 });
  });

  afterAll(async () => {
    await sandbox.close();
    if (outdir !== undefined) {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("create reconciles the integration and its partner source; destroy deletes both", async () => {
    // GIVEN a synthesized stack with its assets, as `cdktf synth` writes it
    const stack = new TerraformStack(Testing.app(), "snyk");
    new AwsProvider(stack, "aws", { region: sandbox.region });
    new SnykEventBridgeIntegration(stack, "Issues", {
      orgId: ORG_ID,
      groupId: GROUP_ID,
      name: "platform-issues",
      eventType: SnykEventType.ISSUES,
      accountId: sandbox.accountId,
      region: sandbox.region,
      wait: { timeout: Duration.seconds(20), minDelay: Duration.millis(10), maxDelay: Duration.millis(100) },
    });
    outdir = Testing.fullSynth(stack);
    const stackDir = path.join(outdir, "stacks", "snyk");
    const configText = readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
    const config = JSON.parse(configText) as { resource: { terraform_data: Record<string, TerraformData> } };
    const data = Object.entries(config.resource.terraform_data);
    const integration = data.find(([id]) => id.includes("Issues_Integration"))?.[1] as TerraformData;
    const reconcile = data.find(([id]) => id.includes("Issues_Reconcile"))?.[1] as TerraformData;
    const create = reconcile.provisioner[0]["local-exec"];
    const destroy = integration.provisioner[0]["local-exec"];
    const environment = (exec: LocalExec): Record<string, string> => ({
      ...sandbox.env,
      ...Object.fromEntries(
        Object.entries(exec.environment).map(([key, value]) => [key, evaluate(value, integration)]),
      ),
    });

    // WHEN Terraform creates the Reconcile step
    const created = await runLikeTerraform(create.command, stackDir, environment(create));

    // THEN the integration and its partner source exist
    expect(created.stderr).not.toContain(sandbox.token);
    expect(created.code).toBe(0);
    expect(sandbox.snyk.registrations(GROUP_ID)).toHaveLength(1);
    expect(sandbox.eventBridge.sources().map((source) => source.name)).toEqual([
      `aws.partner/snyk.io/org_${ORG_ID}/issues`,
    ]);

    // WHEN Terraform destroys the Integration resource, with nothing but `self`
    expect(destroy.environment).toEqual({ [ENV.SPEC]: "${self.input.spec}" });
    const destroyed = await runLikeTerraform(destroy.command, stackDir, environment(destroy));

    // THEN both are gone, and the token was never in the configuration
    expect(destroyed.code).toBe(0);
    expect(sandbox.snyk.registrations(GROUP_ID)).toHaveLength(0);
    expect(sandbox.eventBridge.sources()).toEqual([]);
    expect(configText).not.toContain(sandbox.token);
    expect(create.command).not.toContain(sandbox.token);
  });

  test("a rename re-runs reconcile, which renames the same integration in place", async () => {
    // GIVEN an integration created under its first name
    const synthWithName = (name: string): { dir: string; stackDir: string; reconcile: TerraformData } => {
      const stack = new TerraformStack(Testing.app(), "rename");
      new AwsProvider(stack, "aws", { region: sandbox.region });
      new SnykEventBridgeIntegration(stack, "Audit", {
        orgId: ORG_ID,
        groupId: GROUP_ID,
        name,
        eventType: SnykEventType.AUDIT,
        accountId: sandbox.accountId,
        region: sandbox.region,
        sampleRules: false,
        wait: { timeout: Duration.seconds(20), minDelay: Duration.millis(10), maxDelay: Duration.millis(100) },
      });
      const dir = Testing.fullSynth(stack);
      const stackDir = path.join(dir, "stacks", "rename");
      const config = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
        resource: { terraform_data: Record<string, TerraformData> };
      };
      const reconcile = Object.entries(config.resource.terraform_data).find(([id]) => id.includes("Reconcile"))?.[1];
      return { dir, stackDir, reconcile: reconcile as TerraformData };
    };
    const runReconcile = async (synthesized: ReturnType<typeof synthWithName>): Promise<RunResult> => {
      const exec = synthesized.reconcile.provisioner[0]["local-exec"];
      return runLikeTerraform(exec.command, synthesized.stackDir, {
        ...sandbox.env,
        [ENV.SPEC]: evaluate(exec.environment[ENV.SPEC], synthesized.reconcile),
      });
    };
    const first = synthWithName("audit-before");
    const second = synthWithName("audit-after");
    try {
      expect((await runReconcile(first)).code).toBe(0);
      const [before] = sandbox.snyk.registrations(GROUP_ID);
      // WHEN the Reconcile step is replaced with the new name
      const renamed = await runReconcile(second);
      // THEN the same integration carries the new name
      expect(renamed.code).toBe(0);
      const after = sandbox.snyk.registrations(GROUP_ID);
      expect(after).toHaveLength(1);
      expect(after[0].id).toBe(before.id);
      expect(after[0].name).toBe("audit-after");
    } finally {
      rmSync(first.dir, { recursive: true, force: true });
      rmSync(second.dir, { recursive: true, force: true });
    }
  });

  test("the command fails with a clear message and no token when SNYK_TOKEN is wrong", async () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), "bad");
    new AwsProvider(stack, "aws", { region: sandbox.region });
    new SnykEventBridgeIntegration(stack, "Issues", {
      orgId: ORG_ID,
      groupId: GROUP_ID,
      name: "x",
      eventType: SnykEventType.ISSUES,
      accountId: sandbox.accountId,
      region: sandbox.region,
      sampleRules: false,
      wait: { timeout: Duration.seconds(5) },
    });
    const dir = Testing.fullSynth(stack);
    try {
      const stackDir = path.join(dir, "stacks", "bad");
      const config = JSON.parse(readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as {
        resource: { terraform_data: Record<string, TerraformData> };
      };
      const reconcile = Object.entries(config.resource.terraform_data).find(([id]) => id.includes("Reconcile"))?.[1];
      const exec = (reconcile as TerraformData).provisioner[0]["local-exec"];
      const wrongToken = "wrong-canary-token-3b9d";
      // WHEN
      const result = await runLikeTerraform(exec.command, stackDir, {
        ...sandbox.env,
        [ENV.SNYK_TOKEN]: wrongToken,
        [ENV.SPEC]: evaluate(exec.environment[ENV.SPEC], reconcile as TerraformData),
      });
      // THEN
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/401|token|SNYK_TOKEN/i);
      expect(result.stderr + result.stdout).not.toContain(wrongToken);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
