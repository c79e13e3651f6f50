// `npm run bench [name…]`: runs the benchmarks under bench/ (each prints its figures against a baseline
// measured in the same run). With names, runs only those.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const wanted = process.argv.slice(2);
const benches = readdirSync("bench")
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ") || "bench/*.bench.ts"}`);
  process.exit(2);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", `bench/${file}`], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
