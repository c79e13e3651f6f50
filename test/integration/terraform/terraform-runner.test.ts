import { randomBytes } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { Sandbox } from "../../../src/sandbox/sandbox";
import { startSandbox } from "../../../src/sandbox/sandbox";
import type { TerraformProgressEvent, TerraformRunnerOptions } from "../../../src/sandbox/terraform";
import {
  AWS_PROVIDER_ADDRESS,
  ENDPOINT_OVERRIDE_FILE,
  TerraformRunError,
  TerraformRunner,
  applyWithTerraform,
  terraformPlatform,
} from "../../../src/sandbox/terraform";
import { describeWithRealTerraform } from "../../helpers/real-terraform";

/** Runs with the hashicorp/aws provider start it several times (~5 s each); these limits allow for a busy machine. */
const AWS_RUN_TIMEOUT_MS = 240_000;
const BUILTIN_RUN_TIMEOUT_MS = 120_000;

const HCL_STACK = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "me" {}

resource "terraform_data" "probe" {
  input = data.aws_caller_identity.me.account_id

  provisioner "local-exec" {
    command = "echo \\"api=$SNYK_API_URL token=$SNYK_TOKEN host_only=$\${HOST_ONLY:-unset}\\""
  }
}

output "account" {
  value = data.aws_caller_identity.me.account_id
}
`;

/** The processes whose working directory is `dir` (Linux: read from /proc). */
function processesIn(dir: string): number[] {
  const target = realpathSync(dir);
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return realpathSync(`/proc/${pid}/cwd`) === target;
      } catch {
        // Gone, or not ours to inspect: not in the directory.
        return false;
      }
    })
    .map(Number);
}

/** Regular files over 1 MB under `dir`; symbolic links are not followed. */
function largeFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return largeFilesUnder(path);
    }
    return entry.isFile() && lstatSync(path).size > 1_000_000 ? [path] : [];
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

describeWithRealTerraform("TerraformRunner with real Terraform against today's sandbox", (tools) => {
  const token = `canary-${randomBytes(12).toString("hex")}`;
  let sandbox: Sandbox;
  let work: string;
  let pluginCacheDir: string;
  const runnerOptions = (): Omit<TerraformRunnerOptions, "stackDir" | "sandboxEnv"> => ({
    terraform: tools().terraform,
    mirror: tools().mirror,
    pluginCacheDir,
  });
  const stack = (name: string, files: Record<string, string>): string => {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) {
      writeFileSync(join(dir, file), text);
    }
    return dir;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ token });
    work = mkdtempSync(join(tmpdir(), "terraform-runner-"));
    pluginCacheDir = join(work, "plugin-cache");
  });

  afterAll(async () => {
    await sandbox?.close();
    if (work !== undefined) {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test(
    "applies an HCL stack: the AWS provider asks today's sandbox STS, provisioners get the explicit environment, the token never surfaces",
    async () => {
      // GIVEN an HCL stack reading the caller identity, with a provisioner that prints the Snyk variables
      const stackDir = stack("hcl", { "main.tf": HCL_STACK });
      const events: TerraformProgressEvent[] = [];

      // WHEN it is applied, with a host variable that must not reach Terraform
      const report = await applyWithTerraform({
        stackDir,
        sandboxEnv: sandbox.env,
        onProgress: (event) => events.push(event),
        runner: { ...runnerOptions(), hostEnv: { ...process.env, HOST_ONLY: "leaked" } },
      });

      // THEN the data source was answered by the sandbox and the resource created, with a duration
      expect(report.outputs.account).toEqual({ sensitive: false, value: sandbox.accountId });
      expect(report.created.map((change) => change.address)).toEqual(["terraform_data.probe"]);
      expect(report.created[0].durationMs).toBeGreaterThanOrEqual(0);
      expect(report.counts).toEqual({ add: 1, change: 0, remove: 0, import: 0 });
      expect(report.files.endpointOverride).toBe(join(stackDir, ENDPOINT_OVERRIDE_FILE));
      // AND the provisioner saw the sandbox's variables but not the host's; the token is redacted
      const output = events.flatMap((event) => (event.kind === "provisioner-output" ? [event.output] : []));
      expect(output).toContain(`api=${sandbox.snykApiUrl} token=[REDACTED] host_only=unset`);
      // AND the token appears in no event at all
      expect(JSON.stringify(events)).not.toContain(token);
      expect(JSON.stringify(report)).not.toContain(token);
    },
    AWS_RUN_TIMEOUT_MS,
  );

  test(
    "a cdktf stack with an aliased AWS provider: the override covers both configurations; init links the provider through the shared cache",
    async () => {
      // GIVEN a second sandbox playing another account, and a synthesized cdktf stack whose default and aliased
      // providers both refuse any other account and read the caller identity
      const other = await startSandbox({ accountId: "222222222222" });
      const app = new App({ outdir: join(work, "cdktf.out") });
      const cdktfStack = new TerraformStack(app, "aliases");
      // cdktf would put the state beside the process's working directory (the repository) otherwise.
      new LocalBackend(cdktfStack, { path: join(work, "aliases.tfstate") });
      const allowedAccountIds = [other.accountId];
      new AwsProvider(cdktfStack, "aws", { region: "us-east-1", allowedAccountIds });
      const west = new AwsProvider(cdktfStack, "west", { region: "us-west-2", alias: "west", allowedAccountIds });
      const here = new DataAwsCallerIdentity(cdktfStack, "here", {});
      const there = new DataAwsCallerIdentity(cdktfStack, "there", { provider: west });
      new TerraformOutput(cdktfStack, "default_account", { value: here.accountId });
      new TerraformOutput(cdktfStack, "west_account", { value: there.accountId });
      app.synth();
      const stackDir = join(work, "cdktf.out", "stacks", "aliases");
      const cached = join(pluginCacheDir, AWS_PROVIDER_ADDRESS, tools().mirror.awsVersions[0], terraformPlatform());
      try {
        // WHEN the runner points the override at the second sandbox, while the environment (AWS_ENDPOINT_URL_STS
        // and the catch-all AWS_ENDPOINT_URL) points at the first, and plans: planning configures both providers
        // (STS GetCallerIdentity) and reads both data sources
        const runner = await TerraformRunner.create({
          ...runnerOptions(),
          stackDir,
          sandboxEnv: sandbox.env,
          awsEndpoint: other.awsEndpoint,
        });
        await runner.init();
        const plan = await runner.plan();

        // THEN the override names both configurations, and both talked to the second sandbox only: a configuration
        // the override missed would have asked the first one and been refused as account 123456789012
        expect(runner.override.configurations).toEqual(["aws", "aws.west"]);
        expect(plan.changes).toEqual([]);
      } finally {
        await other.close();
      }
      // AND init linked the provider through the shared cache (where the first test's init left it too): the
      // 700 MB executable was copied neither into the cache nor into the stack
      const installed = join(stackDir, ".terraform", "providers", AWS_PROVIDER_ADDRESS, tools().mirror.awsVersions[0]);
      expect(readlinkSync(join(installed, terraformPlatform()))).toBe(cached);
      expect(lstatSync(cached).isSymbolicLink()).toBe(true);
      expect(largeFilesUnder(pluginCacheDir)).toEqual([]);
      expect(largeFilesUnder(join(stackDir, ".terraform"))).toEqual([]);
    },
    AWS_RUN_TIMEOUT_MS,
  );

  test(
    "plan -detailed-exitcode tells changes from none; a failing apply surfaces Terraform's diagnostic",
    async () => {
      // GIVEN a stack of built-in resources only
      const stackDir = stack("plan", { "main.tf": 'resource "terraform_data" "a" {\n  input = "one"\n}\n' });
      const runner = await TerraformRunner.create({ ...runnerOptions(), stackDir, sandboxEnv: sandbox.env });
      await runner.init();
      expect(runner.override.configurations).toEqual([]);

      // WHEN it is planned before and after an apply THEN exit code 2 and 0 are told apart
      const before = await runner.plan();
      expect(before).toMatchObject({ hasChanges: true, changes: [{ address: "terraform_data.a", action: "create" }] });
      await runner.apply();
      expect(await runner.plan()).toMatchObject({ hasChanges: false, changes: [] });
      expect(await runner.stateList()).toEqual(["terraform_data.a"]);

      // WHEN a resource whose provisioner fails is added and applied
      writeFileSync(
        join(stackDir, "failing.tf"),
        'resource "terraform_data" "b" {\n  provisioner "local-exec" {\n    command = "echo broken >&2; exit 3"\n  }\n}\n',
      );
      const failure = await runner.apply().then(
        () => undefined,
        (error: unknown) => error,
      );

      // THEN the error carries the command, the exit code and Terraform's own diagnostic
      expect(TerraformRunError.isTerraformRunError(failure)).toBe(true);
      const error = failure as TerraformRunError;
      expect(error.command).toEqual(["terraform", "apply", "-auto-approve", "-input=false", "-json"]);
      expect(error.exitCode).toBe(1);
      expect(error.aborted).toBe(false);
      expect(error.diagnostics).toContainEqual(
        expect.objectContaining({
          severity: "error",
          summary: "local-exec provisioner error",
          address: "terraform_data.b",
          location: "failing.tf:2",
        }),
      );
      expect(error.message).toContain("Error: local-exec provisioner error (terraform_data.b)");
      expect(error.message).toContain("exit status 3. Output: broken");
      // AND a failing text-mode command (import) is parsed from Terraform's words too
      const importFailure = await runner.import("terraform_data.missing", "x").then(
        () => undefined,
        (caught: unknown) => caught as TerraformRunError,
      );
      expect(importFailure?.diagnostics[0]?.summary).toBe(
        'resource address "terraform_data.missing" does not exist in the configuration.',
      );
    },
    BUILTIN_RUN_TIMEOUT_MS,
  );

  test(
    "an abort stops Terraform as Ctrl-C does: no process is left, and the state stays usable",
    async () => {
      // GIVEN a stack whose provisioner runs for a minute, recording its process ID
      const stackDir = stack("abort", {
        "main.tf":
          'resource "terraform_data" "slow" {\n  provisioner "local-exec" {\n' +
          '    command = "echo $$ > sleeper.pid; exec sleep 60"\n  }\n}\n',
      });
      const controller = new AbortController();
      const runner = await TerraformRunner.create({
        ...runnerOptions(),
        stackDir,
        sandboxEnv: sandbox.env,
        onProgress: (event) => {
          if (event.kind === "provisioner-output" && /Executing/.test(event.output)) {
            // The command has started: abort as soon as it has recorded its process ID.
            const waiting = setInterval(() => {
              if (existsSync(join(stackDir, "sleeper.pid"))) {
                clearInterval(waiting);
                controller.abort(new Error("stopped by the test"));
              }
            }, 50);
          }
        },
      });
      await runner.init();

      // WHEN the apply is aborted while the provisioner runs
      const started = Date.now();
      const failure = await runner.apply({ signal: controller.signal }).then(
        () => undefined,
        (error: unknown) => error as TerraformRunError,
      );

      // THEN the run rejects as aborted, long before the provisioner would have ended
      expect(failure?.aborted).toBe(true);
      expect(failure?.message).toMatch(/^terraform apply was interrupted/);
      expect(Date.now() - started).toBeLessThan(45_000);
      // AND neither Terraform nor the provisioner's command survives
      const sleeper = Number.parseInt(readFileSync(join(stackDir, "sleeper.pid"), "utf8"), 10);
      expect(isAlive(sleeper)).toBe(false);
      expect(processesIn(stackDir)).toEqual([]);
      // AND the state is unlocked and consistent: the interrupted resource is planned again
      expect(existsSync(join(stackDir, ".terraform.tfstate.lock.info"))).toBe(false);
      const plan = await runner.plan();
      expect(plan.hasChanges).toBe(true);
      expect(plan.changes.map((change) => change.address)).toEqual(["terraform_data.slow"]);
    },
    BUILTIN_RUN_TIMEOUT_MS,
  );
});
