import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ProviderMirror } from "./provider-mirror";

/**
 * The Terraform CLI configuration the runner writes into a stack directory and hands to every Terraform run
 * there through `TF_CLI_CONFIG_FILE`. Its name does not end in `.tf.json`, so Terraform never reads it as
 * configuration.
 */
export const CLI_CONFIG_FILE = "snyk-eventbridge-sandbox.tfrc.json";

/** The directory, under a stack directory, that Terraform searches for providers placed beside the stack. */
export const LOCAL_PLUGINS_DIR = join("terraform.d", "plugins");

/** Options of {@link writeCliConfig}. */
export interface CliConfigOptions {
  /** The stack directory (Terraform's working directory); the file is written there. */
  readonly stackDir: string;
  /**
   * The provider mirror to install from, without network access for what it holds.
   * @default - no mirror: providers not placed in the stack's `terraform.d/plugins` are downloaded
   */
  readonly mirror?: ProviderMirror;
  /** The shared plugin cache directory (created when missing). */
  readonly pluginCacheDir: string;
}

/** What {@link writeCliConfig} wrote. */
export interface CliConfig {
  /** The file to pass as `TF_CLI_CONFIG_FILE`. */
  readonly file: string;
  /** The configuration, as written (JSON, which Terraform's CLI configuration loader accepts). */
  readonly contents: string;
}

/**
 * Writes {@link CLI_CONFIG_FILE}: an explicit `provider_installation` made of
 * - a `filesystem_mirror` for the stack's own `terraform.d/plugins` (an explicit `provider_installation` turns
 *   off Terraform's implied local mirrors, and synth places this project's provider there), created when
 *   missing because Terraform refuses a mirror directory that does not exist;
 * - a `filesystem_mirror` for the mirror found, limited to the providers it holds, and `direct` for everything
 *   else (so `terraform init` never goes to the network for what the mirror holds); only `direct` without one;
 * and a shared `plugin_cache_dir`, so that a provider unpacked or downloaded once is linked, not copied, into
 * each stack's `.terraform`.
 */
export function writeCliConfig(options: CliConfigOptions): CliConfig {
  const stackDir = resolve(options.stackDir);
  const localPlugins = join(stackDir, LOCAL_PLUGINS_DIR);
  mkdirSync(localPlugins, { recursive: true });
  mkdirSync(options.pluginCacheDir, { recursive: true });
  const mirrors: object[] = [{ path: localPlugins }];
  let direct: object = {};
  if (options.mirror !== undefined) {
    mirrors.push({ path: options.mirror.dir, include: options.mirror.providers });
    direct = { exclude: options.mirror.providers };
  }
  const document = {
    provider_installation: { filesystem_mirror: mirrors, direct },
    plugin_cache_dir: resolve(options.pluginCacheDir),
  };
  const contents = `${JSON.stringify(document, null, 2)}\n`;
  const file = join(stackDir, CLI_CONFIG_FILE);
  writeFileSync(file, contents);
  return { file, contents };
}
