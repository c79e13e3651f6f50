import { devNull } from "node:os";
import { ENV } from "../../consts";

/** Host variables a Terraform run inherits: what finding programs, temporary files and text encoding need. */
const HOST_VARIABLES = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "SystemRoot",
  "ComSpec",
  "PATHEXT",
  "APPDATA",
  "LOCALAPPDATA",
] as const;

/** Variables whose values are secrets: removed from every line the runner surfaces. */
const SECRET_VARIABLES = [ENV.SNYK_TOKEN, ENV.AWS_SECRET_ACCESS_KEY, "AWS_SESSION_TOKEN"] as const;

/** Options of {@link buildTerraformEnv}. */
export interface TerraformEnvOptions {
  /**
   * The sandbox's environment (`Sandbox.env`): its AWS endpoints, region and test credentials, `SNYK_API_URL` and
   * `SNYK_TOKEN`. All of it is passed: it is what a shell that uses the sandbox exports, and what `local-exec`
   * provisioners (the project's CLI) read.
   */
  readonly sandboxEnv: Readonly<Record<string, string | undefined>>;
  /** The CLI configuration file (`TF_CLI_CONFIG_FILE`). */
  readonly cliConfigFile: string;
  /** The sandbox's AWS endpoint: `AWS_ENDPOINT_URL` when the sandbox environment does not set it. */
  readonly awsEndpoint: string;
  /**
   * The environment the host variables (`PATH`, `HOME`, `TMPDIR`, locale) are taken from.
   * @default - `process.env`
   */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Further variables, set last (for example `TF_LOG`).
   * @default - none
   */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The environment of a sandbox Terraform run, built explicitly rather than inherited: a few host variables,
 * the sandbox's environment, and settings that keep the run local and non-interactive:
 * - `TF_CLI_CONFIG_FILE` (our provider installation), `TF_IN_AUTOMATION`, `TF_INPUT=0`, `CHECKPOINT_DISABLE`
 *   (no call to HashiCorp's version-check service);
 * - `AWS_ENDPOINT_URL` (a catch-all: a service outside the override file's list fails at the sandbox instead of
 *   reaching AWS), `AWS_EC2_METADATA_DISABLED`, `AWS_DEFAULT_REGION` from `AWS_REGION`, and the shared AWS config
 *   and credentials files pointed at the null device, so that a developer's `~/.aws` cannot redirect the run.
 */
export function buildTerraformEnv(options: TerraformEnvOptions): Record<string, string> {
  const host = options.hostEnv ?? process.env;
  const env: Record<string, string> = {};
  for (const name of HOST_VARIABLES) {
    const value = host[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(options.sandboxEnv)) {
    if (value !== undefined) {
      env[name] = value;
    }
  }
  env.AWS_ENDPOINT_URL ??= options.awsEndpoint;
  if (env[ENV.AWS_REGION] !== undefined) {
    env.AWS_DEFAULT_REGION ??= env[ENV.AWS_REGION];
  }
  Object.assign(env, {
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: devNull,
    AWS_SHARED_CREDENTIALS_FILE: devNull,
    TF_CLI_CONFIG_FILE: options.cliConfigFile,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    ...options.extra,
  });
  return env;
}

/** The secret values in `env` (the Snyk token, AWS secret keys), for redaction. */
export function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => value !== undefined);
}
