import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** Options of {@link runTerraformProcess}. */
export interface TerraformProcessOptions {
  /** The `terraform` executable. */
  readonly terraform: string;
  /** Its arguments (never passed through a shell). */
  readonly args: readonly string[];
  /** The working directory (the stack directory). */
  readonly cwd: string;
  /** The complete environment of the process. */
  readonly env: Readonly<Record<string, string>>;
  /** Receives each line Terraform writes on stdout, as it comes. */
  readonly onStdoutLine: (line: string) => void;
  /** Receives each line Terraform writes on stderr, as it comes. */
  readonly onStderrLine: (line: string) => void;
  /**
   * Stops Terraform as Ctrl-C does.
   * @default - the run cannot be stopped
   */
  readonly signal?: AbortSignal;
  /**
   * How long Terraform may take to stop gracefully after the interrupt before its process group is killed.
   * @default 20000
   */
  readonly interruptGraceMs?: number;
}

/** How a Terraform process ended. */
export interface TerraformProcessResult {
  /** The exit code, or `null` when it was killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that killed it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Whether the run was stopped through the abort signal. */
  readonly aborted: boolean;
  /** Whether it had to be killed because it did not stop within the grace period. */
  readonly killed: boolean;
}

/**
 * Runs Terraform in its own process group. An abort sends SIGINT to the whole group, as Ctrl-C in a terminal
 * does: Terraform stops gracefully (it stops starting operations, lets providers finish the calls in flight and
 * writes its state), and the commands of running `local-exec` provisioners get the interrupt too. When Terraform
 * has not exited after `interruptGraceMs`, the group is killed. When Terraform exits, whatever is left in its
 * group (a provisioner's background command, a provider that did not stop) is killed, so no child outlives it.
 * Resolves when the process has exited and its output is read; rejects only when it cannot be started.
 */
export function runTerraformProcess(options: TerraformProcessOptions): Promise<TerraformProcessResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      resolve({ exitCode: null, signal: null, aborted: true, killed: false });
      return;
    }
    const groups = process.platform !== "win32";
    const child = spawn(options.terraform, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: groups,
    });
    let aborted = false;
    let killed = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) {
        return;
      }
      try {
        if (groups) {
          process.kill(-child.pid, signal);
        } else {
          child.kill(signal);
        }
      } catch (error) {
        // ESRCH: the group is already empty. EPERM: its id now names someone else's group. Nothing of ours is left.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ESRCH" && code !== "EPERM") {
          throw error;
        }
      }
    };
    const onAbort = (): void => {
      aborted = true;
      signalGroup("SIGINT");
      graceTimer = setTimeout(() => {
        killed = true;
        signalGroup("SIGKILL");
      }, options.interruptGraceMs ?? 20_000);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on("line", options.onStdoutLine);
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on("line", options.onStderrLine);
    child.once("exit", () => {
      // Terraform is gone; anything still in its group would be orphaned. Its stdio may stay open until then.
      signalGroup("SIGKILL");
    });
    child.once("error", (error) => {
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      options.signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      resolve({ exitCode, signal, aborted, killed });
    });
  });
}
