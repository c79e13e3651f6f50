import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../errors";
import type { Value } from "./expression-eval";
import type { StoredResource } from "./resource-handler";

/** The harness's state file, written next to `cdk.tf.json` so a later destroy works from another process. */
export const STATE_FILE = "sandbox-apply.tfstate.json";

const FORMAT = "snyk-eventbridge/sandbox-apply-state@1";

/** What the harness remembers between runs. */
export interface HarnessState {
  /** The sandbox the resources were applied to. */
  readonly sandbox: { readonly accountId: string; readonly region: string };
  /** Incremented on every write, as Terraform's serial. */
  readonly serial: number;
  readonly resources: readonly StoredResource[];
  /** Output values of the last apply. */
  readonly outputs: { readonly [name: string]: Value };
}

/** Reads the state of a stack directory; `undefined` when it was never applied. */
export function readState(stackDir: string): HarnessState | undefined {
  const file = join(stackDir, STATE_FILE);
  if (!existsSync(file)) {
    return undefined;
  }
  let parsed: { format?: unknown } & Partial<HarnessState>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (error) {
    throw new ValidationError(
      `the harness state ${file} is not JSON (${(error as Error).message}). Restore it, or delete it ` +
        "together with the sandbox (restart the sandbox) to start over.",
      [{ field: STATE_FILE, rule: "must be JSON written by the harness", value: file }],
      { cause: error },
    );
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.resources) || parsed.sandbox === undefined) {
    throw new ValidationError(`the file ${file} is not a state file of this harness (format ${FORMAT}).`, [
      { field: STATE_FILE, rule: `must have format ${FORMAT}`, value: parsed.format },
    ]);
  }
  return {
    sandbox: parsed.sandbox,
    serial: typeof parsed.serial === "number" ? parsed.serial : 0,
    resources: parsed.resources,
    outputs: parsed.outputs ?? {},
  };
}

/** Writes the state atomically (a crash never leaves half a file). */
export function writeState(stackDir: string, state: HarnessState): void {
  const file = join(stackDir, STATE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, ...state }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
