import { ApplyError } from "../apply-error";
import type { HarnessTarget } from "../eventbridge-client";
import type { Attributes, HandlerContext, ResourceHandler, StoredResource } from "../resource-handler";
import {
  generatedName,
  nameOf,
  optionalBlock,
  optionalNumber,
  optionalString,
  requiredString,
  stringMap,
  withNulls,
} from "./arguments";

/**
 * EventBridge buses, rules, targets and archives: created through the real SDK against the EventBridge
 * simulator when their provider points at the sandbox's account and region, recorded with ARNs in the real
 * formats otherwise (for example a central security bus in another account).
 */

const TAGS = ["tags", "tags_all"];

const BUS_ARGS = ["name", "event_source_name", "description", "kms_key_identifier", "dead_letter_config", ...TAGS];

/** `aws_cloudwatch_event_bus`, including partner buses (`event_source_name`). */
export const eventBusHandler: ResourceHandler = {
  type: "aws_cloudwatch_event_bus",
  arguments: BUS_ARGS,
  forceNew: ["name", "event_source_name"],
  async create(args, context) {
    const name = requiredString(args, "name", context);
    const arn = context.inSandbox
      ? (
          await call(context, "CreateEventBus", async (api) =>
            api.createEventBus({
              name,
              eventSourceName: optionalString(args, "event_source_name"),
              description: optionalString(args, "description"),
            }),
          )
        ).arn
      : `arn:aws:events:${context.region}:${context.accountId}:event-bus/${name}`;
    return { ...withNulls(BUS_ARGS, args), id: name, arn };
  },
  async update(args, prior, context) {
    const name = requiredString(args, "name", context);
    return { ...withNulls(BUS_ARGS, args), id: name, arn: prior.attributes.arn };
  },
  async delete(prior, context) {
    if (context.inSandbox) {
      await call(context, "DeleteEventBus", (api) => api.deleteEventBus(String(prior.attributes.id)));
    }
  },
};

const RULE_ARGS = [
  "name",
  "name_prefix",
  "event_bus_name",
  "event_pattern",
  "schedule_expression",
  "description",
  "state",
  "is_enabled",
  "role_arn",
  "force_destroy",
  ...TAGS,
];

/** `aws_cloudwatch_event_rule`. PutRule is an upsert, so updates in place re-put the rule. */
export const eventRuleHandler: ResourceHandler = {
  type: "aws_cloudwatch_event_rule",
  arguments: RULE_ARGS,
  forceNew: ["name", "name_prefix", "event_bus_name"],
  create: (args, context) => putRule(args, nameOf(args), context),
  update: (args, prior, context) => putRule(args, String(prior.attributes.name), context),
  async delete(prior, context) {
    if (context.inSandbox) {
      const bus = busName(prior.attributes);
      await call(context, "DeleteRule", (api) =>
        api.deleteRule({ name: String(prior.attributes.name), eventBusName: bus }),
      );
    }
  },
};

async function putRule(args: Attributes, name: string, context: HandlerContext): Promise<Attributes> {
  const bus = busName(args);
  const explicit = optionalString(args, "state");
  const state = explicit === "DISABLED" || args.is_enabled === false ? "DISABLED" : "ENABLED";
  const arn = context.inSandbox
    ? (
        await call(context, "PutRule", (api) =>
          api.putRule({
            name,
            eventBusName: bus,
            eventPattern: optionalString(args, "event_pattern"),
            scheduleExpression: optionalString(args, "schedule_expression"),
            state,
            description: optionalString(args, "description"),
            roleArn: optionalString(args, "role_arn"),
          }),
        )
      ).arn
    : `arn:aws:events:${context.region}:${context.accountId}:rule/${bus === "default" ? "" : `${bus}/`}${name}`;
  return {
    ...withNulls(RULE_ARGS, args),
    name,
    event_bus_name: bus,
    state,
    arn,
    id: bus === "default" ? name : `${bus}/${name}`,
  };
}

const TARGET_ARGS = [
  "rule",
  "event_bus_name",
  "target_id",
  "arn",
  "role_arn",
  "input",
  "input_path",
  "input_transformer",
  "dead_letter_config",
  "retry_policy",
  "sqs_target",
  "http_target",
  "force_destroy",
];

/** `aws_cloudwatch_event_target`. PutTargets is an upsert by target ID. */
export const eventTargetHandler: ResourceHandler = {
  type: "aws_cloudwatch_event_target",
  arguments: TARGET_ARGS,
  forceNew: ["rule", "event_bus_name", "target_id"],
  create: (args, context) => putTarget(args, optionalString(args, "target_id") ?? generatedName(""), context),
  update: (args, prior, context) => putTarget(args, String(prior.attributes.target_id), context),
  async delete(prior, context) {
    if (context.inSandbox) {
      await call(context, "RemoveTargets", (api) =>
        api.removeTargets({
          rule: String(prior.attributes.rule),
          eventBusName: busName(prior.attributes),
          ids: [String(prior.attributes.target_id)],
        }),
      );
    }
  },
};

async function putTarget(args: Attributes, targetId: string, context: HandlerContext): Promise<Attributes> {
  const rule = requiredString(args, "rule", context);
  const bus = busName(args);
  if (context.inSandbox) {
    const target = toSdkTarget(args, targetId, context);
    await call(context, "PutTargets", (api) => api.putTargets({ rule, eventBusName: bus, targets: [target] }));
  }
  return {
    ...withNulls(TARGET_ARGS, args),
    target_id: targetId,
    event_bus_name: bus,
    id: bus === "default" ? `${rule}-${targetId}` : `${bus}/${rule}/${targetId}`,
  };
}

function toSdkTarget(args: Attributes, id: string, context: HandlerContext): HarnessTarget {
  const transformer = optionalBlock(args, "input_transformer");
  const deadLetter = optionalBlock(args, "dead_letter_config");
  const retry = optionalBlock(args, "retry_policy");
  const sqs = optionalBlock(args, "sqs_target");
  const http = optionalBlock(args, "http_target");
  return {
    Id: id,
    Arn: requiredString(args, "arn", context),
    RoleArn: optionalString(args, "role_arn"),
    Input: optionalString(args, "input"),
    InputPath: optionalString(args, "input_path"),
    InputTransformer:
      transformer === undefined
        ? undefined
        : {
            InputPathsMap: stringMap(transformer.input_paths),
            InputTemplate: optionalString(transformer, "input_template") ?? "",
          },
    DeadLetterConfig: deadLetter === undefined ? undefined : { Arn: optionalString(deadLetter, "arn") },
    RetryPolicy:
      retry === undefined
        ? undefined
        : {
            MaximumEventAgeInSeconds: optionalNumber(retry, "maximum_event_age_in_seconds"),
            MaximumRetryAttempts: optionalNumber(retry, "maximum_retry_attempts"),
          },
    SqsParameters: sqs === undefined ? undefined : { MessageGroupId: optionalString(sqs, "message_group_id") },
    HttpParameters:
      http === undefined
        ? undefined
        : {
            HeaderParameters: stringMap(http.header_parameters),
            QueryStringParameters: stringMap(http.query_string_parameters),
            PathParameterValues: Array.isArray(http.path_parameter_values)
              ? http.path_parameter_values.map(String)
              : undefined,
          },
  };
}

const ARCHIVE_ARGS = [
  "name",
  "event_source_arn",
  "description",
  "event_pattern",
  "retention_days",
  "kms_key_identifier",
];

/** `aws_cloudwatch_event_archive` (replay archive of a bus), created in the EventBridge simulator. */
export const eventArchiveHandler: ResourceHandler = {
  type: "aws_cloudwatch_event_archive",
  arguments: ARCHIVE_ARGS,
  forceNew: ["name", "event_source_arn"],
  async create(args, context) {
    const name = requiredString(args, "name", context);
    const recordedArn = `arn:aws:events:${context.region}:${context.accountId}:archive/${name}`;
    let arn = recordedArn;
    if (context.inSandbox) {
      const api = await context.eventBridge();
      try {
        arn = (
          await api.createArchive({
            name,
            eventSourceArn: requiredString(args, "event_source_arn", context),
            description: optionalString(args, "description"),
            eventPattern: optionalString(args, "event_pattern"),
            retentionDays: optionalNumber(args, "retention_days"),
          })
        ).arn;
      } catch (error) {
        throw wrap(context, "CreateArchive", error);
      }
    }
    return { ...withNulls(ARCHIVE_ARGS, args), id: name, arn };
  },
  async delete(prior, context) {
    if (context.inSandbox) {
      const api = await context.eventBridge();
      try {
        await api.deleteArchive(String(prior.attributes.id));
      } catch (error) {
        throw wrap(context, "DeleteArchive", error);
      }
    }
  },
};

function busName(args: Attributes | StoredResource["attributes"]): string {
  const value = args.event_bus_name;
  if (typeof value !== "string" || value === "") {
    return "default";
  }
  // The provider accepts a bus ARN here; EventBridge APIs take the name (everything after "event-bus/").
  const marker = ":event-bus/";
  return value.startsWith("arn:") && value.includes(marker)
    ? value.slice(value.indexOf(marker) + marker.length)
    : value;
}

async function call<T>(
  context: HandlerContext,
  operation: string,
  action: (api: Awaited<ReturnType<HandlerContext["eventBridge"]>>) => Promise<T>,
): Promise<T> {
  const api = await context.eventBridge();
  try {
    return await action(api);
  } catch (error) {
    throw wrap(context, operation, error);
  }
}

function wrap(context: HandlerContext, operation: string, error: unknown): Error {
  if (ApplyError.isApplyError(error)) {
    return error;
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return new ApplyError(
    context.address,
    `EventBridge ${operation} failed: ${name}: ${message}. Check the resource's arguments in cdk.tf.json ` +
      "and that the sandbox's EventBridge simulator is running.",
    { cause: error },
  );
}
