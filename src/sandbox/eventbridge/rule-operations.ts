/** Rules: PutRule, DescribeRule, DeleteRule, EnableRule, DisableRule, ListRules. */
import type { OperationContext, OperationHandler } from "./operation-context";
import { paginate } from "./pagination";
import { AwsServiceError, validationError } from "./service-error";
import { ruleArn, type RuleRecord } from "./store";

function ruleView(rule: RuleRecord): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
    State: rule.state,
    ...(rule.description === undefined ? {} : { Description: rule.description }),
    ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
    EventBusName: rule.busName,
  };
}

/** Rejects an event pattern EventBridge would reject, with its exception and message. */
export function checkEventPattern(context: OperationContext, pattern: string): void {
  const reason = context.patterns.validate(pattern);
  if (reason !== undefined) {
    throw new AwsServiceError("InvalidEventPatternException", reason);
  }
}

/**
 * PutRule: creates or updates a rule (targets are kept on update). Needs an event pattern or a schedule;
 * schedules only on the default bus.
 */
export const putRule: OperationHandler = (context, input) => {
  const { partition } = context;
  const bus = partition.bus(input.EventBusName);
  const pattern = input.EventPattern as string | undefined;
  const schedule = input.ScheduleExpression as string | undefined;
  if (pattern === undefined && schedule === undefined) {
    throw validationError("Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }
  if (schedule !== undefined && bus.name !== "default") {
    throw validationError("ScheduleExpression is supported only on the default event bus.");
  }
  if (schedule !== undefined && !/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/.test(schedule)) {
    throw validationError("Parameter ScheduleExpression is not valid.");
  }
  if (pattern !== undefined) {
    checkEventPattern(context, pattern);
  }
  const name = input.Name as string;
  const existing = bus.rules.get(name);
  const rule: RuleRecord = existing ?? {
    name,
    busName: bus.name,
    arn: ruleArn(partition.region, partition.accountId, bus.name, name),
    state: "ENABLED",
    createdBy: partition.accountId,
    targets: new Map(),
  };
  rule.eventPattern = pattern;
  rule.scheduleExpression = schedule;
  rule.state = (input.State as string | undefined) ?? "ENABLED";
  rule.description = input.Description as string | undefined;
  rule.roleArn = input.RoleArn as string | undefined;
  bus.rules.set(name, rule);
  return { RuleArn: rule.arn };
};

/** DescribeRule: the rule, or ResourceNotFoundException "Rule X does not exist on EventBus Y." */
export const describeRule: OperationHandler = ({ partition }, input) => {
  const rule = partition.rule(input.Name as string, input.EventBusName);
  return { ...ruleView(rule), CreatedBy: rule.createdBy };
};

/** DeleteRule: refused while targets remain; deleting a rule that does not exist succeeds, as in AWS. */
export const deleteRule: OperationHandler = ({ partition }, input) => {
  const bus = partition.bus(input.EventBusName);
  const rule = bus.rules.get(input.Name as string);
  if (rule === undefined) {
    return {};
  }
  if (rule.targets.size > 0) {
    throw validationError("Rule can't be deleted since it has targets.");
  }
  bus.rules.delete(rule.name);
  return {};
};

/** EnableRule. */
export const enableRule: OperationHandler = ({ partition }, input) => {
  partition.rule(input.Name as string, input.EventBusName).state = "ENABLED";
  return {};
};

/** DisableRule. */
export const disableRule: OperationHandler = ({ partition }, input) => {
  partition.rule(input.Name as string, input.EventBusName).state = "DISABLED";
  return {};
};

/** ListRules: rules of the bus whose name starts with NamePrefix, sorted by name, paginated. */
export const listRules: OperationHandler = ({ partition }, input) => {
  const bus = partition.bus(input.EventBusName);
  const prefix = typeof input.NamePrefix === "string" ? input.NamePrefix : "";
  const rules = [...bus.rules.values()]
    .filter((rule) => rule.name.startsWith(prefix))
    .sort((left, right) => left.name.localeCompare(right.name));
  const { page, nextToken } = paginate(rules, `rules:${bus.name}:${prefix}`, input.NextToken, input.Limit);
  return { Rules: page.map(ruleView), ...(nextToken ? { NextToken: nextToken } : {}) };
};
