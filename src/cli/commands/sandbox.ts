import { CLI_NAME } from "../../consts";
import { ValidationError } from "../../errors";
import { SNYK_API_MODES, type SnykApiMode } from "../../sandbox/snyk-api/routes";
import { integerFlag, parseFlags } from "../cli-flags";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";

const FLAGS = {
  json: { type: "boolean" },
  "snyk-api": { type: "string" },
  token: { type: "string" },
  "source-delay-ms": { type: "string" },
  "snyk-port": { type: "string" },
  "aws-port": { type: "string" },
} as const;

/** `sandbox`: run the Snyk and EventBridge simulators together until SIGINT/SIGTERM. */
const command: Command = {
  help: `Usage: ${CLI_NAME} sandbox [--json] [--snyk-api assumed|documented] [--token T] [--source-delay-ms N]
       [--snyk-port N] [--aws-port N]

Starts the Snyk API simulator and the EventBridge simulator on 127.0.0.1 (Snyk creates partner event sources
in the EventBridge simulator after --source-delay-ms, like the real Snyk does) and prints one line when both
are ready. With --json that line is
  {"snykApiUrl": ..., "awsEndpoint": ..., "env": {"SNYK_API_URL", "SNYK_TOKEN", "AWS_ENDPOINT_URL_EVENTBRIDGE",
   "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_STS"}}
so that another shell can export env and run '${CLI_NAME} reconcile' against the sandbox. Runs until
interrupted (Ctrl-C, SIGTERM), then shuts both simulators down. A test and demo tool: nothing leaves loopback.

Options:
  --json                print the ready line as JSON
  --snyk-api MODE       what the Snyk simulator serves on the registrations resource: assumed (default; the
                        EventBridge registration the cloud-events profile assumes) or documented (only what
                        Snyk documents: the EventBridge registration, its rename and its read by ID are refused,
                        as a real API would refuse them; the existing profile works)
  --token T             the token the Snyk simulator accepts (a sandbox value, not a real Snyk token;
                        default: a random one)
  --source-delay-ms N   delay before a partner source appears (default 2000)
  --snyk-port N         Snyk simulator port (default: a free port)
  --aws-port N          EventBridge simulator port (default: a free port)

Exit codes:
  0  stopped by a signal after a clean shutdown
  1  a simulator failed to start (for example the port is in use)
  2  invalid flags

Example:
  ${CLI_NAME} sandbox --source-delay-ms 500
  # then in another shell, paste the 'export ...' part of the ready line and run
  ${CLI_NAME} reconcile --spec spec.json
`,
  run: async (context) => {
    const flags = parseFlags("sandbox", context.argv, FLAGS);
    const sourceDelayMs = integerFlag("source-delay-ms", flags["source-delay-ms"], 0, 3_600_000);
    const snykPort = integerFlag("snyk-port", flags["snyk-port"], 0, 65535);
    const awsPort = integerFlag("aws-port", flags["aws-port"], 0, 65535);
    const snykApi = snykApiFlag(flags["snyk-api"]);
    const { startSandbox } = await import("../../sandbox/sandbox");
    const sandbox = await startSandbox({ token: flags.token, sourceDelayMs, snykPort, awsPort, snykApi });
    try {
      const ready = { snykApiUrl: sandbox.snykApiUrl, awsEndpoint: sandbox.awsEndpoint, env: sandbox.env };
      if (flags.json === true) {
        context.stdout.write(`${JSON.stringify(ready)}\n`);
      } else {
        const exports = Object.entries(sandbox.env)
          .map(([name, value]) => `export ${name}=${shellQuote(value)}`)
          .join("; ");
        context.stdout.write(
          `Sandbox ready (Snyk ${sandbox.snykApiUrl}, EventBridge ${sandbox.awsEndpoint}): ${exports}\n`,
        );
      }
      await untilAborted(context.signal);
      return ExitCode.OK;
    } finally {
      await sandbox.close();
      context.stderr.write("Sandbox stopped.\n");
    }
  },
};

function snykApiFlag(value: string | undefined): SnykApiMode | undefined {
  if (value === undefined || (SNYK_API_MODES as readonly string[]).includes(value)) {
    return value as SnykApiMode | undefined;
  }
  throw new ValidationError(`--snyk-api must be one of ${SNYK_API_MODES.join(", ")} (got ${JSON.stringify(value)}).`, [
    { field: "--snyk-api", rule: `must be one of ${SNYK_API_MODES.join(", ")}`, value },
  ]);
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

export default command;
