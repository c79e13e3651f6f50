import { spawn } from "node:child_process";
import { join } from "node:path";
import { type CliRun, runCliInProcess } from "../../helpers/run-cli";

export type { CliRun };

export const ROOT = join(__dirname, "../../..");
export const CLI_BUNDLE = join(ROOT, "dist/bin/snyk-eventbridge.js");

/** Runs the CLI in-process with the given environment and standard input. */
export function runInProcess(argv: string[], env: Record<string, string | undefined>, stdinText = ""): Promise<CliRun> {
  return runCliInProcess(argv, { env, stdin: stdinText });
}

/** Runs the bundled CLI as a real process. */
export function runProcess(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { killAfter?: (stderrSoFar: string) => boolean; stdin?: string; nodeArgs?: string[] } = {},
): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_BUNDLE, ...argv], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.killAfter?.(stderr) === true && child.exitCode === null) {
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
