import { readFile } from "node:fs/promises";
import { ENV } from "../consts";
import { ValidationError } from "../errors";
import { parseIntegrationSpec, type IntegrationSpec } from "../provisioner/integration-spec";

/** Where a verb reads its spec from. */
export interface SpecSource {
  /**
   * `--spec FILE`, or `-` for standard input.
   * @default - use `specEnv`
   */
  readonly spec?: string;
  /**
   * `--spec-env NAME`: the environment variable holding the spec JSON.
   * @default - use `spec`
   */
  readonly specEnv?: string;
}

/**
 * Loads and validates the spec from a file, standard input or an environment variable.
 * @throws ValidationError when none or both are given, the source is unreadable, not JSON, or not a valid spec
 */
export async function loadSpec(
  source: SpecSource,
  io: { readonly env: Readonly<Record<string, string | undefined>>; readonly stdin: NodeJS.ReadableStream },
): Promise<IntegrationSpec> {
  if ((source.spec === undefined) === (source.specEnv === undefined)) {
    throw new ValidationError(
      `exactly one of --spec FILE (- for standard input) or --spec-env NAME (for example --spec-env ${ENV.SPEC}) is required.`,
      [{ field: "--spec", rule: "exactly one of --spec or --spec-env is required" }],
    );
  }
  let text: string;
  let label: string;
  if (source.specEnv !== undefined) {
    label = `the spec in $${source.specEnv}`;
    const value = io.env[source.specEnv];
    if (value === undefined || value.trim() === "") {
      throw new ValidationError(`${label} is empty: set ${source.specEnv} to the spec JSON.`, [
        { field: "--spec-env", rule: `names an unset variable`, value: source.specEnv },
      ]);
    }
    text = value;
  } else if (source.spec === "-") {
    label = "the spec on standard input";
    text = await readAll(io.stdin);
  } else {
    const path = source.spec as string;
    label = `--spec ${path}`;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read";
      throw new ValidationError(
        `--spec ${path} ${reason}: pass the path of a spec JSON file.`,
        [{ field: "--spec", rule: reason, value: path }],
        { cause: error },
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${label} is not valid JSON (${(error as Error).message}).`, [
      { field: "spec", rule: "must be JSON" },
    ]);
  }
  return parseIntegrationSpec(parsed, label);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}
