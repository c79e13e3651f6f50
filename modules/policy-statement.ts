import { Fn } from "cdktf";

/** Who a resource policy statement applies to. */
export interface PolicyPrincipal {
  /**
   * AWS service principals, for example `events.amazonaws.com`.
   * @default - no service principal
   */
  readonly Service?: string | readonly string[];
  /**
   * AWS account or role ARNs.
   * @default - no AWS principal
   */
  readonly AWS?: string | readonly string[];
}

/** Condition operators used by the policies these constructs write (a typed subset of IAM's). */
export interface PolicyConditions {
  /**
   * `ArnEquals`: for example `{ "aws:SourceArn": rule.arn }`.
   * @default - no ArnEquals condition
   */
  readonly ArnEquals?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * `ArnLike`: ARN match with wildcards.
   * @default - no ArnLike condition
   */
  readonly ArnLike?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * `StringEquals`: for example `{ "aws:SourceAccount": accountId }`.
   * @default - no StringEquals condition
   */
  readonly StringEquals?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * One IAM policy statement, typed so that no policy is written as a hand-made JSON string.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
export interface PolicyStatement {
  /**
   * A statement ID, unique in its policy.
   * @default - no Sid
   */
  readonly Sid?: string;
  /**
   * Allow or deny.
   * @default - "Allow"
   */
  readonly Effect?: "Allow" | "Deny";
  /**
   * The principal, for resource policies only.
   * @default - none (identity policies have no principal)
   */
  readonly Principal?: PolicyPrincipal;
  /** The actions allowed, for example `sns:Publish`. */
  readonly Action: string | readonly string[];
  /**
   * The resources the statement covers; required everywhere except in trust policies, which must not have one.
   * @default - no Resource element (trust policies only)
   */
  readonly Resource?: string | readonly string[];
  /**
   * Conditions that must hold.
   * @default - unconditional
   */
  readonly Condition?: PolicyConditions;
}

/**
 * Renders statements as a policy document through Terraform's `jsonencode`, so that ARNs known only at apply
 * time (token references) are filled in by Terraform rather than quoted into a string at synth time.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return Fn.jsonencode({
    Version: "2012-10-17",
    Statement: statements.map((statement) => ({ Effect: "Allow", ...statement })),
  });
}

/** The trust policy that lets an AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return policyDocument([{ Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}
