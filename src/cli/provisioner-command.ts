import { CLI_NAME, ENV } from "../consts";
import type { IntegrationSpec } from "../provisioner/integration-spec";
import type { ProvisionerDeps } from "../provisioner/provisioner-deps";
import { redactDeep, redactSecrets } from "../redact";
import { parseFlags } from "./cli-flags";
import type { Command, CommandContext } from "./command";
import { ExitCode } from "./exit-codes";
import { createProgressOutput } from "./progress-output";
import { loadSpec } from "./spec-input";

/** What a provisioner verb produced. */
export interface VerbOutcome {
  /** The result object, printed on stdout with `--json`. */
  readonly result: object;
  /** Human-readable lines for stderr. */
  readonly lines: string[];
  /** The exit code. */
  readonly exitCode: ExitCode;
}

/** The flags shared by `reconcile`, `delete`, `status` and `doctor`. */
export const PROVISIONER_FLAGS = {
  spec: { type: "string" },
  "spec-env": { type: "string" },
  json: { type: "boolean" },
  progress: { type: "boolean" },
} as const;

/** Help text shared by the provisioner verbs. */
export function provisionerHelp(verb: string, description: string, exitCodes: string): string {
  return `Usage: ${CLI_NAME} ${verb} (--spec FILE | --spec - | --spec-env NAME) [--json] [--progress]

${description}

Options:
  --spec FILE       the integration spec (JSON); - reads it from standard input
  --spec-env NAME   read the spec JSON from environment variable NAME (the synthesized stacks use ${ENV.SPEC})
  --json            print the result object as JSON on stdout
  --progress        show progress on stderr even when it is not a terminal

Exit codes:
${exitCodes}

Environment:
  ${ENV.SNYK_TOKEN}       the Snyk API token (never pass it as a flag or put it in the spec)
  ${ENV.SNYK_TOKEN_TYPE}  set to bearer when ${ENV.SNYK_TOKEN} is an OAuth access token
  ${ENV.SNYK_OAUTH_TOKEN}  an OAuth access token (sent as bearer)
  ${ENV.SNYK_CLIENT_ID}, ${ENV.SNYK_CLIENT_SECRET}  a service account's OAuth client credentials (access tokens
                   from /oauth2/token, refreshed before they expire); they win over the two above
  ${ENV.SNYK_API_URL}     Snyk API base URL (default https://api.snyk.io; the spec's snykApiUrl wins)
  AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, ...  the AWS SDK's standard chain (the spec's region is used)
  ${ENV.AWS_ENDPOINT_URL_EVENTBRIDGE}  EventBridge endpoint override (the local sandbox)

Spec fields: orgId, groupId, name, eventType (issues|audit), accountId, region, and optional snykApiUrl,
snykApiVersion, profile, partnerSourceName, partnerSourceSuffix, wait (see docs/provisioner.md).

Before the first run, '${CLI_NAME} doctor --spec spec.json' checks that everything needed is in place.

Examples:
  ${CLI_NAME} ${verb} --spec spec.json
  ${CLI_NAME} ${verb} --spec - --json < spec.json
  ${CLI_NAME} ${verb} --spec-env ${ENV.SPEC}
`;
}

/**
 * Builds a verb that loads a spec, builds the real provisioner dependencies and runs `action`. The AWS SDK
 * and the Snyk client load only here, when such a verb runs.
 */
export function provisionerCommand(
  verb: string,
  help: string,
  action: (spec: IntegrationSpec, deps: ProvisionerDeps) => Promise<VerbOutcome>,
): Command {
  return {
    help,
    run: async (context: CommandContext) => {
      const flags = parseFlags(verb, context.argv, PROVISIONER_FLAGS);
      const spec = await loadSpec({ spec: flags.spec, specEnv: flags["spec-env"] }, context);
      const progress = createProgressOutput(context.stderr, flags.progress === true);
      const { createProvisionerDeps } = await import("../provisioner/create-provisioner-deps");
      const deps = createProvisionerDeps(spec, {
        env: context.env,
        signal: context.signal,
        onProgress: progress.report,
      });
      try {
        const outcome = await action(spec, deps);
        progress.finish();
        // Results never hold the token; redacting anyway keeps a profile's surprise from reaching stdout.
        if (flags.json === true) {
          context.stdout.write(`${JSON.stringify(redactDeep(outcome.result), null, 2)}\n`);
        } else {
          context.stderr.write(outcome.lines.map((line) => `${line}\n`).join(""));
        }
        return outcome.exitCode;
      } catch (error) {
        // Every message leaves through the CLI's error printer; strip any registered secret on the way.
        if (error instanceof Error) {
          error.message = redactSecrets(error.message);
        }
        throw error;
      } finally {
        progress.finish();
        await deps.close();
      }
    },
  };
}
