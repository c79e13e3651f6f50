import type { TerraformProgressEvent } from "./terraform-events";
import type { TerraformApplyOutcome, TerraformResourceChange, TerraformRunnerOptions } from "./terraform-runner";
import { TerraformRunner } from "./terraform-runner";

/** Options of {@link applyWithTerraform}. */
export interface ApplyWithTerraformOptions {
  /** The stack directory: `cdktf.out/stacks/<stack>` (`cdk.tf.json`) or a directory of `.tf` files. */
  readonly stackDir: string;
  /** The sandbox's environment (`Sandbox.env`): AWS endpoints and test credentials, `SNYK_API_URL`, `SNYK_TOKEN`. */
  readonly sandboxEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Destroy what an earlier apply created instead of applying.
   * @default false
   */
  readonly destroy?: boolean;
  /**
   * Stops Terraform as Ctrl-C does (state stays consistent); the call then rejects with a `TerraformRunError`
   * whose `aborted` is true.
   * @default - the run cannot be stopped
   */
  readonly signal?: AbortSignal;
  /**
   * Receives typed progress: resources started and completed (with durations), provisioner output, diagnostics,
   * the summary. Secrets are already removed.
   * @default - progress is not reported
   */
  readonly onProgress?: (event: TerraformProgressEvent) => void;
  /**
   * Everything else the runner takes (a given Terraform or mirror, the plugin cache, host and extra environment).
   * @default - found and derived as `TerraformRunner.create` documents
   */
  readonly runner?: Omit<TerraformRunnerOptions, "stackDir" | "sandboxEnv" | "onProgress">;
}

/** What {@link applyWithTerraform} did. */
export interface TerraformApplyReport {
  readonly operation: "apply" | "destroy";
  /** The stack directory (absolute). */
  readonly stackDir: string;
  /** Resources created (including the create half of a replacement), with durations. */
  readonly created: readonly TerraformResourceChange[];
  /** Resources updated in place. */
  readonly updated: readonly TerraformResourceChange[];
  /** Resources destroyed (including the destroy half of a replacement). */
  readonly destroyed: readonly TerraformResourceChange[];
  /** Terraform's summary counts. */
  readonly counts: TerraformApplyOutcome["counts"];
  /** The root module's outputs (sensitive ones without `value`); empty after a destroy. */
  readonly outputs: TerraformApplyOutcome["outputs"];
  /** Warnings Terraform reported. */
  readonly warnings: TerraformApplyOutcome["warnings"];
  /** Wall times: `terraform init`, `terraform apply` (or destroy), and the whole call. */
  readonly durations: { readonly initMs: number; readonly applyMs: number; readonly totalMs: number };
  /** The Terraform version that ran. */
  readonly terraformVersion: string;
  /** Where the AWS provider was installed from: the mirror directory, or `undefined` when downloaded. */
  readonly providerMirror?: string;
  /** The files written into the stack directory: the CLI configuration and the endpoint override (if any). */
  readonly files: { readonly cliConfig: string; readonly endpointOverride?: string };
}

/**
 * Applies (or destroys) a stack in the sandbox with real Terraform: finds Terraform and the provider mirror,
 * writes the CLI configuration and the endpoint override into the stack directory, runs `terraform init` and
 * `terraform apply` (or `apply -destroy`), and reports what changed. This is the one call `sandbox-apply`,
 * `npm start` and the end-to-end tests make; afterwards the user can run `terraform plan` in the directory
 * with the same CLI configuration (docs/terraform-runner.md).
 *
 * @throws TerraformSetupError when Terraform is missing or too old (nothing was run)
 * @throws ValidationError when the sandbox environment has no AWS endpoint or the configuration is unreadable
 * @throws TerraformRunError when init or apply fails or is aborted, with Terraform's diagnostics
 */
export async function applyWithTerraform(options: ApplyWithTerraformOptions): Promise<TerraformApplyReport> {
  const started = Date.now();
  const runner = await TerraformRunner.create({
    ...options.runner,
    stackDir: options.stackDir,
    sandboxEnv: options.sandboxEnv,
    onProgress: options.onProgress,
  });
  const init = await runner.init({ signal: options.signal });
  const outcome =
    options.destroy === true
      ? await runner.destroy({ signal: options.signal })
      : await runner.apply({ signal: options.signal });
  const by = (...actions: string[]): TerraformResourceChange[] =>
    outcome.resources.filter((change) => actions.includes(change.action));
  return {
    operation: outcome.operation,
    stackDir: runner.stackDir,
    created: by("create", "replace"),
    updated: by("update"),
    destroyed: by("delete"),
    counts: outcome.counts,
    outputs: outcome.outputs,
    warnings: outcome.warnings,
    durations: { initMs: init.durationMs, applyMs: outcome.durationMs, totalMs: Date.now() - started },
    terraformVersion: runner.terraform.version,
    ...(runner.mirror === undefined ? {} : { providerMirror: runner.mirror.dir }),
    files: {
      cliConfig: runner.cliConfig.file,
      ...(runner.override.file === undefined ? {} : { endpointOverride: runner.override.file }),
    },
  };
}
