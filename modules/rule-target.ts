import type { ITerraformDependable } from "cdktf";
import type { IConstruct } from "constructs";
import type { RuleTargetInput } from "./rule-target-input";

/** A rule that targets bind to. */
export interface IRule extends IConstruct {
  /**
   * The rule's ARN (`arn:aws:events:<region>:<account>:rule/<bus name>/<rule name>` on a partner bus).
   * @attribute
   */
  readonly ruleArn: string;
  /**
   * The rule's name.
   * @attribute
   */
  readonly ruleName: string;
  /** The name of the event bus the rule belongs to. */
  readonly eventBusName: string;
}

/** Retry settings of one target. */
export interface RuleTargetRetryPolicy {
  /**
   * How many times EventBridge retries a failed delivery (0 to 185).
   * @default - 185
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long EventBridge keeps trying, in seconds (60 to 86400).
   * @default - 86400 (24 hours)
   */
  readonly maximumEventAgeInSeconds?: number;
}

/**
 * What a target tells the rule, returned by {@link IRuleTarget.bind}.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
 */
export interface RuleTargetConfig {
  /** The target's ARN. */
  readonly arn: string;
  /**
   * The role EventBridge assumes to deliver (event bus and API destination targets).
   * @default - no role: the target's resource policy lets EventBridge in
   */
  readonly roleArn?: string;
  /**
   * What the target receives.
   * @default - the whole event
   */
  readonly input?: RuleTargetInput;
  /**
   * The SQS queue ARN that receives events EventBridge could not deliver.
   * @default - undeliverable events are dropped after the retries
   */
  readonly deadLetterArn?: string;
  /**
   * Retry settings.
   * @default - EventBridge's defaults (185 attempts over 24 hours)
   */
  readonly retryPolicy?: RuleTargetRetryPolicy;
  /**
   * The message group ID of a FIFO SQS queue target.
   * @default - none
   */
  readonly sqsMessageGroupId?: string;
  /**
   * HTTP settings for API destination targets.
   * @default - none
   */
  readonly httpParameters?: {
    /**
     * Headers sent with every request.
     * @default - none
     */
    readonly headerParameters?: Readonly<Record<string, string>>;
  };
  /**
   * Resources (resource policies, permissions, roles) the target needs before EventBridge can deliver to it;
   * the target resource depends on them.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Something a rule can send events to. `bind` adds what the target needs (resource policies, permissions,
 * roles) and returns its settings, as aws-cdk's `IRuleTarget` does.
 */
export interface IRuleTarget {
  /**
   * Adds what the target needs for `rule` and returns its settings.
   * @param rule the rule that sends events to the target
   * @param id an ID unique among the rule's targets, for naming what the target creates
   */
  bind(rule: IRule, id: string): RuleTargetConfig;
}
