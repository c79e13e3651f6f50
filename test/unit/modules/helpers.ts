import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { SnykEventBridgeIntegrationProps } from "../../../modules/integration";
import { SnykEventType } from "../../../src/consts";

/** A Snyk org and group ID in UUID form. */
export const ORG_ID = "0f0e0d0c-1111-4222-8333-444455556666";
export const GROUP_ID = "9a9b9c9d-1111-4222-8333-444455556666";

/** The smallest valid props of an issues integration. */
export function issuesProps(overrides: Partial<SnykEventBridgeIntegrationProps> = {}): SnykEventBridgeIntegrationProps {
  return { orgId: ORG_ID, groupId: GROUP_ID, name: "platform-issues", eventType: SnykEventType.ISSUES, ...overrides };
}

/** A stack with an AWS provider, as users write it. */
export function newStack(id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** The synthesized configuration, with validations on. */
export interface Synthesized {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: string; description?: string }>;
  readonly terraform: Record<string, unknown>;
}

/** Synthesizes `stack` with validations on and parses the JSON. */
export function synth(stack: TerraformStack): Synthesized {
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

/** Every resource of `type`, by logical ID. */
export function resources(config: Synthesized, type: string): Record<string, Record<string, unknown>> {
  return config.resource[type] ?? {};
}

/** The one resource of `type` whose logical ID contains `fragment`. */
export function resourceNamed(config: Synthesized, type: string, fragment: string): [string, Record<string, unknown>] {
  const matches = Object.entries(resources(config, type)).filter(([id]) => id.includes(fragment));
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} named like ${fragment}, found ${matches.map(([id]) => id).join(", ") || "none"}`,
    );
  }
  return matches[0];
}

/** A policy statement as the tests read it back. */
export interface DecodedStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: { readonly Service?: string | string[] };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/**
 * Reads back a value rendered as `${jsonencode({...})}`: the HCL object syntax becomes JSON, and bare references
 * such as `aws_sns_topic.x.arn` become the strings `"${aws_sns_topic.x.arn}"`.
 */
export function decodeJsonencode(value: unknown): unknown {
  const text = String(value);
  const match = /^\$\{jsonencode\((.*)\)\}$/s.exec(text);
  if (match === null) {
    throw new Error(`not a jsonencode expression: ${text.slice(0, 80)}`);
  }
  const json = match[1]
    .replace(/" = /g, '": ')
    .replace(/([:[,]\s*)((?:data\.)?[a-z_]+\.[A-Za-z0-9_]+\.[a-z_]+)(?=\s*[,}\]])/g, '$1"${$2}"');
  return JSON.parse(json);
}

/** The statements of a policy document rendered through `jsonencode`. */
export function statementsOf(value: unknown): DecodedStatement[] {
  return (decodeJsonencode(value) as { Statement: DecodedStatement[] }).Statement;
}
