// CLI cold start: `snyk-eventbridge --version` (the bundled CLI) against bare `node -e ''`, measured in the same
// run, interleaved so that machine load hits both alike. Target: the CLI within 3x of bare node.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "dist/bin/snyk-eventbridge.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 25);

if (!existsSync(CLI)) {
  execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT, stdio: "inherit" });
}

const cases: { name: string; args: string[] }[] = [
  { name: "node -e ''", args: ["-e", ""] },
  { name: "snyk-eventbridge --version", args: [CLI, "--version"] },
  { name: "snyk-eventbridge --help", args: [CLI, "--help"] },
  { name: "snyk-eventbridge reconcile --help", args: [CLI, "reconcile", "--help"] },
];
const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    throw new Error(`${args.join(" ")} exited with ${result.status}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// One warm-up round so that the file system cache holds node and the bundle for every case.
cases.forEach((c) => timeOnce(c.args));
for (let run = 0; run < RUNS; run += 1) {
  for (const c of cases) {
    samples.get(c.name)?.push(timeOnce(c.args));
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const baseline = median(samples.get("node -e ''") ?? []);
console.log(`cold start, median of ${RUNS} interleaved runs (bundle ${(statSync(CLI).size / 1e6).toFixed(1)} MB)`);
for (const c of cases) {
  const m = median(samples.get(c.name) ?? []);
  console.log(`  ${c.name.padEnd(36)} ${m.toFixed(1).padStart(7)} ms   ${(m / baseline).toFixed(2)}x bare node`);
}
const ratio = median(samples.get("snyk-eventbridge --version") ?? []) / baseline;
console.log(
  `--version vs node -e '': ${ratio.toFixed(2)}x (target <= 3x): ${ratio <= 3 ? "within target" : "OVER TARGET"}`,
);
