import { PassThrough } from "node:stream";
import { runCli } from "../../src/cli/main";

/** What one run of the command line produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCliInProcess}. */
export interface RunCliOptions {
  /**
   * The environment the CLI sees.
   * @default - an empty environment
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * What standard input holds.
   * @default - empty
   */
  readonly stdin?: string;
  /**
   * Aborts the run, as SIGINT/SIGTERM do in the real process.
   * @default - never aborted
   */
  readonly signal?: AbortSignal;
}

/** Runs the command line in this process, capturing its exit code and both output streams. */
export async function runCliInProcess(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await runCli({
    argv,
    env: options.env ?? {},
    stdout,
    stderr,
    stdin,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
