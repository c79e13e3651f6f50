import { spawn } from "node:child_process";
import { isAbsolute, resolve } from "node:path";
import { ValidationError } from "../../errors";
import { ApplyError } from "./apply-error";
import type { Value } from "./expression-eval";
import type { ApplyEvent } from "./resource-handler";

/** A resolved `local-exec` provisioner block. */
export interface LocalExecSpec {
  readonly command: string;
  /** Added to the apply's environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** Relative to the stack directory. */
  readonly workingDir?: string;
  /** @default - ["/bin/sh", "-c"], as Terraform on Linux and macOS */
  readonly interpreter?: readonly string[];
  /** Terraform's `quiet`: do not echo the command. */
  readonly quiet: boolean;
}

/** Converts an evaluated provisioner body into a spec, checking each field's type. */
export function toLocalExecSpec(body: Value, where: string): LocalExecSpec {
  const record = (body ?? {}) as { readonly [key: string]: Value };
  const command = record.command;
  if (typeof command !== "string" || command.trim() === "") {
    throw invalid(`${where}.command`, "must be a non-empty string", command);
  }
  const environment: Record<string, string> = {};
  const rawEnvironment = record.environment ?? {};
  if (typeof rawEnvironment !== "object" || rawEnvironment === null || Array.isArray(rawEnvironment)) {
    throw invalid(`${where}.environment`, "must be a map of strings", rawEnvironment);
  }
  for (const [key, value] of Object.entries(rawEnvironment as { readonly [key: string]: Value })) {
    if (value === null) {
      continue;
    }
    if (typeof value === "object") {
      throw invalid(`${where}.environment.${key}`, "must be a string (wrap objects in jsonencode())", value);
    }
    environment[key] = String(value);
  }
  const interpreter = record.interpreter;
  if (interpreter !== undefined && interpreter !== null) {
    if (
      !Array.isArray(interpreter) ||
      interpreter.length === 0 ||
      interpreter.some((item) => typeof item !== "string")
    ) {
      throw invalid(`${where}.interpreter`, "must be a non-empty list of strings", interpreter);
    }
  }
  const workingDir = record.working_dir;
  if (workingDir !== undefined && workingDir !== null && typeof workingDir !== "string") {
    throw invalid(`${where}.working_dir`, "must be a string", workingDir);
  }
  return {
    command,
    environment,
    workingDir: typeof workingDir === "string" ? workingDir : undefined,
    interpreter: Array.isArray(interpreter) ? (interpreter as string[]) : undefined,
    quiet: record.quiet === true,
  };
}

/**
 * Runs one `local-exec` command as Terraform does: through the interpreter (a shell by default), in the stack
 * directory (or `working_dir` under it), with the apply's environment plus the provisioner's `environment`.
 * Output lines are reported as they come; a non-zero exit is an `ApplyError` quoting the last lines of stderr.
 * Environment values are never reported, since they may hold secrets passed by the caller.
 */
export async function runLocalExec(options: {
  readonly address: string;
  readonly spec: LocalExecSpec;
  readonly stackDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly emit: (event: ApplyEvent) => void;
  readonly signal?: AbortSignal;
}): Promise<void> {
  const { address, spec, emit } = options;
  const [program, ...interpreterArgs] = spec.interpreter ?? ["/bin/sh", "-c"];
  const cwd =
    spec.workingDir === undefined
      ? options.stackDir
      : isAbsolute(spec.workingDir)
        ? spec.workingDir
        : resolve(options.stackDir, spec.workingDir);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...options.env, ...spec.environment })) {
    if (value !== undefined) {
      env[key] = value;
    }
  }
  if (!spec.quiet) {
    emit({ kind: "provisioner", address, message: `local-exec: ${spec.command}` });
  }
  const started = Date.now();
  const stderrTail: string[] = [];
  const code = await new Promise<number | string>((done, fail) => {
    // The command runs in its own process group so that an abort or a timeout stops everything it started,
    // not only the shell: a surviving grandchild would keep running and hold the output pipes open.
    const child = spawn(program, [...interpreterArgs, spec.command], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let aborted = false;
    const stopGroup = (): void => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch (error) {
          // ESRCH: the group already exited between the check and the kill; nothing is left to stop.
          if ((error as NodeJS.ErrnoException).code !== "ESRCH") {
            throw error;
          }
        }
      }
    };
    const onAbort = (): void => {
      aborted = true;
      stopGroup();
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted === true) {
      onAbort();
    }
    const timer = setTimeout(stopGroup, options.timeoutMs);
    const pending = { stdout: "", stderr: "" };
    const lines =
      (stream: "stdout" | "stderr") =>
      (chunk: Buffer): void => {
        const parts = (pending[stream] + chunk.toString("utf8")).split("\n");
        pending[stream] = parts.pop() ?? "";
        for (const line of parts) {
          report(stream, line);
        }
      };
    const report = (stream: "stdout" | "stderr", line: string): void => {
      if (stream === "stderr") {
        stderrTail.push(line);
        stderrTail.splice(0, Math.max(0, stderrTail.length - 10));
      }
      emit({ kind: "provisioner-output", address, message: `(${stream}) ${line}` });
    };
    child.stdout.on("data", lines("stdout"));
    child.stderr.on("data", lines("stderr"));
    child.on("error", (error) => fail(error));
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      for (const stream of ["stdout", "stderr"] as const) {
        if (pending[stream] !== "") {
          report(stream, pending[stream]);
        }
      }
      if (aborted) {
        fail(new Error("aborted"));
        return;
      }
      done(exitCode ?? signal ?? "unknown");
    });
  }).catch((error: unknown) => {
    if (options.signal?.aborted === true) {
      throw new ApplyError(address, `aborted while running ${JSON.stringify(spec.command)}; the command was stopped.`, {
        cause: error,
      });
    }
    throw new ApplyError(
      address,
      `local-exec could not run ${JSON.stringify(program)} in ${cwd}: ${(error as Error).message}. ` +
        "Check the interpreter and working_dir, and that the stack directory exists.",
      { cause: error },
    );
  });
  const durationMs = Date.now() - started;
  if (code !== 0) {
    const reason =
      typeof code === "string"
        ? `was stopped by ${code}${durationMs >= options.timeoutMs ? ` after the ${options.timeoutMs} ms limit` : ""}`
        : `exited with code ${code}`;
    const tail = stderrTail.length > 0 ? `; its last error output:\n${stderrTail.join("\n")}` : "";
    throw new ApplyError(address, `the local-exec command ${JSON.stringify(spec.command)} ${reason}${tail}`);
  }
  emit({ kind: "provisioner", address, message: "local-exec: done", durationMs });
}

function invalid(field: string, rule: string, value: Value): ValidationError {
  return new ValidationError(`${field} ${rule}. Check the provisioner in cdk.tf.json.`, [{ field, rule, value }]);
}
