// `npm start`: the demo on the reference app's embedded default (see src/sandbox/demo.ts). It runs the
// TypeScript entry with tsx in a child process, so that no compile step is needed on a fresh clone.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `npm start -- --keep` passes `--keep`; `node scripts/start.mjs -- --keep` passes the `--` too: drop it.
const args = process.argv.slice(2);
const flags = args[0] === "--" ? args.slice(1) : args;
const child = spawn(process.execPath, ["--import", "tsx", join("src", "sandbox", "demo", "cli.ts"), ...flags], {
  cwd: root,
  stdio: "inherit",
});
// Ctrl-C in a terminal reaches the child too (same process group); a signal sent to this process alone is
// forwarded. The child tears down once, ignoring repeats, and exits; this parent waits for it.
process.on("SIGINT", () => child.kill("SIGINT"));
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + 1));
});
