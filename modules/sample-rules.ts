import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SnykEventType } from "../src/consts";
import { ValidationError } from "../src/errors";
import type { EventPattern } from "../src/events/event-pattern";
import { allPatterns } from "../src/events/pattern-compose";
import { SnykPatterns } from "../src/events/snyk-patterns";
import { uniqueName } from "./private/names";
import type { Rule, RuleOptions } from "./rule";
import type { IRuleTarget } from "./rule-target";
import { EVENTS_LOG_GROUP_PREFIX, LogGroupTarget, type ILogGroupRef } from "./targets/log-group";
import { SnsTopicTarget, type ITopicRef } from "./targets/sns-topic";
import { SqsQueueTarget } from "./targets/sqs-queue";
import type { IQueueRef, TargetBaseProps } from "./targets/target-base-props";

/** The sample rules and what each one matches. */
export interface SampleRuleDefinition {
  /** The rule's construct ID. */
  readonly id: string;
  /** What the rule is for (also its description). */
  readonly description: string;
  /** The pattern. */
  readonly pattern: EventPattern;
  /** Where it routes: the topic, the queue or the log group. */
  readonly destination: "topic" | "queue" | "logGroup";
}

/**
 * The sample rules of each event type, as data, so they can be tested offline with the pattern matcher and
 * reused in your own stacks.
 */
export function sampleRuleDefinitions(eventType: SnykEventType): readonly SampleRuleDefinition[] {
  if (eventType === SnykEventType.AUDIT) {
    return [
      {
        id: "SensitiveAuditActions",
        description:
          "Snyk audit: role changes, service accounts, SSO, access and policy settings, ignores, deleted integrations",
        pattern: allPatterns(SnykPatterns.fromSnyk(), SnykPatterns.sensitiveAuditActions()),
        destination: "topic",
      },
    ];
  }
  return [
    {
      id: "HighAndCriticalIssues",
      description: "Snyk issues of high or critical severity",
      pattern: allPatterns(SnykPatterns.fromSnyk(), SnykPatterns.severityAtLeast("high")),
      destination: "topic",
    },
    {
      id: "FixAvailableIssues",
      description: "Snyk issues with a fix available",
      pattern: allPatterns(SnykPatterns.fromSnyk(), SnykPatterns.fixAvailable()),
      destination: "queue",
    },
    {
      id: "AllIssues",
      description: "Every Snyk issue event, for the record",
      pattern: allPatterns(SnykPatterns.fromSnyk(), SnykPatterns.issueEvents()),
      destination: "logGroup",
    },
  ];
}

/** Options of the sample rules. */
export interface SampleRulesOptions {
  /**
   * The SNS topic for high and critical issues (issue events) or sensitive actions (audit events).
   * @default - a new SNS topic
   */
  readonly topic?: ITopicRef;
  /**
   * The SQS queue for issues with a fix available.
   * @default - a new SQS queue (issue events only)
   */
  readonly queue?: IQueueRef;
  /**
   * The log group for all issue events; its name must start with `/aws/events/`.
   * @default - a new log group `/aws/events/snyk/<integration construct ID>-<hash>` (issue events only)
   */
  readonly logGroup?: ILogGroupRef;
  /**
   * The dead-letter queue of every sample target: `false` for none.
   * @default - a new SQS queue
   */
  readonly deadLetterQueue?: IQueueRef | false;
  /**
   * How long the new log group keeps events, in days.
   * @default - 30
   */
  readonly logRetentionDays?: number;
  /**
   * Whether the sample rules start enabled.
   * @default - true
   */
  readonly enabled?: boolean;
}

/** What the sample rules attach to. */
export interface ISampleRulesHost {
  /** Adds a rule on the partner bus. */
  addRule(id: string, options: RuleOptions): Rule;
}

/** Props of {@link SampleRules}. */
export interface SampleRulesProps extends SampleRulesOptions {
  /** The integration whose bus gets the rules. */
  readonly integration: ISampleRulesHost;
  /** The integration's event type: it decides which sample rules exist. */
  readonly eventType: SnykEventType;
}

/**
 * Ready-made rules that show the integration working: for issue events, high and critical issues to an SNS
 * topic, issues with a fix to an SQS queue, every issue to a log group; for audit events, sensitive actions to
 * an SNS topic. Turn them off with `sampleRules: false`, or route them to your own resources with options.
 */
export class SampleRules extends Construct {
  /** The rules, by ID (see {@link sampleRuleDefinitions}). */
  public readonly rules: Readonly<Record<string, Rule>>;
  /** The topic the rules publish to. */
  public readonly topic: ITopicRef;
  /** The queue, for issue events. */
  public readonly queue?: IQueueRef;
  /** The log group, for issue events. */
  public readonly logGroup?: ILogGroupRef;
  /** The dead-letter queue of the targets, unless turned off. */
  public readonly deadLetterQueue?: IQueueRef;

  constructor(scope: Construct, id: string, props: SampleRulesProps) {
    super(scope, id);
    const retention = props.logRetentionDays;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1)) {
      throw ValidationError.fromIssues(`SampleRules ${this.node.path}`, [
        { field: "sampleRules.logRetentionDays", rule: "must be a whole number of days, 1 or more", value: retention },
      ]);
    }
    const definitions = sampleRuleDefinitions(props.eventType);
    const uses = (destination: SampleRuleDefinition["destination"]): boolean =>
      definitions.some((definition) => definition.destination === destination);
    // Names follow the integration's ID (the parent), so that several integrations' resources tell apart.
    const owner = this.node.scope ?? this;
    this.topic = props.topic ?? new SnsTopic(this, "Topic", { name: uniqueName(owner, "snyk-", 256) });
    if (uses("queue")) {
      this.queue = props.queue ?? new SqsQueue(this, "Queue", { name: uniqueName(owner, "snyk-fixable-", 80) });
    }
    if (uses("logGroup")) {
      this.logGroup =
        props.logGroup ??
        new CloudwatchLogGroup(this, "LogGroup", {
          name: `${EVENTS_LOG_GROUP_PREFIX}snyk/${uniqueName(owner, "", 200)}`,
          retentionInDays: retention ?? 30,
        });
    }
    if (props.deadLetterQueue !== false) {
      this.deadLetterQueue =
        props.deadLetterQueue ?? new SqsQueue(this, "DeadLetterQueue", { name: uniqueName(owner, "snyk-dlq-", 80) });
    }
    const base: TargetBaseProps = { deadLetterQueue: this.deadLetterQueue };
    const rules: Record<string, Rule> = {};
    for (const definition of definitions) {
      rules[definition.id] = props.integration.addRule(definition.id, {
        pattern: definition.pattern,
        description: definition.description,
        enabled: props.enabled,
        targets: [this.targetFor(definition.destination, base)],
      });
    }
    this.rules = rules;
  }

  private targetFor(destination: SampleRuleDefinition["destination"], base: TargetBaseProps): IRuleTarget {
    switch (destination) {
      case "topic":
        return new SnsTopicTarget(this.topic, base);
      case "queue":
        return new SqsQueueTarget(this.queue as IQueueRef, base);
      case "logGroup":
        return new LogGroupTarget(this.logGroup as ILogGroupRef, base);
    }
  }
}
