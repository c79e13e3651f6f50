import { Token } from "cdktf";
import { attribute } from "../private/memo";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import {
  allowRuleToSendToQueue,
  bindBaseTargetConfig,
  validateTargetBaseProps,
  type IQueueRef,
  type TargetBaseProps,
} from "./target-base-props";

/** Props of {@link SqsQueueTarget}. */
export interface SqsQueueTargetProps extends TargetBaseProps {
  /**
   * The message group ID, required for FIFO queues.
   * @default - none (standard queue)
   */
  readonly messageGroupId?: string;
}

/**
 * Sends matched events to an SQS queue. The queue's policy (one `aws_sqs_queue_policy` per queue, shared by
 * every rule and dead-letter use) lets EventBridge send, limited to the rule's ARN with `aws:SourceArn`.
 */
export class SqsQueueTarget implements IRuleTarget {
  constructor(
    private readonly queue: IQueueRef,
    private readonly props: SqsQueueTargetProps = {},
  ) {
    const group = props.messageGroupId;
    validateTargetBaseProps(
      "SqsQueueTarget",
      props,
      group !== undefined && !Token.isUnresolved(group) && !/^[\x21-\x7e]{1,128}$/.test(group)
        ? [{ field: "messageGroupId", rule: "must be 1-128 printable ASCII characters", value: group }]
        : [],
    );
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    return {
      ...base,
      arn: attribute(this.queue, "arn"),
      sqsMessageGroupId: this.props.messageGroupId,
      dependsOn: [...(base.dependsOn ?? []), ...allowRuleToSendToQueue(rule, id, this.queue, "Send")],
    };
  }
}
