import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { devNull } from "node:os";
import { delimiter, join } from "node:path";
import { TerraformSetupError } from "./terraform-setup-error";

/**
 * The oldest Terraform the runner supports: `terraform_data` (which the constructs synthesize) and the
 * machine-readable `-json` UI of `plan`/`apply` both exist from 1.4 on.
 */
export const MIN_TERRAFORM_VERSION = "1.4.0";

/** The `terraform` executable found, and its version. */
export interface TerraformBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** Its version, for example `1.11.4`. */
  readonly version: string;
}

/** Options of {@link findTerraform}. */
export interface FindTerraformOptions {
  /**
   * The environment whose `PATH` is searched.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The oldest acceptable version.
   * @default - {@link MIN_TERRAFORM_VERSION}
   */
  readonly minVersion?: string;
}

const HOW_TO_GET =
  "Install it from HashiCorp's Terraform downloads or package repositories (a single executable) into a " +
  "directory on PATH, then run again.";

/**
 * Finds `terraform` on `PATH` and checks its version with `terraform version -json`.
 *
 * @throws TerraformSetupError when it is missing, cannot be run, or is older than the minimum
 */
export function findTerraform(options: FindTerraformOptions = {}): TerraformBinary {
  const env = options.env ?? process.env;
  const minVersion = options.minVersion ?? MIN_TERRAFORM_VERSION;
  const path = searchPath(env.PATH ?? "");
  if (path === undefined) {
    throw new TerraformSetupError(
      `terraform was not found on PATH. The sandbox applies stacks with real Terraform >= ${minVersion}. ${HOW_TO_GET}`,
    );
  }
  const version = askVersion(path);
  if (compareVersions(version, minVersion) < 0) {
    throw new TerraformSetupError(
      `${path} is Terraform ${version}, older than the ${minVersion} the sandbox needs. ${HOW_TO_GET}`,
    );
  }
  return { path, version };
}

/**
 * Compares two dotted versions numerically (`1.10.0` > `1.9.8`); a pre-release suffix (`-beta1`) is ignored.
 * @returns negative, zero or positive, like a sort comparator
 */
export function compareVersions(left: string, right: string): number {
  const parts = (version: string): number[] =>
    version
      .replace(/^v/, "")
      .split(/[-+]/)[0]
      .split(".")
      .map((part) => Number.parseInt(part, 10) || 0);
  const a = parts(left);
  const b = parts(right);
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

function searchPath(pathVariable: string): string | undefined {
  const names = process.platform === "win32" ? ["terraform.exe"] : ["terraform"];
  for (const directory of pathVariable.split(delimiter)) {
    if (directory === "") {
      continue;
    }
    for (const name of names) {
      const candidate = join(directory, name);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    // Not there, or not executable by us: keep searching PATH.
    return false;
  }
}

function askVersion(path: string): string {
  let stdout: string;
  try {
    stdout = execFileSync(path, ["version", "-json"], {
      encoding: "utf8",
      timeout: 30_000,
      stdio: ["ignore", "pipe", "ignore"],
      // An empty CLI configuration, and no call to HashiCorp's version-check service.
      env: { PATH: process.env.PATH ?? "", TF_CLI_CONFIG_FILE: devNull, CHECKPOINT_DISABLE: "1" },
    });
  } catch (error) {
    throw new TerraformSetupError(`${path} version -json failed: ${(error as Error).message}. ${HOW_TO_GET}`, {
      cause: error,
    });
  }
  let version: unknown;
  try {
    version = (JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version;
  } catch (error) {
    version = error;
  }
  if (typeof version !== "string") {
    throw new TerraformSetupError(
      `${path} did not report its version as Terraform does; is it Terraform? ${HOW_TO_GET}`,
    );
  }
  return version;
}
