// Bundles the runtime entry points with esbuild so they start fast and run with nothing but `node`:
// the CLI (copied into synthesized stacks by the local provisioner host) and, once present, the Lambda handler.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: false,
  minify: false,
  legalComments: "none",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/bin/snyk-eventbridge.js",
});
chmodSync("dist/bin/snyk-eventbridge.js", 0o755);
