/**
 * The entry point of `npm start` (run by scripts/start.mjs with tsx): the demo with a readable report.
 * Exit codes: 0 done and nothing left; 1 a step failed or something was left behind; 2 invalid flags or
 * settings, or an app the harness refuses (nothing applied).
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../../errors";
import type { DemoReport } from "../demo";
import { formatDemoReport, runDemo } from "../demo";

const HELP = `Usage: npm start [-- --keep] [-- --config FILE]

Runs the whole thing on your machine, with no AWS account, Snyk token or terraform binary: starts the local
sandbox (Snyk API and EventBridge simulators on 127.0.0.1), synthesizes the reference app (main.ts), applies it
with the sandbox apply harness (a test and demo tool, not a Terraform replacement), publishes the sample Snyk
events through the partner event source, reports which rule routed which event to which target, destroys the
stack and verifies that nothing is left on either side.

  --keep         leave the sandbox and the stack running and print their endpoints; Ctrl-C destroys and stops
  --config FILE  the reference app's settings file instead of its zero-config default
  --help         this text

Exit codes: 0 done, nothing left; 1 a step failed or something was left behind; 2 invalid flags or settings.`;

async function main(argv: readonly string[]): Promise<number> {
  let flags: { keep?: boolean; config?: string; help?: boolean };
  try {
    flags = parseArgs({
      args: [...argv],
      options: { keep: { type: "boolean" }, config: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (flags.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const session = await runDemo({
    keep: flags.keep === true,
    settingsFile: flags.config,
    onProgress: (line) => process.stderr.write(`> ${line}\n`),
  });
  if (flags.keep !== true) {
    return printFinal(session.report);
  }
  process.stdout.write(`${formatDemoReport(session.report)}\n\n`);
  const sandbox = session.sandbox;
  if (sandbox !== undefined) {
    process.stdout.write(
      [
        "The sandbox keeps running, with the stack applied. In another shell, explore it with the CLI:",
        ...Object.entries(sandbox.env).map(([name, value]) => `  export ${name}='${value}'`),
        "  npm run cli -- status --help",
        `  npm run cli -- sandbox-apply --stack '${session.stackDir ?? ""}' --destroy   # or let Ctrl-C do it`,
        "(the token is the sandbox's own random value, not a Snyk token)",
        "Press Ctrl-C to destroy the stack and stop the sandbox.",
        "",
      ].join("\n"),
    );
  }
  // The first signal starts the teardown; later ones (Ctrl-C also reaches npm and scripts/start.mjs, which
  // forwards it) must not kill the process half-way through the destroy.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.on("SIGINT", () => resolve("SIGINT"));
    process.on("SIGTERM", () => resolve("SIGTERM"));
  });
  process.stderr.write(`> ${signal}: tearing down\n`);
  return printFinal(await session.teardown());
}

function printFinal(report: DemoReport): number {
  process.stdout.write(`${formatDemoReport(report)}\n`);
  if (report.leftovers !== undefined && report.leftovers.length > 0) {
    process.stderr.write(
      `snyk-eventbridge demo: the destroy left ${report.leftovers.length} thing(s) behind (see above).\n`,
    );
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`snyk-eventbridge demo failed: ${message}\n`);
    process.exitCode = ValidationError.isValidationError(error) ? 2 : 1;
  },
);
