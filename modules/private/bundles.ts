import { existsSync } from "node:fs";
import * as path from "node:path";
import { ValidationError } from "../../src/errors";

/** The runtime bundles the constructs copy into a stack, relative to the package's `dist/` folder. */
export const BUNDLES = {
  /** The command-line tool the local provisioner host runs with `node`. */
  cli: path.join("bin", "snyk-eventbridge.js"),
  /** The folder holding the Lambda handler (`index.js`, handler `index.handler`). */
  lambda: "lambda",
} as const;

/**
 * Finds a bundle built by `npm run build`. This file runs from two places: from the repository as
 * `modules/private/bundles.ts` (bundles in `../../dist/`) and from the built package as
 * `dist/modules/private/bundles.js` (bundles in `../../`), so both are tried, built package first.
 *
 * @internal
 */
export function locateBundle(kind: keyof typeof BUNDLES, moduleDir: string = __dirname): string {
  const relative = BUNDLES[kind];
  const candidates = [
    path.resolve(moduleDir, "..", "..", relative),
    path.resolve(moduleDir, "..", "..", "dist", relative),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw ValidationError.fromIssues(`The ${kind} bundle`, [
      {
        field: kind === "cli" ? "ProvisionerHost.local()" : "ProvisionerHost.lambda()",
        rule: `needs the bundle ${relative}, which was not found in ${candidates.join(" or ")}: run \`npm run build\` first`,
      },
    ]);
  }
  return found;
}
