import { Token } from "cdktf";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { policyDocument } from "../policy-statement";
import { attribute } from "../private/memo";
import { stackSingleton } from "../private/stack-singletons";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import { bindBaseTargetConfig, validateTargetBaseProps, type TargetBaseProps } from "./target-base-props";

/** A CloudWatch Logs log group, as targets see it (a `CloudwatchLogGroup` fits). */
export interface ILogGroupRef {
  /** The log group ARN (without the trailing `:*`). */
  readonly arn: string;
  /** The log group name; EventBridge log targets live under `/aws/events/`. */
  readonly name: string;
}

/** Props of {@link LogGroupTarget}. */
export type LogGroupTargetProps = TargetBaseProps;

/** Log groups EventBridge writes to are named under this prefix (the console insists on it too). */
export const EVENTS_LOG_GROUP_PREFIX = "/aws/events/";

/**
 * Writes matched events to a CloudWatch Logs log group named under `/aws/events/`.
 *
 * CloudWatch Logs allows only 10 resource policies per account and region, and a policy holds at most
 * 5,120 characters, so instead of one policy per log group this adds ONE `aws_cloudwatch_log_resource_policy`
 * per stack: it lets EventBridge write to log groups under `/aws/events/`, and only for rules on Snyk partner
 * buses (`aws:SourceArn` like `arn:aws:events:*:*:rule/aws.partner/snyk.io/*`).
 */
export class LogGroupTarget implements IRuleTarget {
  constructor(
    private readonly logGroup: ILogGroupRef,
    private readonly props: LogGroupTargetProps = {},
  ) {
    const name = logGroup.name;
    validateTargetBaseProps(
      "LogGroupTarget",
      props,
      !Token.isUnresolved(name) && !name.startsWith(EVENTS_LOG_GROUP_PREFIX)
        ? [
            {
              field: "logGroup.name",
              rule: `must start with ${EVENTS_LOG_GROUP_PREFIX} for EventBridge to write to it`,
              value: name,
            },
          ]
        : [],
    );
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    const policy = stackSingleton(rule, "SnykEventsLogPolicy", (stack) => {
      return new CloudwatchLogResourcePolicy(stack, "SnykEventsLogPolicy", {
        policyName: `snyk-eventbridge-${stack.node.addr.slice(0, 12)}`,
        policyDocument: policyDocument([
          {
            Sid: "SnykEventBridgeToLogs",
            Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:*:*:log-group:${EVENTS_LOG_GROUP_PREFIX}*:*`,
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:events:*:*:rule/aws.partner/snyk.io/*" } },
          },
        ]),
      });
    });
    return { ...base, arn: attribute(this.logGroup, "arn"), dependsOn: [...(base.dependsOn ?? []), policy] };
  }
}
