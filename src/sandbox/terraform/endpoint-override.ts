import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../errors";
import type { AwsProviderConfiguration } from "./aws-provider-configs";
import { readAwsProviderUsage } from "./aws-provider-configs";

/** The override file the runner writes into a stack directory (Terraform merges `*_override.tf.json` last). */
export const ENDPOINT_OVERRIDE_FILE = "snyk_eventbridge_sandbox_override.tf.json";

/**
 * The AWS services the project's stacks use, by their key in the AWS provider's `endpoints` block (valid in
 * hashicorp/aws 5.x and 6.x): what the sandbox serves.
 */
export const SANDBOX_AWS_SERVICES = ["events", "sts", "iam", "sns", "sqs", "logs", "lambda", "secretsmanager"] as const;

/** What {@link writeEndpointOverride} wrote. */
export interface EndpointOverride {
  /** The override file's path, or `undefined` when the stack declares no AWS provider configuration. */
  readonly file?: string;
  /** The configurations it points at the sandbox, as Terraform names them: `aws`, `aws.west`. */
  readonly configurations: readonly string[];
  /** The endpoint every service of {@link SANDBOX_AWS_SERVICES} is pointed at. */
  readonly endpoint: string;
}

/**
 * Writes {@link ENDPOINT_OVERRIDE_FILE} into `stackDir`: for every configuration of the AWS provider the root
 * module declares (the default and each alias, read from the configuration itself), the endpoint of each
 * service in {@link SANDBOX_AWS_SERVICES} and `skip_metadata_api_check`, so that the provider talks to the
 * sandbox only and never asks an instance metadata service. It is JSON, written with `JSON.stringify`; the only
 * values in it are the endpoint (a checked loopback URL) and the aliases found, each escaped so that Terraform
 * reads them as literal text. Credentials are not in it: they come from the environment of the run. A stack
 * that declares no AWS provider block gets no override file (a stale one is removed).
 *
 * @throws ValidationError when `endpoint` is not an http(s) URL on loopback, or a configuration file is unreadable
 */
export function writeEndpointOverride(stackDir: string, endpoint: string): EndpointOverride {
  const checked = loopbackEndpoint(endpoint);
  const { configurations } = readAwsProviderUsage(stackDir);
  const file = join(stackDir, ENDPOINT_OVERRIDE_FILE);
  if (configurations.length === 0) {
    rmSync(file, { force: true });
    return { configurations: [], endpoint: checked };
  }
  const endpoints = Object.fromEntries(SANDBOX_AWS_SERVICES.map((service) => [service, literal(checked)]));
  const byName = new Map<string, object[]>();
  for (const configuration of configurations) {
    const blocks = byName.get(configuration.localName) ?? [];
    blocks.push({
      ...(configuration.alias === undefined ? {} : { alias: literal(configuration.alias) }),
      endpoints: [endpoints],
      // A string in hashicorp/aws 5.x and 6.x.
      skip_metadata_api_check: "true",
    });
    byName.set(configuration.localName, blocks);
  }
  const document = {
    "//":
      "Written by snyk-eventbridge's sandbox runner: points the AWS provider at the local sandbox. " +
      "Delete this file before applying the stack to AWS.",
    provider: Object.fromEntries(byName),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return { file, configurations: configurations.map(configurationName), endpoint: checked };
}

/** Terraform's name of a provider configuration: `aws` or `aws.west`. */
export function configurationName(configuration: AwsProviderConfiguration): string {
  return configuration.alias === undefined
    ? configuration.localName
    : `${configuration.localName}.${configuration.alias}`;
}

/**
 * The endpoint as a normalised URL, refusing anything off loopback: the runner exists to apply stacks to the
 * local sandbox, and a mistyped endpoint must not send a stack's calls elsewhere.
 */
export function loopbackEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new ValidationError(
      `the sandbox AWS endpoint ${JSON.stringify(endpoint)} is not a URL; use the awsEndpoint the sandbox printed.`,
      [{ field: "awsEndpoint", rule: "must be a URL", value: endpoint }],
      { cause: error },
    );
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) || /^127\./.test(url.hostname);
  if (!loopback || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ValidationError(
      `the sandbox AWS endpoint ${JSON.stringify(endpoint)} is not an http(s) URL on loopback. The Terraform ` +
        "runner only applies stacks to the local sandbox; apply to AWS with terraform or cdktf deploy directly.",
      [{ field: "awsEndpoint", rule: "must be an http(s) URL on 127.0.0.1, localhost or [::1]", value: endpoint }],
    );
  }
  return url.href.replace(/\/$/, "");
}

/** Text that Terraform's JSON syntax reads literally: template sequences escaped. */
function literal(text: string): string {
  return text.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
