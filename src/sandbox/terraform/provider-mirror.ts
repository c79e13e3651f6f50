import type { Dirent } from "node:fs";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { ENV } from "../../consts";
import { TerraformSetupError } from "./terraform-setup-error";
import { userCacheDir } from "./user-cache-dir";

/** The provider every sandbox stack needs, as Terraform names it in a mirror. */
export const AWS_PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws";

/** A local directory in Terraform's filesystem-mirror layout that holds the AWS provider. */
export interface ProviderMirror {
  /** The mirror's root: the directory holding `registry.terraform.io/`. */
  readonly dir: string;
  /** Every provider it holds for this platform, as source addresses (`registry.terraform.io/hashicorp/aws`). */
  readonly providers: readonly string[];
  /** The `hashicorp/aws` versions it holds for this platform, for example `["5.100.0"]`. */
  readonly awsVersions: readonly string[];
  /** How it was found. */
  readonly foundBy: "environment" | "implied" | "cache" | "search";
}

/** Options of {@link findProviderMirror}. */
export interface FindProviderMirrorOptions {
  /**
   * The environment: `SNYK_EVENTBRIDGE_PROVIDER_MIRROR`, `HOME`, `XDG_DATA_HOME`, `XDG_DATA_DIRS`,
   * `XDG_CACHE_HOME` are read from it.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where the result of a filesystem search is remembered, so that only the first run on a machine pays for it.
   * @default - `provider-mirror.json` in the user's cache directory (see `userCacheDir`)
   */
  readonly cacheFile?: string;
  /**
   * Where the bounded search starts, when neither the environment nor an implied directory holds the provider.
   * @default - the filesystem root
   */
  readonly searchRoots?: readonly string[];
  /**
   * How deep below a search root a mirror's `registry.terraform.io` directory may be.
   * @default 6
   */
  readonly maxDepth?: number;
  /**
   * How long the search may take before it gives up.
   * @default 60000
   */
  readonly searchDeadlineMs?: number;
}

/** Directory names the search never descends into: pseudo filesystems, package trees, Terraform working data. */
const SKIPPED_NAMES = new Set(["node_modules", ".git", ".terraform", ".npm", ".cargo", ".rustup", ".pyenv", ".m2"]);
const SKIPPED_ROOTS = new Set(["/proc", "/sys", "/dev", "/run"]);

/**
 * Finds a local provider mirror holding `registry.terraform.io/hashicorp/aws` for this platform, in this order:
 * 1. the directory in `SNYK_EVENTBRIDGE_PROVIDER_MIRROR` (an error when it does not hold the provider: a
 *    setting the user made is never silently ignored);
 * 2. Terraform's implied local mirror directories (`~/.terraform.d/plugins`, `$XDG_DATA_HOME/terraform/plugins`,
 *    each of `$XDG_DATA_DIRS/terraform/plugins`, and their macOS and Windows equivalents);
 * 3. the directory a previous search on this machine found (checked again before use);
 * 4. a bounded search of the filesystem (depth, deadline, skipping pseudo filesystems and package trees),
 *    whose result is remembered for step 3. It is synchronous: it runs once per machine, and takes about 5 s
 *    when it finds nothing on a developer machine.
 *
 * @returns the mirror, or `undefined` when none was found (Terraform must then download the provider)
 * @throws TerraformSetupError when `SNYK_EVENTBRIDGE_PROVIDER_MIRROR` is set but does not hold the provider
 */
export function findProviderMirror(options: FindProviderMirrorOptions = {}): ProviderMirror | undefined {
  const env = options.env ?? process.env;
  const configured = env[ENV.TERRAFORM_PROVIDER_MIRROR];
  if (configured !== undefined && configured !== "") {
    const mirror = inspectMirror(resolve(configured), "environment");
    if (mirror === undefined) {
      throw new TerraformSetupError(
        `${ENV.TERRAFORM_PROVIDER_MIRROR}=${JSON.stringify(configured)} does not hold ${AWS_PROVIDER_ADDRESS} for ` +
          `${terraformPlatform()}: expected ${join(configured, AWS_PROVIDER_ADDRESS, "<version>", terraformPlatform())}/terraform-provider-aws_* ` +
          `(or a terraform-provider-aws_<version>_${terraformPlatform()}.zip beside the version directories). Point it at ` +
          "the directory that holds registry.terraform.io/, or unset it to search.",
      );
    }
    return mirror;
  }
  for (const dir of impliedMirrorDirs(env)) {
    const mirror = inspectMirror(dir, "implied");
    if (mirror !== undefined) {
      return mirror;
    }
  }
  const cacheFile = options.cacheFile ?? join(userCacheDir(env), "provider-mirror.json");
  const cached = readCachedDir(cacheFile);
  if (cached !== undefined) {
    const mirror = inspectMirror(cached, "cache");
    if (mirror !== undefined) {
      return mirror;
    }
  }
  const found = searchFilesystem(
    options.searchRoots ?? [sep],
    options.maxDepth ?? 6,
    Date.now() + (options.searchDeadlineMs ?? 60_000),
    new Set([resolve(dirname(cacheFile))]),
  );
  if (found !== undefined) {
    writeCachedDir(cacheFile, found.dir);
  }
  return found;
}

/** Terraform's implied local mirror directories for this platform, other than the working directory's. */
export function impliedMirrorDirs(env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME ?? homedir();
  if (process.platform === "win32") {
    return env.APPDATA === undefined ? [] : [join(env.APPDATA, "HashiCorp", "Terraform", "plugins")];
  }
  const dirs = [join(home, ".terraform.d", "plugins")];
  if (process.platform === "darwin") {
    dirs.push(join(home, "Library", "Application Support", "io.terraform", "plugins"));
    dirs.push("/Library/Application Support/io.terraform/plugins");
    return dirs;
  }
  const dataHome = env.XDG_DATA_HOME || join(home, ".local", "share");
  dirs.push(join(dataHome, "terraform", "plugins"));
  const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(":").filter((dir) => dir !== "");
  dirs.push(...dataDirs.map((dir) => join(dir, "terraform", "plugins")));
  return dirs;
}

/** Terraform's name for this platform, for example `linux_amd64`. */
export function terraformPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[process.arch];
  return `${os}_${arch ?? process.arch}`;
}

/** What `dir` holds as a provider mirror for this platform, or `undefined` when it holds no `hashicorp/aws`. */
export function inspectMirror(dir: string, foundBy: ProviderMirror["foundBy"]): ProviderMirror | undefined {
  const providers: string[] = [];
  let awsVersions: string[] = [];
  for (const host of subdirectories(dir)) {
    for (const namespace of subdirectories(join(dir, host))) {
      for (const type of subdirectories(join(dir, host, namespace))) {
        const versions = packagedVersions(join(dir, host, namespace, type), type);
        if (versions.length === 0) {
          continue;
        }
        const address = `${host}/${namespace}/${type}`.toLowerCase();
        providers.push(address);
        if (address === AWS_PROVIDER_ADDRESS) {
          awsVersions = versions;
        }
      }
    }
  }
  return awsVersions.length === 0 ? undefined : { dir, providers: providers.sort(), awsVersions, foundBy };
}

/**
 * The versions of one provider packaged for this platform: unpacked (`<version>/<platform>/terraform-provider-<type>*`,
 * where the platform directory is a real directory: a plugin cache's symbolic links into another mirror do not
 * count) or packed (`terraform-provider-<type>_<version>_<platform>.zip`).
 */
function packagedVersions(providerDir: string, type: string): string[] {
  const versions = new Set<string>();
  const here = terraformPlatform();
  for (const entry of entries(providerDir)) {
    if (entry.isDirectory()) {
      const platformDir = join(providerDir, entry.name, here);
      const executables = isRealDirectory(platformDir)
        ? entries(platformDir).filter((file) => file.name.startsWith(`terraform-provider-${type}`))
        : [];
      if (executables.length > 0) {
        versions.add(entry.name);
      }
    } else {
      const prefix = `terraform-provider-${type}_`;
      const suffix = `_${here}.zip`;
      if (entry.name.startsWith(prefix) && entry.name.endsWith(suffix)) {
        versions.add(entry.name.slice(prefix.length, -suffix.length));
      }
    }
  }
  return [...versions].sort();
}

function searchFilesystem(
  roots: readonly string[],
  maxDepth: number,
  deadline: number,
  skipped: ReadonlySet<string>,
): ProviderMirror | undefined {
  // Breadth first, so that shallow mirrors (/opt/x, ~/y) are found long before deep trees are walked.
  let level = roots.map((root) => resolve(root));
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
    const next: string[] = [];
    for (const dir of level) {
      if (Date.now() > deadline) {
        return undefined;
      }
      // Unreadable (permissions) or gone since it was listed: not a mirror, keep searching.
      const children = entries(dir);
      if (children.some((child) => child.name === "registry.terraform.io" && child.isDirectory())) {
        const mirror = inspectMirror(dir, "search");
        if (mirror !== undefined) {
          return mirror;
        }
      }
      for (const child of children) {
        const path = join(dir, child.name);
        if (child.isDirectory() && !SKIPPED_NAMES.has(child.name) && !SKIPPED_ROOTS.has(path) && !skipped.has(path)) {
          next.push(path);
        }
      }
    }
    level = next;
  }
  return undefined;
}

function readCachedDir(cacheFile: string): string | undefined {
  if (!existsSync(cacheFile)) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(readFileSync(cacheFile, "utf8")) as { dir?: unknown };
    return typeof parsed.dir === "string" ? parsed.dir : undefined;
  } catch {
    // A damaged cache entry only costs one more search, which rewrites it.
    return undefined;
  }
}

function writeCachedDir(cacheFile: string, dir: string): void {
  mkdirSync(dirname(cacheFile), { recursive: true });
  // Written whole and then renamed, so that a concurrent run never reads half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify({ dir, foundAt: new Date().toISOString() })}\n`);
  renameSync(partial, cacheFile);
}

function subdirectories(dir: string): string[] {
  return entries(dir)
    .filter((entry) => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(join(dir, entry.name))))
    .map((entry) => entry.name);
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    // Missing or unreadable: holds nothing.
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    // A dangling link, or unreadable: not a directory we can use.
    return false;
  }
}

function isRealDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    // Missing: no package here.
    return false;
  }
}
