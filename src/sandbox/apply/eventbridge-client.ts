import type { Target } from "@aws-sdk/client-eventbridge";
import { ApplyError } from "./apply-error";

/** One rule target, in the SDK's shape (`Id`, `Arn`, `Input`, `InputTransformer`, ...). */
export type HarnessTarget = Target;

/**
 * The EventBridge operations the harness performs: the one network seam of the apply harness. The default
 * implementation is the real `@aws-sdk/client-eventbridge` client pointed at the sandbox's endpoint; unit tests
 * pass an in-memory fake.
 */
export interface HarnessEventBridge {
  createEventBus(input: { name: string; eventSourceName?: string; description?: string }): Promise<{ arn: string }>;
  deleteEventBus(name: string): Promise<void>;
  putRule(input: {
    name: string;
    eventBusName: string;
    eventPattern?: string;
    scheduleExpression?: string;
    state: "ENABLED" | "DISABLED";
    description?: string;
    roleArn?: string;
  }): Promise<{ arn: string }>;
  deleteRule(input: { name: string; eventBusName: string }): Promise<void>;
  putTargets(input: { rule: string; eventBusName: string; targets: HarnessTarget[] }): Promise<void>;
  removeTargets(input: { rule: string; eventBusName: string; ids: string[] }): Promise<void>;
  createArchive(input: {
    name: string;
    eventSourceArn: string;
    description?: string;
    eventPattern?: string;
    retentionDays?: number;
  }): Promise<{ arn: string }>;
  deleteArchive(name: string): Promise<void>;
}

/** Where the SDK client sends its requests. */
export interface SdkEventBridgeOptions {
  /** The EventBridge simulator's endpoint, for example `http://127.0.0.1:4010`. */
  readonly endpoint: string;
  readonly region: string;
  /**
   * Credentials for request signing.
   * @default - fixed sandbox credentials (the simulator does not check signatures against real keys)
   */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Creates the SDK-backed client. The SDK is imported on first use so that importing the harness stays cheap.
 */
export function createSdkEventBridge(options: SdkEventBridgeOptions): HarnessEventBridge {
  type Sdk = typeof import("@aws-sdk/client-eventbridge");
  let loaded: Promise<{ sdk: Sdk; client: InstanceType<Sdk["EventBridgeClient"]> }> | undefined;
  const load = (): Promise<{ sdk: Sdk; client: InstanceType<Sdk["EventBridgeClient"]> }> => {
    loaded ??= import("@aws-sdk/client-eventbridge").then((sdk) => ({
      sdk,
      client: new sdk.EventBridgeClient({
        endpoint: options.endpoint,
        region: options.region,
        credentials: options.credentials ?? { accessKeyId: "AKIASANDBOXAPPLY0000", secretAccessKey: "sandbox" },
        maxAttempts: 3,
      }),
    }));
    return loaded;
  };
  return {
    async createEventBus(input) {
      const { sdk, client } = await load();
      const output = await client.send(
        new sdk.CreateEventBusCommand({
          Name: input.name,
          EventSourceName: input.eventSourceName,
          Description: input.description,
        }),
      );
      return { arn: required(output.EventBusArn, "CreateEventBus", "EventBusArn") };
    },
    async deleteEventBus(name) {
      const { sdk, client } = await load();
      await client.send(new sdk.DeleteEventBusCommand({ Name: name }));
    },
    async putRule(input) {
      const { sdk, client } = await load();
      const output = await client.send(
        new sdk.PutRuleCommand({
          Name: input.name,
          EventBusName: input.eventBusName,
          EventPattern: input.eventPattern,
          ScheduleExpression: input.scheduleExpression,
          State: input.state,
          Description: input.description,
          RoleArn: input.roleArn,
        }),
      );
      return { arn: required(output.RuleArn, "PutRule", "RuleArn") };
    },
    async deleteRule(input) {
      const { sdk, client } = await load();
      await client.send(new sdk.DeleteRuleCommand({ Name: input.name, EventBusName: input.eventBusName }));
    },
    async putTargets(input) {
      const { sdk, client } = await load();
      const output = await client.send(
        new sdk.PutTargetsCommand({ Rule: input.rule, EventBusName: input.eventBusName, Targets: input.targets }),
      );
      const failed = output.FailedEntries ?? [];
      if ((output.FailedEntryCount ?? 0) > 0 || failed.length > 0) {
        const first = failed[0];
        throw new ApplyError(
          `aws_cloudwatch_event_target on rule ${input.rule}`,
          `PutTargets failed for target ${first?.TargetId ?? "?"}: ` +
            `${first?.ErrorCode ?? "unknown"} ${first?.ErrorMessage ?? ""}`.trim(),
        );
      }
    },
    async removeTargets(input) {
      const { sdk, client } = await load();
      await client.send(
        new sdk.RemoveTargetsCommand({ Rule: input.rule, EventBusName: input.eventBusName, Ids: input.ids }),
      );
    },
    async createArchive(input) {
      const { sdk, client } = await load();
      const output = await client.send(
        new sdk.CreateArchiveCommand({
          ArchiveName: input.name,
          EventSourceArn: input.eventSourceArn,
          Description: input.description,
          EventPattern: input.eventPattern,
          RetentionDays: input.retentionDays,
        }),
      );
      return { arn: required(output.ArchiveArn, "CreateArchive", "ArchiveArn") };
    },
    async deleteArchive(name) {
      const { sdk, client } = await load();
      await client.send(new sdk.DeleteArchiveCommand({ ArchiveName: name }));
    },
  };
}

function required(value: string | undefined, operation: string, field: string): string {
  if (value === undefined) {
    throw new ApplyError(
      operation,
      `the response has no ${field}: the EventBridge endpoint did not answer as AWS does.`,
    );
  }
  return value;
}
