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
 * Finds a bundle built by `npm run build` in the package's `dist/` folder: the nearest `dist/<bundle>` above this
 * file, not looking past `node_modules`. That one rule covers every place this file runs from: the repository
 * (`modules/private/bundles.ts`), the built package (`dist/modules/private/bundles.js`) and its CDK Terrain flavour
 * (`dist/cdktn/modules/private/bundles.js`).
 *
 * @internal
 */
export function locateBundle(kind: keyof typeof BUNDLES, moduleDir: string = __dirname): string {
  const relative = BUNDLES[kind];
  const searched: string[] = [];
  for (let dir = path.resolve(moduleDir); path.basename(dir) !== "node_modules"; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "dist", relative);
    if (existsSync(candidate)) {
      return candidate;
    }
    searched.push(candidate);
    if (path.dirname(dir) === dir) {
      break;
    }
  }
  throw ValidationError.fromIssues(`The ${kind} bundle`, [
    {
      field: kind === "cli" ? "ProvisionerHost.local()" : "ProvisionerHost.lambda()",
      rule: `needs the bundle ${relative}, which was not found in the package's dist/ folder (looked in ${searched[searched.length - 1] ?? moduleDir} and the folders below it): run \`npm run build\` first`,
    },
  ]);
}
