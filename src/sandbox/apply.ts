/**
 * The sandbox apply harness: applies a stack synthesized by cdktf (`cdk.tf.json` and its `assets/`) to the
 * local sandbox the way Terraform would, for the resource types this project's constructs emit, and destroys
 * it again. It is a test and demo tool, not a Terraform replacement: there is no terraform binary here, and
 * this is how the project proves that what it synthesizes works when applied. Anything it does not understand
 * is refused before any side effect. See docs/apply-harness.md.
 */
import { join, resolve } from "node:path";
import { ValidationError } from "../errors";
import { ApplyError } from "./apply/apply-error";
import type { ResourceChange, RunContext } from "./apply/engine";
import { Run, readDataSource } from "./apply/engine";
import type { HarnessEventBridge } from "./apply/eventbridge-client";
import { createSdkEventBridge } from "./apply/eventbridge-client";
import type { EvalScope, Value } from "./apply/expression-eval";
import { evaluate } from "./apply/expression-eval";
import { dependencyOrder } from "./apply/dependency-order";
import { DEFAULT_REGISTRY } from "./apply/handlers/registry";
import { placeProviders } from "./apply/placement";
import type { ApplyEvent, Attributes } from "./apply/resource-handler";
import type { ConfigNode, HandlerRegistry, StackConfig } from "./apply/stack-config";
import { loadStackConfig } from "./apply/stack-config";
import { SecretsManagerStub } from "./apply/secrets-manager-stub";
import { checkLoopback, redacted, redactor, resourceDependencies, variableValue } from "./apply/run-inputs";
import { readState, STATE_FILE } from "./apply/state-file";

export { ApplyError } from "./apply/apply-error";
export type { ApplyEvent } from "./apply/resource-handler";
export type { ResourceChange } from "./apply/engine";
export type { HarnessEventBridge, HarnessTarget } from "./apply/eventbridge-client";
export type { Value as TerraformValue } from "./apply/expression-eval";
export { STATE_FILE, readState } from "./apply/state-file";
export type { HarnessState } from "./apply/state-file";
export type { StoredResource } from "./apply/resource-handler";

/** The sandbox a stack is applied to. */
export interface ApplySandbox {
  /** The sandbox's AWS account ID (what `data "aws_caller_identity"` answers). */
  readonly accountId: string;
  /** The sandbox's region; the stack's default `aws` provider must use it. */
  readonly region: string;
  /**
   * The EventBridge simulator's endpoint, for example `http://127.0.0.1:4010`.
   * @default - none: `eventBridge` must then be given
   */
  readonly eventBridgeEndpoint?: string;
}

/** Options of {@link applyStack} and {@link destroyStack}. */
export interface ApplyStackOptions {
  /** The synthesized stack directory: `cdktf.out/stacks/<stack>`, holding `cdk.tf.json` and `assets/`. */
  readonly stackDir: string;
  /** Where to apply it. */
  readonly sandbox: ApplySandbox;
  /**
   * The environment of the apply, as the environment of `terraform apply`: `local-exec` provisioners run with
   * it plus their `environment` (this is where `SNYK_TOKEN` and the sandbox's endpoints go), and Lambda
   * handlers get its AWS endpoint and credential variables.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The EventBridge client (the harness's one network seam).
   * @default - the real `@aws-sdk/client-eventbridge` client pointed at `sandbox.eventBridgeEndpoint`
   */
  readonly eventBridge?: HarnessEventBridge;
  /**
   * Called for every step (created, updated, deleted, provisioner output, Lambda invocation).
   * @default - steps are not reported
   */
  readonly onEvent?: (event: ApplyEvent) => void;
  /**
   * Limit for one provisioner command (a Lambda invocation is limited by its function's `timeout`).
   * @default - 300000 (5 minutes)
   */
  readonly stepTimeoutMs?: number;
  /**
   * Stops the run between steps and kills a running provisioner or handler.
   * @default - the run cannot be aborted
   */
  readonly signal?: AbortSignal;
  /**
   * Secret values the sandbox's Secrets Manager gives Lambda handlers (`GetSecretValue`), by secret name or
   * ARN as the function asks for it: how the Lambda host gets its Snyk token in the sandbox. Never stored.
   * @default - none: a handler that reads a secret gets ResourceNotFoundException
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /**
   * The resource and data source types understood.
   * @default - every type the project's constructs emit (see docs/apply-harness.md)
   */
  readonly registry?: HandlerRegistry;
}

/** What an apply did. */
export interface ApplyResult {
  /** The stack's `output` values, resolved. */
  readonly outputs: { readonly [name: string]: TerraformOutputValue };
  /** Each resource and what happened to it, in the order it happened. */
  readonly changes: readonly ResourceChange[];
  /** The state file written in the stack directory. */
  readonly stateFile: string;
  readonly durationMs: number;
}

/** An output's value (JSON-shaped). */
export type TerraformOutputValue = Value;

/** What a destroy did. */
export interface DestroyResult {
  /** Each resource deleted, dependents first. */
  readonly changes: readonly ResourceChange[];
  readonly stateFile: string;
  readonly durationMs: number;
}

/**
 * Applies a synthesized stack to the sandbox. The whole configuration is checked first (types, arguments,
 * meta-arguments, functions, references, cycles, provider placement): anything not understood is refused
 * with a `ValidationError` before any side effect. Then resources are applied in dependency order; a state
 * file in the stack directory records them, so re-applying converges (unchanged resources are left alone,
 * changed ones updated or replaced as the AWS provider would) and `destroyStack` works from another process.
 *
 * @throws ValidationError for a stack the harness does not understand (nothing applied)
 * @throws ApplyError when a step fails (the state records what was done)
 */
export async function applyStack(options: ApplyStackOptions): Promise<ApplyResult> {
  const started = Date.now();
  const { config, context, prior, close, redact } = prepare(options);
  try {
    return await applyPrepared(config, context, prior, started);
  } catch (error) {
    throw redacted(error, redact);
  } finally {
    await close();
  }
}

async function applyPrepared(
  config: StackConfig,
  context: RunContext,
  prior: ReturnType<typeof readState>,
  started: number,
): Promise<ApplyResult> {
  const run = new Run(context, prior);
  const nodes = config.nodes;
  const order = dependencyOrder(new Map([...nodes.values()].map((node) => [node.address, node.dependencies])));

  const values = new Map<string, Attributes | Value>();
  const scope: EvalScope = {
    lookup: (address, where) => {
      if (address.startsWith("data.") || address.startsWith("local.") || address.startsWith("var.")) {
        const value = values.get(address);
        if (value === undefined) {
          throw new ApplyError(where, `${address} is not known yet; this is a bug in the harness's ordering.`);
        }
        return value as Value;
      }
      return run.lookup(address, where);
    },
  };
  const outputs: Record<string, Value> = {};
  for (const node of nodes.values()) {
    if (node.mode === "variable") {
      values.set(node.address, variableValue(node, context.env));
    }
  }
  const orphans = [...run.resources.values()].filter((resource) => !nodes.has(resource.address));
  for (const orphan of orphans) {
    context.emit({
      kind: "warning",
      address: orphan.address,
      message: `${orphan.address} is no longer in the configuration: deleting it without its destroy-time provisioners, as Terraform does`,
    });
  }
  await run.destroyAll(orphans, () => undefined);

  for (const address of order) {
    const node = nodes.get(address) as ConfigNode;
    if (node.mode === "data") {
      values.set(address, await readDataSource(node, scope, context, run));
    } else if (node.mode === "local") {
      values.set(address, evaluate(node.body, scope, address));
    } else if (node.mode === "variable") {
      continue;
    } else if (node.mode === "output") {
      outputs[node.name] = evaluate(node.body, scope, address);
    } else {
      await run.applyResource(node, scope, resourceDependencies(node, nodes));
    }
  }
  run.save(outputs);
  return {
    outputs,
    changes: run.changes,
    stateFile: join(config.stackDir, STATE_FILE),
    durationMs: Date.now() - started,
  };
}

/**
 * Destroys what an earlier apply of the stack created, dependents first, running destroy-time provisioners
 * from the configuration (with `self` bound to the stored attributes). Works from another process: it needs
 * only the stack directory and its state file. Destroying a stack that was never applied does nothing.
 *
 * @throws ValidationError when a resource has `prevent_destroy` or the stack is not understood
 * @throws ApplyError when a step fails (the state keeps what is left)
 */
export async function destroyStack(options: ApplyStackOptions): Promise<DestroyResult> {
  const started = Date.now();
  const { config, context, prior, close, redact } = prepare(options);
  try {
    return await destroyPrepared(config, context, prior, started);
  } catch (error) {
    throw redacted(error, redact);
  } finally {
    await close();
  }
}

async function destroyPrepared(
  config: StackConfig,
  context: RunContext,
  prior: ReturnType<typeof readState>,
  started: number,
): Promise<DestroyResult> {
  const run = new Run(context, prior);
  const stateFile = join(config.stackDir, STATE_FILE);
  if (prior === undefined) {
    return { changes: [], stateFile, durationMs: Date.now() - started };
  }
  for (const resource of prior.resources) {
    const node = config.nodes.get(resource.address);
    if (node?.lifecycle.preventDestroy === true) {
      throw new ValidationError(
        `${resource.address} has lifecycle.prevent_destroy = true, so the stack cannot be destroyed; ` +
          "remove the setting and synthesize again first. Nothing was destroyed.",
        [{ field: `${resource.address}.lifecycle.prevent_destroy`, rule: "must be false to destroy", value: true }],
      );
    }
  }
  await run.destroyAll([...run.resources.values()], (address) => config.nodes.get(address));
  run.save();
  return { changes: run.changes, stateFile, durationMs: Date.now() - started };
}

function prepare(options: ApplyStackOptions): {
  config: StackConfig;
  context: RunContext;
  prior: ReturnType<typeof readState>;
  close: () => Promise<void>;
  redact: (text: string) => string;
} {
  const stackDir = resolve(options.stackDir);
  checkLoopback(options.sandbox.eventBridgeEndpoint);
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const config = loadStackConfig(stackDir, registry);
  const placements = placeProviders(config.providers, options.sandbox);
  const prior = readState(stackDir);
  if (
    prior !== undefined &&
    prior.resources.length > 0 &&
    (prior.sandbox.accountId !== options.sandbox.accountId || prior.sandbox.region !== options.sandbox.region)
  ) {
    throw new ValidationError(
      `the stack was applied to the sandbox account ${prior.sandbox.accountId} in ${prior.sandbox.region}, not ` +
        `${options.sandbox.accountId} in ${options.sandbox.region}. Use the same sandbox settings, or delete ` +
        `${STATE_FILE} if that sandbox is gone.`,
      [{ field: "sandbox", rule: "must match the sandbox in the state file", value: options.sandbox }],
    );
  }
  const redact = redactor(options.env ?? process.env, options.secrets);
  let eventBridge: HarnessEventBridge | undefined = options.eventBridge;
  let stub: Promise<SecretsManagerStub> | undefined;
  const context: RunContext = {
    lambdaEnvironment: async (): Promise<Readonly<Record<string, string>>> => {
      if (options.secrets === undefined || Object.keys(options.secrets).length === 0) {
        return {};
      }
      stub ??= SecretsManagerStub.start(options.secrets);
      return { AWS_ENDPOINT_URL_SECRETS_MANAGER: (await stub).endpoint };
    },
    stackDir,
    sandbox: { accountId: options.sandbox.accountId, region: options.sandbox.region },
    env: options.env ?? process.env,
    registry,
    placements,
    emit: (event) => options.onEvent?.({ ...event, message: redact(event.message) }),
    stepTimeoutMs: options.stepTimeoutMs ?? 300_000,
    signal: options.signal,
    eventBridge: async () => {
      if (eventBridge === undefined) {
        const endpoint = options.sandbox.eventBridgeEndpoint;
        if (endpoint === undefined) {
          throw new ValidationError(
            "the stack has EventBridge resources but neither sandbox.eventBridgeEndpoint nor eventBridge was given. " +
              "Pass the EventBridge simulator's endpoint.",
            [{ field: "sandbox.eventBridgeEndpoint", rule: "is required for EventBridge resources" }],
          );
        }
        const env = options.env ?? process.env;
        const accessKeyId = env.AWS_ACCESS_KEY_ID;
        const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
        eventBridge = createSdkEventBridge({
          endpoint,
          region: options.sandbox.region,
          // The simulator picks the caller's account from the access key, so use the apply's keys when set.
          credentials:
            accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
        });
      }
      return eventBridge;
    },
  };
  const close = async (): Promise<void> => {
    if (stub !== undefined) {
      await (await stub).close();
    }
  };
  return { config, context, prior, close, redact };
}
