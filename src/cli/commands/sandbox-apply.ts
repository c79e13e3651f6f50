import { CLI_NAME, ENV } from "../../consts";
import { ValidationError } from "../../errors";
import type { ApplyEvent } from "../../sandbox/apply";
import { integerFlag, parseFlags } from "../cli-flags";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";

const FLAGS = {
  stack: { type: "string" },
  destroy: { type: "boolean" },
  json: { type: "boolean" },
  "account-id": { type: "string" },
  region: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  "step-timeout-seconds": { type: "string" },
} as const;

/** `sandbox-apply`: apply (or destroy) a synthesized stack to the local sandbox. */
const command: Command = {
  help: `Usage: ${CLI_NAME} sandbox-apply --stack DIR [--destroy] [--json] [--account-id ID] [--region R] [--quiet]
         [--step-timeout-seconds N]

Applies a stack synthesized by cdktf (DIR = cdktf.out/stacks/<stack>, holding cdk.tf.json and assets/) to the
local sandbox the way Terraform would, or destroys it with --destroy. THIS IS A TEST AND DEMO TOOL, NOT A
TERRAFORM REPLACEMENT: it understands only the resource types, data sources and functions this project's
constructs emit, refuses anything else before doing anything, and talks only to the sandbox on loopback.
To deploy for real, use 'cdktf deploy' (Terraform >= 1.4) with AWS credentials and SNYK_TOKEN.

What it does: orders resources by their references and depends_on, resolves \${...} expressions (references,
interpolation, jsonencode, jsondecode, lookup), runs terraform_data local-exec provisioners through /bin/sh in
DIR with this process's environment plus their own, feeds aws_lambda_invocation CRUD payloads to the bundled
handler, creates EventBridge buses, rules and targets in the sandbox's EventBridge simulator through the AWS
SDK, and records what the sandbox cannot run (SNS, SQS, Logs, Lambda, IAM, Secrets Manager, API destinations)
with ARNs in AWS's formats. State is kept in DIR/sandbox-apply.tfstate.json, so --destroy works later from
another shell. Destroy runs in reverse order, with destroy-time provisioners.

Start the sandbox first ('${CLI_NAME} sandbox') and export the environment it prints.

Options:
  --stack DIR                  the synthesized stack directory (required)
  --destroy                    destroy what an earlier apply of DIR created
  --json                       print the result as JSON on stdout (progress stays on stderr)
  --account-id ID              the sandbox's account (default: asked from the sandbox's STS endpoint)
  --region R                   the sandbox's region (default: AWS_REGION)
  --quiet, -q                  no progress on stderr
  --step-timeout-seconds N     limit for one provisioner command (default 300)

Environment:
  AWS_ENDPOINT_URL_EVENTBRIDGE the sandbox's EventBridge endpoint (required; must be on loopback)
  AWS_ENDPOINT_URL_STS         where to ask for the account when --account-id is not given
  AWS_REGION                   the sandbox's region
  SNYK_TOKEN, SNYK_API_URL     passed to provisioners, as 'terraform apply' would

Exit codes:
  0  applied (or destroyed)
  1  a step failed (the state file records what was done; run again, or --destroy)
  2  invalid flags, or a stack the harness does not understand (nothing was applied)

Examples:
  ${CLI_NAME} sandbox-apply --stack cdktf.out/stacks/snyk-eventbridge
  ${CLI_NAME} sandbox-apply --stack cdktf.out/stacks/snyk-eventbridge --destroy --json
`,
  run: async (context) => {
    const flags = parseFlags("sandbox-apply", context.argv, FLAGS);
    if (flags.stack === undefined) {
      throw new ValidationError("--stack DIR is required (the directory holding cdk.tf.json).", [
        { field: "--stack", rule: "is required" },
      ]);
    }
    const endpoint = context.env[ENV.AWS_ENDPOINT_URL_EVENTBRIDGE];
    if (endpoint === undefined || endpoint === "") {
      throw new ValidationError(
        `${ENV.AWS_ENDPOINT_URL_EVENTBRIDGE} is not set. Start '${CLI_NAME} sandbox' and export ` +
          "the environment it prints.",
        [{ field: ENV.AWS_ENDPOINT_URL_EVENTBRIDGE, rule: "is required" }],
      );
    }
    const region = flags.region ?? context.env[ENV.AWS_REGION];
    if (region === undefined || region === "") {
      throw new ValidationError(`pass --region or set ${ENV.AWS_REGION} to the sandbox's region.`, [
        { field: "--region", rule: "is required when AWS_REGION is not set" },
      ]);
    }
    const timeoutSeconds = integerFlag("step-timeout-seconds", flags["step-timeout-seconds"], 1, 86_400);
    const accountId = flags["account-id"] ?? (await askAccount(context.env, region, context.signal));
    const { applyStack, destroyStack } = await import("../../sandbox/apply");
    const onEvent = (event: ApplyEvent): void => {
      if (flags.quiet !== true) {
        context.stderr.write(`${describe(event)}\n`);
      }
    };
    const options = {
      stackDir: flags.stack,
      sandbox: { accountId, region, eventBridgeEndpoint: endpoint },
      env: context.env,
      onEvent,
      signal: context.signal,
      stepTimeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    };
    const applied = flags.destroy === true ? undefined : await applyStack(options);
    const result = applied ?? (await destroyStack(options));
    if (flags.json === true) {
      context.stdout.write(`${JSON.stringify(result)}\n`);
      return ExitCode.OK;
    }
    const counts = new Map<string, number>();
    for (const change of result.changes) {
      counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
    }
    const summary = [...counts].map(([action, count]) => `${count} ${action}`).join(", ") || "nothing to do";
    context.stdout.write(
      `${flags.destroy === true ? "Destroyed" : "Applied"} ${flags.stack} in the sandbox: ${summary} ` +
        `(${result.durationMs} ms). State: ${result.stateFile}\n`,
    );
    if (applied !== undefined) {
      for (const [name, value] of Object.entries(applied.outputs)) {
        context.stdout.write(`  ${name} = ${JSON.stringify(value)}\n`);
      }
    }
    return ExitCode.OK;
  },
};

function describe(event: ApplyEvent): string {
  const time = event.durationMs === undefined ? "" : ` (${event.durationMs} ms)`;
  return `${event.kind === "warning" ? "warning: " : ""}${event.message}${time}`;
}

async function askAccount(
  env: Readonly<Record<string, string | undefined>>,
  region: string,
  signal: AbortSignal,
): Promise<string> {
  const stsEndpoint = env.AWS_ENDPOINT_URL_STS;
  if (stsEndpoint === undefined || stsEndpoint === "") {
    throw new ValidationError(
      "pass --account-id, or set AWS_ENDPOINT_URL_STS to the sandbox's endpoint so the account " +
        "can be asked from it.",
      [{ field: "--account-id", rule: "is required when AWS_ENDPOINT_URL_STS is not set" }],
    );
  }
  const { createCallerIdentityLookup } = await import("../../aws/caller-identity");
  const accessKeyId = env[ENV.AWS_ACCESS_KEY_ID];
  const secretAccessKey = env[ENV.AWS_SECRET_ACCESS_KEY];
  const identity = await createCallerIdentityLookup({
    region,
    stsEndpoint,
    credentials:
      accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
  })(signal);
  return identity.account;
}

export default command;
