import type { HarnessEventBridge } from "./eventbridge-client";
import type { Value } from "./expression-eval";

/** Attribute values of one resource or data source, as stored in the harness state. */
export type Attributes = { readonly [name: string]: Value };

/** One resource as the state file records it. */
export interface StoredResource {
  /** `aws_sns_topic.alerts`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The provider configuration it belongs to: `aws` or `aws.<alias>`. */
  readonly provider: string;
  /** The arguments as the configuration resolved them at apply time, to detect changes on the next apply. */
  readonly arguments: Attributes;
  /** Arguments plus computed attributes (ids, ARNs, results): what references to it see. */
  readonly attributes: Attributes;
  /** Addresses it depended on when it was applied, so destroy can run in reverse without the config. */
  readonly dependencies: readonly string[];
  /** Set when a create-time provisioner failed: the next apply replaces it, as Terraform does. */
  readonly tainted?: boolean;
}

/** Something the harness did or saw, for progress output and tests. */
export interface ApplyEvent {
  /** What happened. */
  readonly kind:
    | "create"
    | "update"
    | "replace"
    | "delete"
    | "unchanged"
    | "read"
    | "provisioner"
    | "provisioner-output"
    | "invoke"
    | "warning";
  /** The resource address concerned, when there is one. */
  readonly address?: string;
  /** A one-line human description. */
  readonly message: string;
  /** How long the step took, for steps that take time. */
  readonly durationMs?: number;
}

/** Where a resource lives and what it can use while it is created, updated or deleted. */
export interface HandlerContext {
  readonly address: string;
  /** The account the resource's provider points at. */
  readonly accountId: string;
  /** The region the resource's provider points at. */
  readonly region: string;
  /** Whether that account and region are the sandbox's, so EventBridge resources can be created for real. */
  readonly inSandbox: boolean;
  /** The stack directory (`cdk.tf.json` and `assets/`); provisioners and asset paths are relative to it. */
  readonly stackDir: string;
  /** The environment of the apply (as the environment of `terraform apply`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The EventBridge client pointed at the sandbox. */
  eventBridge(): Promise<HarnessEventBridge>;
  /** Extra environment for Lambda handlers: the sandbox's Secrets Manager endpoint when secrets were given. */
  lambdaEnvironment(): Promise<Readonly<Record<string, string>>>;
  /** Finds another resource in the current state (for example the function an invocation calls). */
  findResource(predicate: (resource: StoredResource) => boolean): StoredResource | undefined;
  /** Reports progress. */
  emit(event: ApplyEvent): void;
  /** Aborts long steps (provisioners, invocations). */
  readonly signal?: AbortSignal;
}

/** How the harness creates, updates and deletes one resource type. */
export interface ResourceHandler {
  /** The Terraform resource type, for example `aws_cloudwatch_event_rule`. */
  readonly type: string;
  /** Every argument the harness understands; any other key in the config is refused. */
  readonly arguments: readonly string[];
  /**
   * Arguments whose change forces replacement (delete, then create), as the AWS provider marks them.
   * @default - every argument: a change replaces the resource unless `update` exists
   */
  readonly forceNew?: readonly string[];
  /** Creates the resource from resolved arguments; returns the arguments plus the computed attributes. */
  create(args: Attributes, context: HandlerContext): Promise<Attributes>;
  /**
   * Updates it in place when only arguments outside `forceNew` changed.
   * @default - no in-place update: any change replaces the resource
   */
  update?(args: Attributes, prior: StoredResource, context: HandlerContext): Promise<Attributes>;
  /** Deletes it using only what the state holds. */
  delete(prior: StoredResource, context: HandlerContext): Promise<void>;
}

/** How the harness answers one data source type. */
export interface DataSourceHandler {
  readonly type: string;
  /** Every argument the harness understands. */
  readonly arguments: readonly string[];
  /** Reads the data source; returns the arguments plus the computed attributes. */
  read(args: Attributes, context: HandlerContext): Promise<Attributes>;
}
