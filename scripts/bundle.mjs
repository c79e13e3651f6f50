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

// The Lambda host: a zip-ready folder (`dist/lambda/index.js`, handler `index.handler`). The AWS SDK is bundled
// rather than taken from the runtime, so the function runs the SDK versions this package was tested with.
await build({
  ...common,
  entryPoints: ["src/lambda/handler.ts"],
  outfile: "dist/lambda/index.js",
});
