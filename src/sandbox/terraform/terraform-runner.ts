import { join, resolve } from "node:path";
import { ENV } from "../../consts";
import { ValidationError } from "../../errors";
import { redactSecrets } from "../../redact";
import type { CliConfig } from "./cli-config";
import { writeCliConfig } from "./cli-config";
import type { EndpointOverride } from "./endpoint-override";
import { loopbackEndpoint, writeEndpointOverride } from "./endpoint-override";
import { withPluginCacheLock } from "./plugin-cache-lock";
import type { ProviderMirror } from "./provider-mirror";
import { findProviderMirror } from "./provider-mirror";
import type { TerraformBinary } from "./terraform-binary";
import { compareVersions, findTerraform } from "./terraform-binary";
import { buildTerraformEnv, secretsOf } from "./terraform-env";
import type { TerraformAction, TerraformDiagnostic, TerraformProgressEvent } from "./terraform-events";
import { TerraformEventParser } from "./terraform-events";
import { runTerraformProcess } from "./terraform-process";
import { TerraformRunError } from "./terraform-run-error";
import { textDiagnostics } from "./text-diagnostics";
import { userCacheDir } from "./user-cache-dir";

/** Options of {@link TerraformRunner.create}. */
export interface TerraformRunnerOptions {
  /** The stack directory: a cdktf stack (`cdk.tf.json`) or a directory of `.tf`/`.tf.json` files. */
  readonly stackDir: string;
  /**
   * The sandbox's environment (`Sandbox.env`, or what `snyk-eventbridge sandbox --json` prints as `env`): AWS
   * endpoints, region and test credentials, `SNYK_API_URL`, `SNYK_TOKEN`. Terraform runs with all of it.
   */
  readonly sandboxEnv: Readonly<Record<string, string | undefined>>;
  /**
   * The sandbox AWS endpoint the override file points every AWS provider configuration at.
   * @default - `AWS_ENDPOINT_URL` of `sandboxEnv`, else its `AWS_ENDPOINT_URL_EVENTBRIDGE`
   */
  readonly awsEndpoint?: string;
  /**
   * The Terraform to run.
   * @default - `terraform` on the `PATH` of `hostEnv`, version-checked
   */
  readonly terraform?: TerraformBinary;
  /**
   * The provider mirror; `null` for none (providers are then downloaded).
   * @default - found with `findProviderMirror` (`SNYK_EVENTBRIDGE_PROVIDER_MIRROR`, implied mirrors, a search)
   */
  readonly mirror?: ProviderMirror | null;
  /**
   * The plugin cache shared by every stack on the machine.
   * @default - `TF_PLUGIN_CACHE_DIR` of `hostEnv`, else `terraform-plugin-cache` in the user's cache directory
   */
  readonly pluginCacheDir?: string;
  /**
   * The environment host variables (`PATH`, `HOME`, `TMPDIR`, locale) come from.
   * @default - `process.env`
   */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Further variables for Terraform, set last (for example `{ TF_LOG: "DEBUG", TF_LOG_PATH: "..." }`).
   * @default - none
   */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /**
   * Receives the typed progress of every run (secrets already removed).
   * @default - progress is not reported
   */
  readonly onProgress?: (event: TerraformProgressEvent) => void;
  /**
   * How long Terraform may take to stop after an abort before its process group is killed.
   * @default 20000
   */
  readonly interruptGraceMs?: number;
}

/** A resource Terraform changed, from its `apply_complete` event. */
export interface TerraformResourceChange {
  readonly address: string;
  readonly action: TerraformAction;
  readonly durationMs: number;
  /** The resource's ID after the change, when Terraform reports it. */
  readonly id?: string;
}

/** What `apply` or `apply -destroy` did. */
export interface TerraformApplyOutcome {
  readonly operation: "apply" | "destroy";
  /** Every resource operation that completed, in completion order. */
  readonly resources: readonly TerraformResourceChange[];
  /** Terraform's summary counts. */
  readonly counts: { readonly add: number; readonly change: number; readonly remove: number; readonly import: number };
  /** The root module's outputs after an apply (sensitive ones without `value`); empty after a destroy. */
  readonly outputs: Readonly<Record<string, { readonly sensitive: boolean; readonly value?: unknown }>>;
  /** Warnings Terraform reported. */
  readonly warnings: readonly TerraformDiagnostic[];
  readonly durationMs: number;
}

/** What `plan -detailed-exitcode` found. */
export interface TerraformPlanOutcome {
  /** Exit code 2: the plan has changes. Exit code 0: none. */
  readonly hasChanges: boolean;
  /** Each planned change. */
  readonly changes: readonly { readonly address: string; readonly action: TerraformAction }[];
  readonly durationMs: number;
}

/** Options of one run. */
export interface TerraformRunOptions {
  /**
   * Stops the run as Ctrl-C does; the run then rejects with a `TerraformRunError` whose `aborted` is true.
   * @default - the run cannot be stopped
   */
  readonly signal?: AbortSignal;
}

interface RawRun {
  readonly exitCode: number | null;
  readonly events: readonly TerraformProgressEvent[];
  readonly stdout: readonly string[];
}

/**
 * Runs real Terraform in one stack directory against the sandbox. {@link TerraformRunner.create} prepares the
 * directory (the CLI configuration and the endpoint override file, see docs/terraform-runner.md); each method
 * runs one Terraform command with an environment built explicitly, reports typed progress, and fails with a
 * `TerraformRunError` carrying Terraform's diagnostics. Every line surfaced has the Snyk token removed.
 */
export class TerraformRunner {
  /**
   * Finds Terraform and the provider mirror (unless given), writes the CLI configuration and the endpoint
   * override into the stack directory, and returns a runner for it. Nothing is run yet.
   *
   * @throws TerraformSetupError when Terraform is missing or too old
   * @throws ValidationError when no sandbox AWS endpoint is known, it is not on loopback, or the configuration is unreadable
   */
  public static async create(options: TerraformRunnerOptions): Promise<TerraformRunner> {
    const hostEnv = options.hostEnv ?? process.env;
    const stackDir = resolve(options.stackDir);
    const awsEndpoint =
      options.awsEndpoint ??
      options.sandboxEnv.AWS_ENDPOINT_URL ??
      options.sandboxEnv[ENV.AWS_ENDPOINT_URL_EVENTBRIDGE];
    if (awsEndpoint === undefined || awsEndpoint === "") {
      throw new ValidationError(
        "no sandbox AWS endpoint: the sandbox environment sets neither AWS_ENDPOINT_URL nor " +
          `${ENV.AWS_ENDPOINT_URL_EVENTBRIDGE}. Pass the environment the sandbox prints (Sandbox.env).`,
        [{ field: "sandboxEnv.AWS_ENDPOINT_URL", rule: "is required" }],
      );
    }
    // Everything that can fail without a side effect comes first: nothing is written for a run that cannot start.
    loopbackEndpoint(awsEndpoint);
    const terraform = options.terraform ?? findTerraform({ env: hostEnv });
    const mirror = options.mirror === null ? undefined : (options.mirror ?? findProviderMirror({ env: hostEnv }));
    const pluginCacheDir =
      options.pluginCacheDir ?? hostEnv.TF_PLUGIN_CACHE_DIR ?? join(userCacheDir(hostEnv), "terraform-plugin-cache");
    const override = writeEndpointOverride(stackDir, awsEndpoint);
    const cliConfig = writeCliConfig({ stackDir, mirror, pluginCacheDir });
    const env = buildTerraformEnv({
      sandboxEnv: options.sandboxEnv,
      cliConfigFile: cliConfig.file,
      awsEndpoint: override.endpoint,
      hostEnv,
      extra: options.extraEnv,
    });
    return new TerraformRunner(stackDir, terraform, mirror, pluginCacheDir, cliConfig, override, env, options);
  }

  private readonly secrets: readonly string[];

  private constructor(
    /** The stack directory (absolute). */
    public readonly stackDir: string,
    /** The Terraform that runs. */
    public readonly terraform: TerraformBinary,
    /** The provider mirror used, if any. */
    public readonly mirror: ProviderMirror | undefined,
    /** The shared plugin cache directory. */
    public readonly pluginCacheDir: string,
    /** The CLI configuration written into the stack directory. */
    public readonly cliConfig: CliConfig,
    /** The endpoint override written into the stack directory. */
    public readonly override: EndpointOverride,
    private readonly env: Readonly<Record<string, string>>,
    private readonly options: TerraformRunnerOptions,
  ) {
    this.secrets = secretsOf(env);
  }

  /**
   * `terraform init -input=false`: installs providers from the stack's `terraform.d/plugins` and the mirror,
   * through the shared plugin cache (one init at a time per cache, across processes).
   */
  public async init(options: TerraformRunOptions = {}): Promise<{ readonly durationMs: number }> {
    const started = Date.now();
    const json = compareVersions(this.terraform.version, "1.9.0") >= 0;
    await withPluginCacheLock(
      this.pluginCacheDir,
      () => this.run(["init", "-input=false", ...(json ? ["-json"] : ["-no-color"])], options),
      { signal: options.signal },
    );
    return { durationMs: Date.now() - started };
  }

  /** `terraform apply -auto-approve -input=false -json`. */
  public apply(options: TerraformRunOptions = {}): Promise<TerraformApplyOutcome> {
    return this.applyOrDestroy("apply", options);
  }

  /** `terraform apply -destroy -auto-approve -input=false -json`. */
  public destroy(options: TerraformRunOptions = {}): Promise<TerraformApplyOutcome> {
    return this.applyOrDestroy("destroy", options);
  }

  /** `terraform plan -detailed-exitcode -input=false -json`: whether the stack has changes to make. */
  public async plan(options: TerraformRunOptions = {}): Promise<TerraformPlanOutcome> {
    const started = Date.now();
    const run = await this.run(["plan", "-detailed-exitcode", "-input=false", "-json"], options, [0, 2]);
    const changes = run.events.flatMap((event) =>
      event.kind === "planned-change" ? [{ address: event.address, action: event.action }] : [],
    );
    return { hasChanges: run.exitCode === 2, changes, durationMs: Date.now() - started };
  }

  /** `terraform show -json`: the state as Terraform's JSON representation (`format_version`, `values`, ...). */
  public async show(options: TerraformRunOptions = {}): Promise<Readonly<Record<string, unknown>>> {
    const run = await this.run(["show", "-json", "-no-color"], options, [0], false);
    return JSON.parse(run.stdout.join("\n")) as Record<string, unknown>;
  }

  /** `terraform state list`: the addresses in the state; empty when there is no state yet. */
  public async stateList(options: TerraformRunOptions = {}): Promise<string[]> {
    const run = await this.run(["state", "list", "-no-color"], options, [0, 1], false);
    if (run.exitCode === 1) {
      if (run.events.some((event) => /No state file was found/.test(event.message))) {
        return [];
      }
      throw this.failure(["state", "list", "-no-color"], run, false);
    }
    return run.stdout.filter((line) => line.trim() !== "");
  }

  /**
   * `terraform import -input=false ADDRESS ID`: adopts an existing object into the state. Both are passed as
   * arguments (after `--`), never through a shell.
   */
  public async import(address: string, id: string, options: TerraformRunOptions = {}): Promise<void> {
    await this.run(["import", "-input=false", "-no-color", "--", address, id], options, [0], false);
  }

  private async applyOrDestroy(
    operation: "apply" | "destroy",
    options: TerraformRunOptions,
  ): Promise<TerraformApplyOutcome> {
    const started = Date.now();
    const args = ["apply", ...(operation === "destroy" ? ["-destroy"] : []), "-auto-approve", "-input=false", "-json"];
    const run = await this.run(args, options);
    const resources: TerraformResourceChange[] = [];
    let counts = { add: 0, change: 0, remove: 0, import: 0 };
    let outputs: TerraformApplyOutcome["outputs"] = {};
    for (const event of run.events) {
      if (event.kind === "resource-completed") {
        const { address, action, durationMs, id } = event;
        resources.push(id === undefined ? { address, action, durationMs } : { address, action, durationMs, id });
      } else if (event.kind === "summary" && event.operation !== "plan") {
        counts = { add: event.add, change: event.change, remove: event.remove, import: event.import };
      } else if (event.kind === "outputs") {
        outputs = event.outputs;
      }
    }
    const warnings = diagnosticsOf(run.events).filter((diagnostic) => diagnostic.severity === "warning");
    // A destroy reports the outputs it removes; they no longer exist afterwards.
    const remaining = operation === "destroy" ? {} : outputs;
    return { operation, resources, counts, outputs: remaining, warnings, durationMs: Date.now() - started };
  }

  /** Runs one command; rejects with a `TerraformRunError` unless it exits with one of `okExitCodes`. */
  private async run(
    args: readonly string[],
    options: TerraformRunOptions,
    okExitCodes: readonly number[] = [0],
    json = args.includes("-json"),
  ): Promise<RawRun> {
    const parser = new TerraformEventParser(this.secrets);
    const events: TerraformProgressEvent[] = [];
    const stdout: string[] = [];
    const report = (line: string): void => {
      const event = parser.parse(line);
      if (event !== undefined) {
        events.push(event);
        this.options.onProgress?.(event);
      }
    };
    const result = await runTerraformProcess({
      terraform: this.terraform.path,
      args,
      cwd: this.stackDir,
      env: this.env,
      signal: options.signal,
      interruptGraceMs: this.options.interruptGraceMs,
      onStdoutLine: (line) => {
        if (json) {
          report(line);
        } else {
          stdout.push(line);
        }
      },
      onStderrLine: report,
    });
    const run = { exitCode: result.exitCode, events, stdout };
    if (result.aborted || result.exitCode === null || !okExitCodes.includes(result.exitCode)) {
      throw this.failure(args, run, result.aborted, options.signal?.reason);
    }
    return run;
  }

  private failure(args: readonly string[], run: RawRun, aborted: boolean, cause?: unknown): TerraformRunError {
    const text = [...run.stdout, ...run.events.filter((event) => event.kind === "log").map((event) => event.message)];
    const diagnostics = [...diagnosticsOf(run.events), ...textDiagnostics(text)];
    return new TerraformRunError(
      {
        command: ["terraform", ...args].map((arg) => redactSecrets(arg, this.secrets)),
        stackDir: this.stackDir,
        exitCode: run.exitCode,
        aborted,
        diagnostics,
        outputTail: text.slice(-20).map((line) => redactSecrets(line, this.secrets)),
      },
      cause === undefined ? undefined : { cause },
    );
  }
}

function diagnosticsOf(events: readonly TerraformProgressEvent[]): TerraformDiagnostic[] {
  return events.flatMap((event) => (event.kind === "diagnostic" ? [event.diagnostic] : []));
}
