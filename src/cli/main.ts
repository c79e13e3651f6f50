#!/usr/bin/env node
import { version } from "../../package.json";
import { CLI_NAME } from "../consts";
import { SnykEventBridgeError, ValidationError } from "../errors";
import type { CommandContext } from "./command";
import { COMMANDS } from "./commands";
import { ExitCode } from "./exit-codes";

/** Runs the command line and returns its exit code; `main()` below wires it to the real process. */
export async function runCli(context: CommandContext): Promise<number> {
  const [verb, ...rest] = context.argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    const topic = verb === "help" ? rest[0] : undefined;
    if (topic !== undefined) {
      return runCli({ ...context, argv: [topic, "--help"] });
    }
    context.stdout.write(usage());
    return verb === undefined ? ExitCode.INVALID_INPUT : ExitCode.OK;
  }
  if (verb === "--version" || verb === "-V") {
    context.stdout.write(`${version}\n`);
    return ExitCode.OK;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === verb);
  if (entry === undefined) {
    context.stderr.write(
      `${CLI_NAME}: unknown command ${JSON.stringify(verb)}. Run '${CLI_NAME} --help' for the list.\n`,
    );
    return ExitCode.INVALID_INPUT;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    context.stdout.write(command.help);
    return ExitCode.OK;
  }
  try {
    return await command.run({ ...context, argv: rest });
  } catch (error) {
    if (context.signal.aborted && !ValidationError.isValidationError(error)) {
      context.stderr.write(
        `${CLI_NAME} ${verb}: interrupted before it finished; what was done stays done. ` +
          "Run the same command again to finish.\n",
      );
      return ExitCode.FAILED;
    }
    context.stderr.write(`${CLI_NAME} ${verb}: ${describeError(error)}\n`);
    return ValidationError.isValidationError(error) ? ExitCode.INVALID_INPUT : ExitCode.FAILED;
  }
}

function describeError(error: unknown): string {
  if (SnykEventBridgeError.isInstance(error)) {
    return error.message;
  }
  if (error instanceof Error) {
    return `unexpected error: ${error.message}`;
  }
  return `unexpected error: ${String(error)}`;
}

function usage(): string {
  const width = Math.max(10, ...COMMANDS.map((entry) => entry.name.length));
  const verbs = COMMANDS.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.summary}`).join("\n");
  return `${CLI_NAME} ${version}: run a Snyk to Amazon EventBridge integration as code.

Usage:
  ${CLI_NAME} <command> [options]
  ${CLI_NAME} help <command>     show a command's options
  ${CLI_NAME} --version          print the version

Commands:
${verbs}

Exit codes:
  0  success (for status: in sync; for test-pattern: the event matches)
  1  the operation failed (for test-pattern: the event does not match)
  2  invalid input: bad flags, or an invalid spec, pattern or event file
  3  status found drift, or the integration is missing
  (doctor: 0 everything needed is in place, 1 a check failed)

Environment:
  SNYK_TOKEN                    Snyk API token (never pass it as a flag)
  SNYK_TOKEN_TYPE               set to bearer when SNYK_TOKEN is an OAuth access token
  SNYK_OAUTH_TOKEN              an OAuth access token (sent as bearer), as the Snyk CLI reads it
  SNYK_CLIENT_ID, SNYK_CLIENT_SECRET
                                a service account's OAuth client credentials: access tokens are
                                requested from /oauth2/token and refreshed before they expire
  SNYK_API_URL                  Snyk API base URL without /rest (default https://api.snyk.io)
  AWS_REGION, AWS_PROFILE, ...  the AWS SDK's standard credential and region chain
  AWS_ENDPOINT_URL_EVENTBRIDGE  EventBridge endpoint override (for the local sandbox)

Examples:
  SNYK_TOKEN=... ${CLI_NAME} reconcile --spec spec.json
  ${CLI_NAME} status --spec spec.json --json
  ${CLI_NAME} help reconcile
`;
}

async function main(): Promise<void> {
  // The AWS SDK warns on every run under Node 20 (which this tool supports) with nine lines on stderr, where
  // they bury the tool's own output; setting the variable to anything else brings the warning back.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const controller = new AbortController();
  const abort = (): void => controller.abort(new Error("interrupted"));
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  const code = await runCli({
    argv: process.argv.slice(2),
    env: { ...process.env },
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    signal: controller.signal,
  });
  process.exitCode = code;
}

if (require.main === module) {
  void main();
}
