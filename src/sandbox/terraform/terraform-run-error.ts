import { SnykEventBridgeError } from "../../errors";
import type { TerraformDiagnostic } from "./terraform-events";

/** What {@link TerraformRunError} carries. */
export interface TerraformRunFailure {
  /** The command as run, for example `["terraform", "apply", "-auto-approve", "-input=false", "-json"]`. */
  readonly command: readonly string[];
  /** The working directory (the stack directory). */
  readonly stackDir: string;
  /** Terraform's exit code, or `null` when it was killed. */
  readonly exitCode: number | null;
  /** Whether the run was stopped through its abort signal. */
  readonly aborted: boolean;
  /** Terraform's diagnostics, errors and warnings, in the order reported. */
  readonly diagnostics: readonly TerraformDiagnostic[];
  /** The last lines Terraform wrote that were not diagnostics (for a crash, or a command without `-json`). */
  readonly outputTail: readonly string[];
}

/**
 * A Terraform run failed (or was stopped). Carries the command, the exit code and Terraform's own diagnostics,
 * and names the AWS operations the sandbox answered as unknown, so that the user sees both what Terraform said
 * and what the sandbox lacks. Every text in it has had secrets removed.
 */
export class TerraformRunError extends SnykEventBridgeError implements TerraformRunFailure {
  /** Whether `value` is a `TerraformRunError`, whichever copy of the package created it. */
  public static isTerraformRunError(value: unknown): value is TerraformRunError {
    return SnykEventBridgeError.isInstance(value) && value.code === "TerraformRunError";
  }

  public readonly command: readonly string[];
  public readonly stackDir: string;
  public readonly exitCode: number | null;
  public readonly aborted: boolean;
  public readonly diagnostics: readonly TerraformDiagnostic[];
  public readonly outputTail: readonly string[];
  /** The AWS operations the sandbox did not know, as `Service Operation` (for example `SNS CreateTopic`). */
  public readonly unknownOperations: readonly string[];

  constructor(failure: TerraformRunFailure, options?: { cause?: unknown }) {
    const unknownOperations = findUnknownOperations(failure.diagnostics);
    super("TerraformRunError", describe(failure, unknownOperations), options);
    this.command = failure.command;
    this.stackDir = failure.stackDir;
    this.exitCode = failure.exitCode;
    this.aborted = failure.aborted;
    this.diagnostics = failure.diagnostics;
    this.outputTail = failure.outputTail;
    this.unknownOperations = unknownOperations;
  }
}

/**
 * The operations named in AWS SDK errors (`operation error SNS: CreateTopic, ... api error
 * UnknownOperationException: ...`) that a service answered as unknown or not implemented.
 */
export function findUnknownOperations(diagnostics: readonly TerraformDiagnostic[]): string[] {
  const found = new Set<string>();
  const pattern =
    /operation error ([\w .-]+?): (\w+),[^\n]*?(UnknownOperation|InvalidAction|UnknownError|unknown operation|not implement)/gi;
  for (const diagnostic of diagnostics) {
    for (const match of `${diagnostic.summary}\n${diagnostic.detail}`.matchAll(pattern)) {
      found.add(`${match[1]} ${match[2]}`);
    }
  }
  return [...found];
}

function describe(failure: TerraformRunFailure, unknownOperations: readonly string[]): string {
  const subcommand = failure.command.slice(1).find((arg) => !arg.startsWith("-")) ?? "command";
  const how = failure.aborted
    ? "was interrupted"
    : `failed (exit code ${failure.exitCode === null ? "none: killed" : failure.exitCode})`;
  const lines = [`terraform ${subcommand} ${how} in ${failure.stackDir}.`];
  const errors = failure.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  for (const diagnostic of errors) {
    const where = diagnostic.address ?? diagnostic.location;
    lines.push(`  Error: ${diagnostic.summary}${where === undefined ? "" : ` (${where})`}`);
    if (diagnostic.detail !== "") {
      lines.push(...diagnostic.detail.split("\n").map((line) => `    ${line}`));
    }
  }
  if (errors.length === 0 && failure.outputTail.length > 0) {
    lines.push(...failure.outputTail.map((line) => `  ${line}`));
  }
  if (unknownOperations.length > 0) {
    lines.push(
      `The sandbox does not serve ${unknownOperations.join(", ")}: the stack uses an AWS API the sandbox does not ` +
        "simulate. Remove that resource from the stack, or add the operation to the sandbox's simulator.",
    );
  } else if (failure.aborted) {
    lines.push("Terraform stopped gracefully and wrote its state: run the same command again to continue, or destroy.");
  } else {
    lines.push("Fix what Terraform reports above and run again; the state in the directory records what was done.");
  }
  return lines.join("\n");
}
