import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { uniqueName } from "../private/names";
import { assumeRolePolicy, policyDocument } from "../policy-statement";
import type { IRule, IRuleTarget, RuleTargetConfig } from "../rule-target";
import { bindBaseTargetConfig, validateTargetBaseProps, type TargetBaseProps } from "./target-base-props";

/** An event bus, as targets see it (a `CloudwatchEventBus` from `@cdktf/provider-aws/lib/cloudwatch-event-bus` fits). */
export interface IEventBusRef {
  /** The bus ARN (it may be in another account, for a central security bus). */
  readonly arn: string;
}

/** Props of {@link EventBusTarget}. */
export type EventBusTargetProps = TargetBaseProps;

/**
 * Forwards matched events to another event bus, for example a central security bus. EventBridge delivers with
 * a role allowed `events:PutEvents` on that bus only. A bus in another account must also allow this account
 * in its own bus policy.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 */
export class EventBusTarget implements IRuleTarget {
  constructor(
    private readonly bus: IEventBusRef,
    private readonly props: EventBusTargetProps = {},
  ) {
    validateTargetBaseProps("EventBusTarget", props);
  }

  public bind(rule: IRule, id: string): RuleTargetConfig {
    const base = bindBaseTargetConfig(rule, id, this.props);
    const scope = new Construct(rule, `${id}Role`);
    const role = new IamRole(scope, "Resource", {
      name: uniqueName(scope, "snyk-events-", 64),
      assumeRolePolicy: assumeRolePolicy("events.amazonaws.com"),
    });
    const policy = new IamRolePolicy(scope, "Policy", {
      role: role.name,
      name: "put-events",
      policy: policyDocument([{ Action: "events:PutEvents", Resource: this.bus.arn }]),
    });
    return { ...base, arn: this.bus.arn, roleArn: role.arn, dependsOn: [...(base.dependsOn ?? []), policy] };
  }
}
