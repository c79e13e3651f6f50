// `terraform init` of a fresh stack that needs hashicorp/aws, with the runner's CLI configuration (local mirror plus
// a shared plugin cache) against a baseline without the plugin cache, interleaved in the same run. It also
// reports the bytes each init left in the stack's `.terraform` and in the cache: with an unpacked mirror Terraform
// links the provider in both cases (the figure to watch is "copied"), while a packed mirror or a download would
// copy ~700 MB per init without the cache. Needs terraform and the mirror (`npm run bench terraform-init`).
import { spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCliConfig } from "../src/sandbox/terraform/cli-config";
import { findProviderMirror } from "../src/sandbox/terraform/provider-mirror";
import { findTerraform } from "../src/sandbox/terraform/terraform-binary";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const terraform = findTerraform();
const mirror = findProviderMirror();
if (mirror === undefined) {
  console.error("no hashicorp/aws mirror found: set SNYK_EVENTBRIDGE_PROVIDER_MIRROR");
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), "bench-terraform-init-"));
const cache = join(work, "plugin-cache");
const MAIN_TF = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n';

/** Bytes of regular files under `dir`; symbolic links are not followed. */
function copiedBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? copiedBytes(path) : entry.isFile() ? lstatSync(path).size : 0);
  }, 0);
}

function initOnce(name: string, withCache: boolean): { ms: number; copied: number } {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "main.tf"), MAIN_TF);
  const config = writeCliConfig({ stackDir: dir, mirror, pluginCacheDir: cache });
  if (!withCache) {
    const document = JSON.parse(config.contents) as Record<string, unknown>;
    delete document.plugin_cache_dir;
    writeFileSync(config.file, JSON.stringify(document));
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(terraform.path, ["init", "-input=false", "-no-color"], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: work, TF_CLI_CONFIG_FILE: config.file, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`terraform init failed:\n${result.stdout}${result.stderr}`);
  }
  return { ms, copied: copiedBytes(join(dir, ".terraform")) };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  initOnce("warm-up", true);
  const samples = { cache: [] as number[], none: [] as number[] };
  let copied = { cache: 0, none: 0 };
  for (let run = 0; run < RUNS; run += 1) {
    const withCache = initOnce(`cache-${run}`, true);
    const without = initOnce(`none-${run}`, false);
    samples.cache.push(withCache.ms);
    samples.none.push(without.ms);
    copied = { cache: withCache.copied, none: without.copied };
  }
  console.log(`terraform ${terraform.version} init of a fresh hashicorp/aws stack, mirror ${mirror.dir}`);
  console.log(`median of ${RUNS} interleaved runs`);
  console.log(
    `  with the shared plugin cache  ${median(samples.cache).toFixed(0).padStart(6)} ms, copied ${copied.cache} bytes`,
  );
  console.log(
    `  without (baseline)            ${median(samples.none).toFixed(0).padStart(6)} ms, copied ${copied.none} bytes`,
  );
  console.log(`  plugin cache holds            ${copiedBytes(cache)} bytes of regular files`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
