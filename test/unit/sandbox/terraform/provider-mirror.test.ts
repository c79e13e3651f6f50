import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AWS_PROVIDER_ADDRESS,
  findProviderMirror,
  inspectMirror,
  terraformPlatform,
} from "../../../../src/sandbox/terraform/provider-mirror";
import { TerraformSetupError } from "../../../../src/sandbox/terraform/terraform-setup-error";
import { compareVersions, findTerraform } from "../../../../src/sandbox/terraform/terraform-binary";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "provider-mirror-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Lays out an unpacked mirror holding a fake AWS provider executable. */
function unpackedMirror(root: string, version = "5.100.0"): string {
  const platformDir = join(root, AWS_PROVIDER_ADDRESS, version, terraformPlatform());
  mkdirSync(platformDir, { recursive: true });
  writeFileSync(join(platformDir, `terraform-provider-aws_v${version}_x5`), "");
  return root;
}

/** An environment in which no implied mirror directory exists. */
function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: join(dir, "home"), XDG_DATA_HOME: join(dir, "data"), XDG_DATA_DIRS: join(dir, "none"), ...extra };
}

describe("findProviderMirror", () => {
  test("the environment variable wins, and one that does not hold the provider is an error", () => {
    // GIVEN a mirror named in the environment
    const mirror = unpackedMirror(join(dir, "named"));

    // WHEN it is looked for THEN it is found by the environment
    expect(findProviderMirror({ env: bareEnv({ SNYK_EVENTBRIDGE_PROVIDER_MIRROR: mirror }) })).toMatchObject({
      dir: mirror,
      awsVersions: ["5.100.0"],
      providers: [AWS_PROVIDER_ADDRESS],
      foundBy: "environment",
    });
    // AND a variable pointing at an empty directory fails, naming it, rather than being ignored
    const env = bareEnv({ SNYK_EVENTBRIDGE_PROVIDER_MIRROR: join(dir, "empty") });
    expect(() => findProviderMirror({ env })).toThrow(TerraformSetupError);
    expect(() => findProviderMirror({ env })).toThrow(/SNYK_EVENTBRIDGE_PROVIDER_MIRROR=".*empty" does not hold/);
  });

  test("an implied mirror directory is used before any search", () => {
    // GIVEN the provider in ~/.terraform.d/plugins
    const env = bareEnv();
    unpackedMirror(join(env.HOME, ".terraform.d", "plugins"));

    // WHEN it is looked for THEN it is found there without searching
    expect(findProviderMirror({ env, searchRoots: [] })).toMatchObject({
      dir: join(env.HOME, ".terraform.d", "plugins"),
      foundBy: "implied",
    });
  });

  test("a search finds a mirror and remembers it; the next run reads it from the cache", () => {
    // GIVEN a mirror somewhere below the search root, and a plugin-cache-like directory of links before it
    const mirror = unpackedMirror(join(dir, "root", "opt", "tf-mirror"));
    const links = join(dir, "root", "a", "registry.terraform.io", "hashicorp", "aws", "5.100.0");
    mkdirSync(links, { recursive: true });
    symlinkSync(join(mirror, AWS_PROVIDER_ADDRESS, "5.100.0", terraformPlatform()), join(links, terraformPlatform()));
    const cacheFile = join(dir, "cache", "provider-mirror.json");

    // WHEN it is looked for twice
    const first = findProviderMirror({ env: bareEnv(), searchRoots: [join(dir, "root")], cacheFile });
    const second = findProviderMirror({ env: bareEnv(), searchRoots: [], cacheFile });

    // THEN the search finds the real mirror (links into another mirror do not count), and the cache serves the second
    expect(first).toMatchObject({ dir: mirror, foundBy: "search" });
    expect(JSON.parse(readFileSync(cacheFile, "utf8")).dir).toBe(mirror);
    expect(second).toMatchObject({ dir: mirror, foundBy: "cache" });
  });

  test("nothing found within the depth is undefined, and nothing is cached", () => {
    unpackedMirror(join(dir, "root", "a", "b", "c"));
    const cacheFile = join(dir, "cache", "provider-mirror.json");
    expect(findProviderMirror({ env: bareEnv(), searchRoots: [join(dir, "root")], maxDepth: 2, cacheFile })).toBe(
      undefined,
    );
    expect(() => readFileSync(cacheFile)).toThrow(/ENOENT/);
  });

  test("a packed mirror (zip archives) counts, for this platform only", () => {
    const root = join(dir, "packed");
    const providerDir = join(root, AWS_PROVIDER_ADDRESS);
    mkdirSync(providerDir, { recursive: true });
    writeFileSync(join(providerDir, `terraform-provider-aws_5.99.0_${terraformPlatform()}.zip`), "");
    writeFileSync(join(providerDir, "terraform-provider-aws_5.100.0_plan9_mips.zip"), "");
    expect(inspectMirror(root, "search")?.awsVersions).toEqual(["5.99.0"]);
  });
});

describe("findTerraform", () => {
  test("a missing terraform is an error saying how to get it and the minimum version", () => {
    expect(() => findTerraform({ env: { PATH: join(dir, "empty-bin") } })).toThrow(
      /terraform was not found on PATH\. The sandbox applies stacks with real Terraform >= 1\.4\.0\. Install it/,
    );
  });

  test("a terraform older than the minimum is refused with its version", () => {
    // GIVEN a terraform on PATH that reports an old version
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "terraform"), '#!/bin/sh\necho \'{"terraform_version":"1.3.9"}\'\n');
    chmodSync(join(bin, "terraform"), 0o755);

    // WHEN it is looked for THEN it is refused
    expect(() => findTerraform({ env: { PATH: bin } })).toThrow(/is Terraform 1\.3\.9, older than the 1\.4\.0/);
    expect(findTerraform({ env: { PATH: bin }, minVersion: "1.3.0" })).toEqual({
      path: join(bin, "terraform"),
      version: "1.3.9",
    });
  });

  test("versions compare numerically", () => {
    expect(compareVersions("1.10.0", "1.9.8")).toBeGreaterThan(0);
    expect(compareVersions("1.4.0-beta1", "1.4.0")).toBe(0);
    expect(compareVersions("v1.3", "1.4.0")).toBeLessThan(0);
  });
});
