import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ApplyError } from "../apply-error";
import type { Value } from "../expression-eval";
import type { Attributes, HandlerContext, ResourceHandler } from "../resource-handler";
import { generatedName, nameOf, optionalString, randomSuffix, requiredString, withNulls } from "./arguments";

/**
 * Resources the sandbox cannot run (SNS, SQS, CloudWatch Logs, Lambda functions and permissions, IAM,
 * Secrets Manager, EventBridge connections and API destinations, bus policies). The harness records them with
 * identifiers and ARNs in the formats AWS uses, so references resolve and the EventBridge simulator can record
 * deliveries to their ARNs. Nothing is created anywhere, and deleting one only forgets it.
 */

const TAGS = ["tags", "tags_all"];

interface RecordedSpec {
  readonly type: string;
  readonly arguments: readonly string[];
  /** Arguments whose change replaces the resource; changes to the others are recorded in place. */
  readonly forceNew: readonly string[];
  /** The computed attributes, from the resolved arguments and where the resource lives. */
  computed(args: Attributes, context: HandlerContext): Record<string, Value>;
  /**
   * Fails as AWS would on create or update (for example a missing deployment package).
   * @default - no check
   */
  check?(args: Attributes, context: HandlerContext): void;
}

function recorded(spec: RecordedSpec): ResourceHandler {
  const build = (args: Attributes, context: HandlerContext, prior?: Attributes): Attributes => {
    spec.check?.(args, context);
    const computed = prior === undefined ? spec.computed(args, context) : keepIdentity(spec, args, context, prior);
    return { ...withNulls(spec.arguments, args), ...computed };
  };
  return {
    type: spec.type,
    arguments: spec.arguments,
    forceNew: spec.forceNew,
    create: async (args, context) => build(args, context),
    update: async (args, prior, context) => build(args, context, prior.attributes),
    delete: async () => undefined,
  };
}

/** An in-place update keeps generated identifiers (random suffixes, UUIDs) stable, as AWS does. */
function keepIdentity(spec: RecordedSpec, args: Attributes, context: HandlerContext, prior: Attributes): Attributes {
  const fresh = spec.computed(args, context);
  const kept: Record<string, Value> = {};
  for (const key of Object.keys(fresh)) {
    kept[key] = prior[key] ?? fresh[key];
  }
  return kept;
}

const arnPrefix = (service: string, context: HandlerContext, global = false): string =>
  `arn:aws:${service}:${global ? "" : context.region}:${context.accountId}`;

const snsTopic = recorded({
  type: "aws_sns_topic",
  arguments: [
    "name",
    "name_prefix",
    "display_name",
    "policy",
    "delivery_policy",
    "kms_master_key_id",
    "fifo_topic",
    "content_based_deduplication",
    "signature_version",
    "tracing_config",
    "archive_policy",
    ...TAGS,
  ],
  forceNew: ["name", "name_prefix", "fifo_topic"],
  computed(args, context) {
    const name = nameOf(args);
    const arn = `${arnPrefix("sns", context)}:${name}`;
    return { name, arn, id: arn, owner: context.accountId };
  },
});

const snsTopicPolicy = recorded({
  type: "aws_sns_topic_policy",
  arguments: ["arn", "policy"],
  forceNew: ["arn"],
  computed: (args, context) => ({ id: requiredString(args, "arn", context), owner: context.accountId }),
});

const snsSubscription = recorded({
  type: "aws_sns_topic_subscription",
  arguments: ["topic_arn", "protocol", "endpoint", "filter_policy", "raw_message_delivery", "redrive_policy"],
  forceNew: ["topic_arn", "protocol", "endpoint"],
  computed(args, context) {
    const arn = `${requiredString(args, "topic_arn", context)}:${randomUUID()}`;
    return { arn, id: arn, owner_id: context.accountId };
  },
});

const sqsQueue = recorded({
  type: "aws_sqs_queue",
  arguments: [
    "name",
    "name_prefix",
    "fifo_queue",
    "content_based_deduplication",
    "deduplication_scope",
    "fifo_throughput_limit",
    "visibility_timeout_seconds",
    "message_retention_seconds",
    "max_message_size",
    "delay_seconds",
    "receive_wait_time_seconds",
    "policy",
    "redrive_policy",
    "redrive_allow_policy",
    "kms_master_key_id",
    "kms_data_key_reuse_period_seconds",
    "sqs_managed_sse_enabled",
    ...TAGS,
  ],
  forceNew: ["name", "name_prefix", "fifo_queue"],
  computed(args, context) {
    const name = nameOf(args);
    const url = `https://sqs.${context.region}.amazonaws.com/${context.accountId}/${name}`;
    return { name, arn: `${arnPrefix("sqs", context)}:${name}`, url, id: url };
  },
});

const sqsQueuePolicy = recorded({
  type: "aws_sqs_queue_policy",
  arguments: ["queue_url", "policy"],
  forceNew: ["queue_url"],
  computed: (args, context) => ({ id: requiredString(args, "queue_url", context) }),
});

const sqsRedrivePolicy = recorded({
  type: "aws_sqs_queue_redrive_policy",
  arguments: ["queue_url", "redrive_policy"],
  forceNew: ["queue_url"],
  computed: (args, context) => ({ id: requiredString(args, "queue_url", context) }),
});

const logGroup = recorded({
  type: "aws_cloudwatch_log_group",
  arguments: ["name", "name_prefix", "retention_in_days", "kms_key_id", "skip_destroy", "log_group_class", ...TAGS],
  forceNew: ["name", "name_prefix", "log_group_class"],
  computed(args, context) {
    const name = nameOf(args);
    return { name, id: name, arn: `${arnPrefix("logs", context)}:log-group:${name}` };
  },
});

const logResourcePolicy = recorded({
  type: "aws_cloudwatch_log_resource_policy",
  arguments: ["policy_name", "policy_document"],
  forceNew: ["policy_name"],
  computed: (args, context) => ({ id: requiredString(args, "policy_name", context) }),
});

const lambdaFunction = recorded({
  type: "aws_lambda_function",
  arguments: [
    "function_name",
    "role",
    "handler",
    "runtime",
    "filename",
    "source_code_hash",
    "s3_bucket",
    "s3_key",
    "image_uri",
    "package_type",
    "environment",
    "timeout",
    "memory_size",
    "description",
    "architectures",
    "layers",
    "publish",
    "reserved_concurrent_executions",
    "dead_letter_config",
    "tracing_config",
    "vpc_config",
    "logging_config",
    "ephemeral_storage",
    "kms_key_arn",
    ...TAGS,
  ],
  forceNew: ["function_name", "package_type"],
  check(args, context) {
    const filename = optionalString(args, "filename");
    if (filename !== undefined && !existsSync(resolve(context.stackDir, filename))) {
      throw new ApplyError(
        context.address,
        `the deployment package ${filename} does not exist in the stack directory ${context.stackDir}; ` +
          "synthesize the stack again (cdktf copies assets into it) after `npm run build`.",
      );
    }
  },
  computed(args, context) {
    const name = requiredString(args, "function_name", context);
    const arn = `${arnPrefix("lambda", context)}:function:${name}`;
    const invoke = (target: string): string =>
      `arn:aws:apigateway:${context.region}:lambda:path/2015-03-31/functions/${target}/invocations`;
    return {
      id: name,
      arn,
      qualified_arn: `${arn}:$LATEST`,
      invoke_arn: invoke(arn),
      qualified_invoke_arn: invoke(`${arn}:$LATEST`),
      version: "$LATEST",
      last_modified: new Date().toISOString(),
    };
  },
});

const lambdaPermission = recorded({
  type: "aws_lambda_permission",
  arguments: [
    "statement_id",
    "statement_id_prefix",
    "action",
    "function_name",
    "principal",
    "source_arn",
    "source_account",
    "qualifier",
    "event_source_token",
    "principal_org_id",
    "function_url_auth_type",
  ],
  forceNew: ["statement_id", "statement_id_prefix", "action", "function_name", "principal", "source_arn"],
  computed(args) {
    const id = nameOf(args, "statement_id", "statement_id_prefix");
    return { id, statement_id: id };
  },
});

const iamRole = recorded({
  type: "aws_iam_role",
  arguments: [
    "name",
    "name_prefix",
    "path",
    "assume_role_policy",
    "description",
    "max_session_duration",
    "permissions_boundary",
    "force_detach_policies",
    "managed_policy_arns",
    "inline_policy",
    ...TAGS,
  ],
  forceNew: ["name", "name_prefix", "path"],
  computed(args, context) {
    const name = nameOf(args);
    const path = optionalString(args, "path") ?? "/";
    return {
      name,
      id: name,
      path,
      arn: `${arnPrefix("iam", context, true)}:role${path}${name}`,
      unique_id: `AROA${randomSuffix(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
      create_date: new Date().toISOString(),
    };
  },
});

const iamRolePolicy = recorded({
  type: "aws_iam_role_policy",
  arguments: ["name", "name_prefix", "role", "policy"],
  forceNew: ["name", "name_prefix", "role"],
  computed(args, context) {
    const name = nameOf(args);
    return { name, id: `${requiredString(args, "role", context)}:${name}` };
  },
});

const iamPolicy = recorded({
  type: "aws_iam_policy",
  arguments: ["name", "name_prefix", "path", "policy", "description", ...TAGS],
  forceNew: ["name", "name_prefix", "path"],
  computed(args, context) {
    const name = nameOf(args);
    const path = optionalString(args, "path") ?? "/";
    const arn = `${arnPrefix("iam", context, true)}:policy${path}${name}`;
    return { name, path, arn, id: arn, policy_id: `ANPA${randomSuffix(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}` };
  },
});

const iamRolePolicyAttachment = recorded({
  type: "aws_iam_role_policy_attachment",
  arguments: ["role", "policy_arn"],
  forceNew: ["role", "policy_arn"],
  computed: (args, context) => ({ id: generatedName(`${requiredString(args, "role", context)}-`) }),
});

const secret = recorded({
  type: "aws_secretsmanager_secret",
  arguments: [
    "name",
    "name_prefix",
    "description",
    "kms_key_id",
    "policy",
    "recovery_window_in_days",
    "force_overwrite_replica_secret",
    "replica",
    ...TAGS,
  ],
  forceNew: ["name", "name_prefix"],
  computed(args, context) {
    const name = nameOf(args);
    const arn = `${arnPrefix("secretsmanager", context)}:secret:${name}-${randomSuffix(6)}`;
    return { name, arn, id: arn };
  },
});

const secretVersion = recorded({
  type: "aws_secretsmanager_secret_version",
  arguments: ["secret_id", "secret_string", "secret_binary", "version_stages"],
  forceNew: ["secret_id", "secret_string", "secret_binary"],
  computed(args, context) {
    const secretId = requiredString(args, "secret_id", context);
    const versionId = randomUUID();
    return { arn: secretId, version_id: versionId, id: `${secretId}|${versionId}` };
  },
});

const connection = recorded({
  type: "aws_cloudwatch_event_connection",
  arguments: [
    "name",
    "description",
    "authorization_type",
    "auth_parameters",
    "invocation_connectivity_parameters",
    "kms_key_identifier",
  ],
  forceNew: ["name"],
  computed(args, context) {
    const name = requiredString(args, "name", context);
    const uuid = randomUUID();
    return {
      id: name,
      arn: `${arnPrefix("events", context)}:connection/${name}/${uuid}`,
      secret_arn: `${arnPrefix("secretsmanager", context)}:secret:events!connection/${name}/${uuid}-${randomSuffix(6)}`,
    };
  },
});

const apiDestination = recorded({
  type: "aws_cloudwatch_event_api_destination",
  arguments: [
    "name",
    "description",
    "connection_arn",
    "invocation_endpoint",
    "http_method",
    "invocation_rate_limit_per_second",
  ],
  forceNew: ["name"],
  computed(args, context) {
    const name = requiredString(args, "name", context);
    return { id: name, arn: `${arnPrefix("events", context)}:api-destination/${name}/${randomUUID()}` };
  },
});

const busPolicy = recorded({
  type: "aws_cloudwatch_event_bus_policy",
  arguments: ["policy", "event_bus_name"],
  forceNew: ["event_bus_name"],
  computed: (args) => ({ id: optionalString(args, "event_bus_name") ?? "default" }),
});

/** Every recorded resource type. */
export const RECORDED_HANDLERS: readonly ResourceHandler[] = [
  snsTopic,
  snsTopicPolicy,
  snsSubscription,
  sqsQueue,
  sqsQueuePolicy,
  sqsRedrivePolicy,
  logGroup,
  logResourcePolicy,
  lambdaFunction,
  lambdaPermission,
  iamRole,
  iamRolePolicy,
  iamPolicy,
  iamRolePolicyAttachment,
  secret,
  secretVersion,
  connection,
  apiDestination,
  busPolicy,
];
