// `npm start`: the main job on its embedded default. Until the sandbox and apply harness land, it says what
// is coming and shows that the CLI runs.
import { spawnSync } from "node:child_process";

console.log("snyk-eventbridge: the end-to-end demo (sandbox, synth, apply, sample events, destroy) is not built yet.");
console.log("Meanwhile, the command-line tool:");
const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "--help"], { stdio: "inherit" });
process.exit(result.status ?? 1);
