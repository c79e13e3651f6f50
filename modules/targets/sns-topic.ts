import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { attribute } from "../private/memo";
import { AggregatedPolicy } from "../private/resource-policy";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import { bindBaseTargetConfig, statementId, validateTargetBaseProps, type TargetBaseProps } from "./target-base-props";

/** An SNS topic, as targets see it (an `SnsTopic` from `@cdktf/provider-aws/lib/sns-topic` fits). */
export interface ITopicRef {
  /** The topic ARN. */
  readonly arn: string;
}

/** Props of {@link SnsTopicTarget}. */
export type SnsTopicTargetProps = TargetBaseProps;

/**
 * Sends matched events to an SNS topic. The topic's policy (one `aws_sns_topic_policy` per topic, shared by
 * every rule) lets EventBridge publish, limited to the rule's ARN with `aws:SourceArn`.
 *
 * The policy replaces the topic's whole access policy, as `aws_sns_topic_policy` always does: keep other
 * statements for that topic out of other policy resources.
 */
export class SnsTopicTarget implements IRuleTarget {
  constructor(
    private readonly topic: ITopicRef,
    private readonly props: SnsTopicTargetProps = {},
  ) {
    validateTargetBaseProps("SnsTopicTarget", props);
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    const topicArn = attribute(this.topic, "arn");
    const policy = AggregatedPolicy.of(
      this.topic,
      rule,
      () => `The SNS topic ${topicArn}`,
      (scope, document) => {
        return new SnsTopicPolicy(scope, "Resource", { arn: topicArn, policy: document });
      },
    );
    policy?.addStatement({
      Sid: statementId(rule, id, "Publish"),
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { ArnEquals: { "aws:SourceArn": rule.ruleArn } },
    });
    return {
      ...base,
      arn: topicArn,
      dependsOn: [...(base.dependsOn ?? []), ...(policy === undefined ? [] : [policy.resource])],
    };
  }
}
