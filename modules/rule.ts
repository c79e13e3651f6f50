import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { ValidationError, type ValidationIssue } from "../src/errors";
import type { EventPattern } from "../src/events/event-pattern";
import { validateTargetInput } from "../src/events/input-transformer";
import type { IEventBus } from "./partner-event-bus";
import { uniqueName } from "./private/names";
import { eventPatternJson, patternProblems } from "./private/pattern-json";
import type { IRule, IRuleTarget, RuleTargetConfig } from "./rule-target";

/** EventBridge's limit of targets per rule. */
export const MAX_TARGETS_PER_RULE = 5;

/** Options of a rule, as `addRule` takes them. */
export interface RuleOptions {
  /** The events the rule matches, built with the event-model builders (`Match`, the Snyk pattern helpers). */
  readonly pattern: EventPattern;
  /**
   * Where matched events go (at most 5); more can be added with `addTarget`.
   * @default - no targets yet
   */
  readonly targets?: IRuleTarget[];
  /**
   * A description (at most 512 characters).
   * @default - no description
   */
  readonly description?: string;
  /**
   * Whether the rule is enabled.
   * @default - true
   */
  readonly enabled?: boolean;
  /**
   * The rule's name (at most 64 characters: letters, digits, . - _), unique on the bus.
   * @default - derived from the construct ID and path
   */
  readonly ruleName?: string;
}

/** Props of {@link Rule}. */
export interface RuleProps extends RuleOptions {
  /** The bus the rule belongs to. */
  readonly eventBus: IEventBus;
  /**
   * References whose change replaces the rule and its targets (`replace_triggered_by`).
   * @default - none
   */
  readonly replaceTriggeredBy?: string[];
}

/**
 * An EventBridge rule on a bus with its targets, in the style of aws-cdk's `Rule`: targets `bind` and add
 * the policies they need, and each `aws_cloudwatch_event_target` depends on those policies. The pattern is
 * checked with the event-model validator when the stack is synthesized.
 */
export class Rule extends Construct implements IRule {
  /** The rule ARN. */
  public readonly ruleArn: string;
  /** The rule name. */
  public readonly ruleName: string;
  /** The name of the bus the rule belongs to. */
  public readonly eventBusName: string;
  /** The underlying `aws_cloudwatch_event_rule`. */
  public readonly resource: CloudwatchEventRule;
  /** The event pattern. */
  public readonly pattern: EventPattern;

  private readonly targets: CloudwatchEventTarget[] = [];
  private readonly targetIds = new Set<string>();
  private readonly replaceTriggeredBy?: string[];

  constructor(scope: Construct, id: string, props: RuleProps) {
    super(scope, id);
    Rule.validateProps(this.node.path, props);
    this.pattern = props.pattern;
    this.eventBusName = props.eventBus.eventBusName;
    this.replaceTriggeredBy = props.replaceTriggeredBy;
    this.resource = new CloudwatchEventRule(this, "Resource", {
      name: props.ruleName ?? uniqueName(this, "", 64),
      eventBusName: props.eventBus.eventBusName,
      eventPattern: eventPatternJson(props.pattern),
      description: props.description,
      state: props.enabled === false ? "DISABLED" : "ENABLED",
      lifecycle: this.replaceTriggeredBy === undefined ? undefined : { replaceTriggeredBy: this.replaceTriggeredBy },
    });
    this.ruleArn = this.resource.arn;
    this.ruleName = this.resource.name;
    this.node.addValidation({ validate: () => this.validateRule() });
    for (const target of props.targets ?? []) {
      this.addTarget(target);
    }
  }

  /**
   * Sends matched events to `target` as well. The target's `bind` adds what it needs; the
   * `aws_cloudwatch_event_target` depends on it.
   * @param id names the target (its `target_id`); defaults to `Target<n>`
   */
  public addTarget(target: IRuleTarget, id?: string): CloudwatchEventTarget {
    const targetId = id ?? `Target${this.targets.length}`;
    if (!Token.isUnresolved(targetId) && !/^[.\-_A-Za-z0-9]{1,64}$/.test(targetId)) {
      throw ValidationError.fromIssues(`Rule ${this.node.path}`, [
        { field: "addTarget(id)", rule: "must be 1-64 characters of letters, digits, . - _", value: targetId },
      ]);
    }
    if (this.targetIds.has(targetId)) {
      throw ValidationError.fromIssues(`Rule ${this.node.path}`, [
        { field: "addTarget(id)", rule: "must be unique among the rule's targets", value: targetId },
      ]);
    }
    this.targetIds.add(targetId);
    const config = target.bind(this, targetId);
    const resource = new CloudwatchEventTarget(
      this,
      targetId,
      renderTarget(this, targetId, config, this.replaceTriggeredBy),
    );
    this.targets.push(resource);
    return resource;
  }

  private validateRule(): string[] {
    const errors: string[] = [];
    if (this.targets.length > MAX_TARGETS_PER_RULE) {
      errors.push(
        `Rule ${this.node.path} has ${this.targets.length} targets: EventBridge allows at most ${MAX_TARGETS_PER_RULE} per rule; split them over several rules.`,
      );
    }
    for (const problem of patternProblems(this.pattern)) {
      errors.push(`Rule ${this.node.path}: pattern ${problem}`);
    }
    return errors;
  }

  private static validateProps(path: string, props: RuleProps): void {
    const issues: ValidationIssue[] = [];
    const { ruleName, description } = props;
    if (ruleName !== undefined && !Token.isUnresolved(ruleName) && !/^[.\-_A-Za-z0-9]{1,64}$/.test(ruleName)) {
      issues.push({ field: "ruleName", rule: "must be 1-64 characters of letters, digits, . - _", value: ruleName });
    }
    if (description !== undefined && !Token.isUnresolved(description) && description.length > 512) {
      issues.push({ field: "description", rule: "must be at most 512 characters", value: description });
    }
    if (typeof props.pattern !== "object" || props.pattern === null || Object.keys(props.pattern).length === 0) {
      issues.push({
        field: "pattern",
        rule: "must be a non-empty event pattern (EventBridge rejects {})",
        value: props.pattern,
      });
    }
    if ((props.targets?.length ?? 0) > MAX_TARGETS_PER_RULE) {
      issues.push({
        field: "targets",
        rule: `must hold at most ${MAX_TARGETS_PER_RULE} targets`,
        value: props.targets?.length,
      });
    }
    if (issues.length > 0) {
      throw ValidationError.fromIssues(`Rule ${path}`, issues);
    }
  }
}

function renderTarget(
  rule: Rule,
  targetId: string,
  config: RuleTargetConfig,
  replaceTriggeredBy: string[] | undefined,
): ConstructorParameters<typeof CloudwatchEventTarget>[2] {
  const input = config.input?.render() ?? {};
  const problem = validateTargetInput({
    Id: targetId,
    Input: input.input,
    InputPath: input.inputPath,
    InputTransformer: input.inputTransformer,
  });
  if (problem !== undefined && !Token.isUnresolved(JSON.stringify(input))) {
    throw ValidationError.fromIssues(`Target ${targetId} of rule ${rule.node.path}`, [
      { field: "input", rule: `must be what EventBridge accepts: ${problem}` },
    ]);
  }
  const retry = config.retryPolicy;
  const dependsOn: ITerraformDependable[] = config.dependsOn ?? [];
  return {
    rule: rule.ruleName,
    eventBusName: rule.eventBusName,
    targetId,
    arn: config.arn,
    roleArn: config.roleArn,
    input: input.input,
    inputPath: input.inputPath,
    inputTransformer:
      input.inputTransformer === undefined
        ? undefined
        : {
            inputPaths: { ...input.inputTransformer.InputPathsMap },
            inputTemplate: input.inputTransformer.InputTemplate,
          },
    deadLetterConfig: config.deadLetterArn === undefined ? undefined : { arn: config.deadLetterArn },
    retryPolicy:
      retry === undefined
        ? undefined
        : {
            maximumRetryAttempts: retry.maximumRetryAttempts,
            maximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
          },
    sqsTarget: config.sqsMessageGroupId === undefined ? undefined : { messageGroupId: config.sqsMessageGroupId },
    httpTarget:
      config.httpParameters?.headerParameters === undefined
        ? undefined
        : { headerParameters: { ...config.httpParameters.headerParameters } },
    dependsOn: dependsOn.length === 0 ? undefined : dependsOn,
    lifecycle: replaceTriggeredBy === undefined ? undefined : { replaceTriggeredBy },
  };
}
