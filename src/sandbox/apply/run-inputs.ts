import { ValidationError } from "../../errors";
import type { Value } from "./expression-eval";
import { evaluate } from "./expression-eval";
import type { ConfigNode } from "./stack-config";

/* What a run takes from outside the configuration: variable values, the endpoint it may talk to, and the
   dependencies it keeps in the state for a later destroy. */

/**
 * An input variable's value as Terraform finds it without a tfvars file: `TF_VAR_<name>` from the environment
 * of the apply (parsed as JSON for non-string types), else the declared default.
 */
export function variableValue(node: ConfigNode, env: Readonly<Record<string, string | undefined>>): Value {
  const fromEnv = env[`TF_VAR_${node.name}`];
  const type = node.variable?.type ?? "string";
  if (fromEnv !== undefined) {
    if (type === "string") {
      return fromEnv;
    }
    try {
      return JSON.parse(fromEnv) as Value;
    } catch (error) {
      throw new ValidationError(
        `TF_VAR_${node.name} must be JSON for a variable of type ${type}.`,
        [{ field: `TF_VAR_${node.name}`, rule: `must be JSON of type ${type}` }],
        { cause: error },
      );
    }
  }
  if (node.variable?.hasDefault === true) {
    return evaluate(node.body, { lookup: () => null }, node.address);
  }
  throw new ValidationError(
    `${node.address} has no value. Set TF_VAR_${node.name} in the environment of the apply (as for terraform ` +
      "apply), or give the variable a default. Nothing was applied.",
    [{ field: node.address, rule: `needs a value: set TF_VAR_${node.name}` }],
  );
}

/**
 * The harness records what it cannot simulate instead of creating it, so pointed at real AWS it would leave
 * a half-applied stack and a state file that lies. It therefore only talks to an endpoint on loopback.
 */
export function checkLoopback(endpoint: string | undefined): void {
  if (endpoint === undefined) {
    return;
  }
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch (error) {
    throw new ValidationError(
      `sandbox.eventBridgeEndpoint ${JSON.stringify(endpoint)} is not a URL.`,
      [{ field: "sandbox.eventBridgeEndpoint", rule: "must be a URL", value: endpoint }],
      { cause: error },
    );
  }
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) {
    throw new ValidationError(
      `sandbox.eventBridgeEndpoint ${JSON.stringify(endpoint)} is not on loopback. The sandbox apply harness is a ` +
        "test and demo tool that only applies to the local sandbox; deploy to AWS with cdktf deploy (Terraform).",
      [
        {
          field: "sandbox.eventBridgeEndpoint",
          rule: "must be a loopback URL (127.0.0.1, localhost, ::1)",
          value: endpoint,
        },
      ],
    );
  }
}

/**
 * The managed resources a node depends on, directly or through locals, data sources and variables: what the
 * state keeps so that a later destroy can order deletions without the configuration.
 */
export function resourceDependencies(node: ConfigNode, nodes: ReadonlyMap<string, ConfigNode>): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (addresses: readonly string[]): void => {
    for (const address of addresses) {
      const dependency = nodes.get(address);
      if (seen.has(address) || dependency === undefined) {
        continue;
      }
      seen.add(address);
      if (dependency.mode === "managed") {
        found.add(address);
      } else {
        visit(dependency.dependencies);
      }
    }
  };
  visit(node.dependencies);
  return [...found].sort();
}

/** Environment variables whose values must never appear in progress output or errors. */
const SECRET_VARIABLES = [
  "SNYK_TOKEN",
  "SNYK_OAUTH_TOKEN",
  "SNYK_CLIENT_SECRET",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
];

/**
 * Builds a function that hides the run's secrets (the token and AWS keys of the apply's environment and the
 * `secrets` values) in text: defence in depth for provisioner and handler output, which the harness reports
 * but does not control.
 */
export function redactor(
  env: Readonly<Record<string, string | undefined>>,
  secrets: Readonly<Record<string, string>> | undefined,
): (text: string) => string {
  const values = [...SECRET_VARIABLES.map((name) => env[name]), ...Object.values(secrets ?? {})]
    .filter((value): value is string => value !== undefined && value.length >= 8)
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((result, value) => result.split(value).join("[redacted]"), text);
}

/** The same error with its message and stack redacted (errors from provisioners quote their output). */
export function redacted(error: unknown, redact: (text: string) => string): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack !== undefined) {
      error.stack = redact(error.stack);
    }
  }
  return error;
}
