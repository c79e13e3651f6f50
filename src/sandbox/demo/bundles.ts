import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ValidationError } from "../../errors";

const run = promisify(execFile);

/** The bundles the constructs copy into a synthesized stack, relative to the repository root. */
export const DEMO_BUNDLES = [join("dist", "bin", "snyk-eventbridge.js"), join("dist", "lambda", "index.js")] as const;

/**
 * Builds the CLI and Lambda bundles with `node scripts/bundle.mjs` when one is missing (a fresh clone), so that
 * synthesizing the reference app finds them. Returns whether it built.
 *
 * @throws ValidationError when the build fails, with its output
 */
export async function ensureBundles(repoRoot: string, timeoutMs = 120_000): Promise<boolean> {
  if (DEMO_BUNDLES.every((bundle) => existsSync(join(repoRoot, bundle)))) {
    return false;
  }
  try {
    await run(process.execPath, [join("scripts", "bundle.mjs")], { cwd: repoRoot, timeout: timeoutMs });
  } catch (error) {
    const output = (error as { stderr?: string }).stderr ?? "";
    throw new ValidationError(
      `Building the runtime bundles (node scripts/bundle.mjs) failed: ${(error as Error).message}${output === "" ? "" : `\n${output}`}` +
        "\nRun `npm ci` first, then `npm run build` to see the full error.",
      [{ field: "scripts/bundle.mjs", rule: "must build dist/bin and dist/lambda" }],
      { cause: error },
    );
  }
  return true;
}
