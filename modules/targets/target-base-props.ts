import { Token, type ITerraformDependable } from "cdktf";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { ValidationError, type ValidationIssue } from "../../src/errors";
import type { Duration } from "../duration";
import { attribute } from "../private/memo";
import { AggregatedPolicy } from "../private/resource-policy";
import type { IRule, RuleTargetConfig } from "../rule-target";
import type { RuleTargetInput } from "../rule-target-input";

/** An SQS queue, as targets see it (an `SqsQueue` from `@cdktf/provider-aws/lib/sqs-queue` fits). */
export interface IQueueRef {
  /** The queue ARN. */
  readonly arn: string;
  /** The queue URL. */
  readonly url: string;
}

/** Settings every target takes. */
export interface TargetBaseProps {
  /**
   * An SQS queue for events EventBridge could not deliver after its retries. The queue's policy gets a
   * statement that lets this rule send to it.
   * @default - undeliverable events are dropped
   */
  readonly deadLetterQueue?: IQueueRef;
  /**
   * How long EventBridge keeps retrying an event (60 seconds to 24 hours).
   * @default - 24 hours
   */
  readonly maxEventAge?: Duration;
  /**
   * How many times EventBridge retries a failed delivery (0 to 185).
   * @default - 185
   */
  readonly retryAttempts?: number;
  /**
   * What the target receives: a constant, part of the event, or a template with event fields.
   * @default - the whole event
   */
  readonly input?: RuleTargetInput;
}

/**
 * Checks {@link TargetBaseProps} when the target is created (literal values only).
 * @internal
 */
export function validateTargetBaseProps(what: string, props: TargetBaseProps, extra: ValidationIssue[] = []): void {
  const issues = [...extra];
  const retries = props.retryAttempts;
  if (
    retries !== undefined &&
    !Token.isUnresolved(retries) &&
    (!Number.isInteger(retries) || retries < 0 || retries > 185)
  ) {
    issues.push({ field: "retryAttempts", rule: "must be a whole number from 0 to 185", value: retries });
  }
  const age = props.maxEventAge?.toSeconds();
  if (age !== undefined && (age < 60 || age > 86400)) {
    issues.push({
      field: "maxEventAge",
      rule: "must be from 60 seconds to 24 hours",
      value: props.maxEventAge?.toString(),
    });
  }
  if (issues.length > 0) {
    throw ValidationError.fromIssues(what, issues);
  }
}

/**
 * Adds an SQS queue policy statement that lets `rule` send messages to `queue`, and returns the policy
 * resource to depend on (none when the queue is not defined in this app).
 * @internal
 */
export function allowRuleToSendToQueue(
  rule: IRule,
  id: string,
  queue: IQueueRef,
  purpose: string,
): ITerraformDependable[] {
  const policy = AggregatedPolicy.of(
    queue,
    rule,
    () => `The SQS queue ${queue.arn}`,
    (scope, document) => {
      return new SqsQueuePolicy(scope, "Resource", { queueUrl: attribute(queue, "url"), policy: document });
    },
  );
  if (policy === undefined) {
    return [];
  }
  policy.addStatement({
    Sid: statementId(rule, id, purpose),
    Principal: { Service: "events.amazonaws.com" },
    Action: "sqs:SendMessage",
    Resource: attribute(queue, "arn"),
    Condition: { ArnEquals: { "aws:SourceArn": rule.ruleArn } },
  });
  return [policy.resource];
}

/**
 * A statement ID unique per rule, target and purpose (Sids must be unique within a policy).
 * @internal
 */
export function statementId(rule: IRule, id: string, purpose: string): string {
  return `${purpose}${rule.node.addr.slice(0, 12)}${id}`.replace(/[^A-Za-z0-9]/g, "");
}

/**
 * The settings every target shares, ready to spread into its {@link RuleTargetConfig}.
 * @internal
 */
export function bindBaseTargetConfig(rule: IRule, id: string, props: TargetBaseProps): Omit<RuleTargetConfig, "arn"> {
  const dlq = props.deadLetterQueue;
  const dependsOn = dlq === undefined ? [] : allowRuleToSendToQueue(rule, id, dlq, "DeadLetter");
  const retrySet = props.retryAttempts !== undefined || props.maxEventAge !== undefined;
  return {
    input: props.input,
    deadLetterArn: dlq === undefined ? undefined : attribute(dlq, "arn"),
    retryPolicy: retrySet
      ? { maximumRetryAttempts: props.retryAttempts, maximumEventAgeInSeconds: props.maxEventAge?.toSeconds() }
      : undefined,
    dependsOn,
  };
}
