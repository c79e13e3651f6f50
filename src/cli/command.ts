import type { ExitCode } from "./exit-codes";

/** What a verb receives: its own arguments and the process streams, so tests can drive it in-process. */
export interface CommandContext {
  /** The arguments after the verb. */
  readonly argv: readonly string[];
  /** Environment variables (a copy of `process.env` in the real CLI). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Machine-readable output (`--json`) and results. */
  readonly stdout: NodeJS.WritableStream;
  /** Human output, progress and errors. */
  readonly stderr: NodeJS.WritableStream;
  /** Standard input, for `--spec -` and similar. */
  readonly stdin: NodeJS.ReadableStream;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
}

/** One verb of the command-line tool. */
export interface Command {
  /** Runs the verb and returns the process exit code. Throwing a `ValidationError` exits 2, anything else 1. */
  run(context: CommandContext): Promise<ExitCode>;
  /** The verb's full help text. */
  readonly help: string;
}
