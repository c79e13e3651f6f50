import { isDeepStrictEqual } from "node:util";
import { ValidationError } from "../../errors";
import { ApplyError } from "./apply-error";
import { dependencyOrder } from "./dependency-order";
import type { HarnessEventBridge } from "./eventbridge-client";
import type { EvalScope, Value } from "./expression-eval";
import { evaluate } from "./expression-eval";
import { runLocalExec, toLocalExecSpec } from "./local-exec";
import type { Placement } from "./placement";
import type { ApplyEvent, Attributes, HandlerContext, ResourceHandler, StoredResource } from "./resource-handler";
import type { ConfigNode, HandlerRegistry } from "./stack-config";
import type { HarnessState } from "./state-file";
import { writeState } from "./state-file";

/** What one resource went through during an apply or destroy. */
export interface ResourceChange {
  readonly address: string;
  readonly action: "create" | "update" | "replace" | "unchanged" | "delete";
  readonly durationMs: number;
}

/** Everything a run needs, resolved by `applyStack`/`destroyStack`. */
export interface RunContext {
  readonly stackDir: string;
  readonly sandbox: { readonly accountId: string; readonly region: string };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly eventBridge: () => Promise<HarnessEventBridge>;
  readonly lambdaEnvironment: () => Promise<Readonly<Record<string, string>>>;
  readonly registry: HandlerRegistry;
  readonly placements: ReadonlyMap<string, Placement>;
  readonly emit: (event: ApplyEvent) => void;
  readonly stepTimeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * The mutable state of one run: the resources as they are now, written to the state file after every step
 * so that a failure half way leaves a state a later apply or destroy can continue from.
 */
export class Run {
  public readonly resources = new Map<string, StoredResource>();
  public readonly changes: ResourceChange[] = [];
  /** Resources changed in this run and their attributes before, for `replace_triggered_by`. */
  private readonly changedThisRun = new Map<string, { action: ResourceChange["action"]; before?: Attributes }>();
  private serial: number;

  constructor(
    private readonly context: RunContext,
    prior: HarnessState | undefined,
  ) {
    for (const resource of prior?.resources ?? []) {
      this.resources.set(resource.address, resource);
    }
    this.serial = prior?.serial ?? 0;
  }

  /** Writes the state file. */
  public save(outputs: { readonly [name: string]: Value } = {}): void {
    this.serial += 1;
    writeState(this.context.stackDir, {
      sandbox: this.context.sandbox,
      serial: this.serial,
      resources: [...this.resources.values()],
      outputs,
    });
  }

  /** Brings one configured resource to its desired state: create, update, replace or leave it. */
  public async applyResource(
    node: ConfigNode,
    scope: EvalScope,
    resourceDependencies: readonly string[],
  ): Promise<void> {
    this.checkAborted();
    const handler = this.handler(node.type);
    const context = this.handlerContext(node.address, node.provider);
    const args = evaluate(node.body, scope, node.address) as Attributes;
    const prior = this.resources.get(node.address);
    const started = Date.now();
    let action: ResourceChange["action"];
    if (prior === undefined) {
      action = "create";
    } else if (prior.tainted === true) {
      action = "replace";
    } else {
      const changed = Object.keys({ ...args, ...prior.arguments }).filter(
        (key) =>
          !node.lifecycle.ignoreChanges.includes(key) &&
          !isDeepStrictEqual(args[key] ?? null, prior.arguments[key] ?? null),
      );
      const forceNew = handler.forceNew ?? handler.arguments;
      action =
        changed.length === 0
          ? "unchanged"
          : handler.update === undefined || changed.some((key) => forceNew.includes(key))
            ? "replace"
            : "update";
    }
    if ((action === "unchanged" || action === "update") && this.triggeredReplacement(node)) {
      action = "replace";
    }
    if (action === "unchanged") {
      this.record(node.address, action, started, "unchanged");
      return;
    }
    this.changedThisRun.set(node.address, { action, before: prior?.attributes });
    if (action === "replace" && prior !== undefined) {
      await this.destroyResource(prior, prior.tainted === true ? undefined : node, true);
    }
    const attributes =
      action === "update" && prior !== undefined && handler.update !== undefined
        ? await this.step(node.address, () =>
            (handler.update as NonNullable<ResourceHandler["update"]>)(args, prior, context),
          )
        : await this.step(node.address, () => handler.create(args, context));
    const stored: StoredResource = {
      address: node.address,
      type: node.type,
      name: node.name,
      provider: node.provider,
      arguments: args,
      attributes,
      dependencies: resourceDependencies,
    };
    this.resources.set(node.address, stored);
    this.save();
    if (action !== "update") {
      try {
        await this.runProvisioners(node, "create", attributes, scope);
      } catch (error) {
        // As Terraform does: a resource whose creation-time provisioner failed is tainted, and replaced next time.
        this.resources.set(node.address, { ...stored, tainted: true });
        this.save();
        throw error;
      }
    }
    this.record(node.address, action, started, `${action === "create" ? "created" : `${action}d`}`);
  }

  /**
   * `lifecycle.replace_triggered_by`: a whole-resource reference triggers when that resource was updated or
   * replaced in this run; an attribute reference when that attribute's value changed.
   */
  private triggeredReplacement(node: ConfigNode): boolean {
    return node.lifecycle.replaceTriggeredBy.some((reference) => {
      const change = this.changedThisRun.get(reference.address);
      if (change === undefined || change.action === "create" || change.before === undefined) {
        return false;
      }
      if (change.action === "replace" || reference.attribute.length === 0) {
        return true;
      }
      const now = this.resources.get(reference.address)?.attributes;
      const pick = (attributes: Attributes | undefined): Value | undefined =>
        reference.attribute.reduce<Value | undefined>(
          (value, key) =>
            value !== null && typeof value === "object" && !Array.isArray(value)
              ? (value as Attributes)[key]
              : undefined,
          attributes,
        );
      return !isDeepStrictEqual(pick(change.before), pick(now));
    });
  }

  /**
   * Deletes one resource from what the state holds. Destroy-time provisioners come from the configuration
   * (`node`), as in Terraform: when the block was removed from the configuration they do not run.
   */
  public async destroyResource(
    resource: StoredResource,
    node: ConfigNode | undefined,
    partOfReplace = false,
  ): Promise<void> {
    this.checkAborted();
    const started = Date.now();
    if (node !== undefined && resource.tainted !== true) {
      await this.runProvisioners(node, "destroy", resource.attributes, this.resourceScope());
    }
    const handler = this.handler(resource.type);
    const context = this.handlerContext(resource.address, resource.provider);
    await this.step(resource.address, () => handler.delete(resource, context));
    this.resources.delete(resource.address);
    this.save();
    if (partOfReplace) {
      // The replacement is reported once, as "replace", when its creation completes.
      this.context.emit({
        kind: "delete",
        address: resource.address,
        message: `${resource.address}: deleted for replacement`,
      });
    } else {
      this.record(resource.address, "delete", started, "deleted");
    }
  }

  /** Deletes several stored resources, dependents first. */
  public async destroyAll(
    resources: readonly StoredResource[],
    nodeOf: (address: string) => ConfigNode | undefined,
  ): Promise<void> {
    const graph = new Map(resources.map((resource) => [resource.address, resource.dependencies]));
    for (const address of dependencyOrder(graph).reverse()) {
      const resource = this.resources.get(address);
      if (resource !== undefined) {
        await this.destroyResource(resource, nodeOf(address));
      }
    }
  }

  private resourceScope(): EvalScope {
    return { lookup: (address, where) => this.lookup(address, where) };
  }

  private async runProvisioners(
    node: ConfigNode,
    when: "create" | "destroy",
    self: Attributes,
    outer: EvalScope,
  ): Promise<void> {
    for (const provisioner of node.provisioners.filter((candidate) => candidate.when === when)) {
      this.checkAborted();
      const scope: EvalScope = {
        lookup: (address, where) => (address === "self" ? self : outer.lookup(address, where)),
      };
      const spec = toLocalExecSpec(evaluate(provisioner.body, scope, provisioner.where), provisioner.where);
      try {
        await runLocalExec({
          address: node.address,
          spec,
          stackDir: this.context.stackDir,
          env: this.context.env,
          timeoutMs: this.context.stepTimeoutMs,
          emit: this.context.emit,
          signal: this.context.signal,
        });
      } catch (error) {
        if (provisioner.onFailure === "continue") {
          this.context.emit({
            kind: "warning",
            address: node.address,
            message: `${provisioner.where} failed and on_failure = "continue": ${(error as Error).message}`,
          });
          continue;
        }
        throw error;
      }
    }
  }

  /** The attributes of an applied resource, for references. */
  public lookup(address: string, where: string): Attributes {
    const resource = this.resources.get(address);
    if (resource === undefined) {
      throw new ApplyError(where, `${address} has not been applied yet; this is a bug in the harness's ordering.`);
    }
    return resource.attributes;
  }

  private handlerContext(address: string, provider: string): HandlerContext {
    const placement = this.context.placements.get(provider) ?? {
      ...this.context.sandbox,
      inSandbox: true,
    };
    return {
      address,
      accountId: placement.accountId,
      region: placement.region,
      inSandbox: placement.inSandbox,
      stackDir: this.context.stackDir,
      env: this.context.env,
      eventBridge: this.context.eventBridge,
      lambdaEnvironment: this.context.lambdaEnvironment,
      findResource: (predicate) => [...this.resources.values()].find(predicate),
      emit: this.context.emit,
      signal: this.context.signal,
    };
  }

  private handler(type: string): ResourceHandler {
    const handler = this.context.registry.resources.get(type);
    if (handler === undefined) {
      throw new ValidationError(`the state holds a resource of type ${type}, which the harness does not know.`, [
        { field: "type", rule: "must be a supported resource type", value: type },
      ]);
    }
    return handler;
  }

  private async step<T>(address: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (ApplyError.isApplyError(error) || ValidationError.isValidationError(error)) {
        throw error;
      }
      throw new ApplyError(address, `failed: ${(error as Error).message}`, { cause: error });
    }
  }

  private record(address: string, action: ResourceChange["action"], started: number, verb: string): void {
    const durationMs = Date.now() - started;
    this.changes.push({ address, action, durationMs });
    this.context.emit({ kind: action, address, message: `${address}: ${verb}`, durationMs });
  }

  private checkAborted(): void {
    if (this.context.signal?.aborted === true) {
      throw new ApplyError("sandbox apply", "aborted; the state file records what was done so far.", {
        cause: this.context.signal.reason,
      });
    }
  }
}

/** Reads a data source (every apply reads it again, as Terraform refreshes data sources). */
export async function readDataSource(
  node: ConfigNode,
  scope: EvalScope,
  context: RunContext,
  run: Run,
): Promise<Attributes> {
  const handler = context.registry.dataSources.get(node.type);
  if (handler === undefined) {
    throw new ValidationError(`${node.address}: unknown data source ${node.type}.`, [
      { field: node.address, rule: "must be a supported data source", value: node.type },
    ]);
  }
  const placement = context.placements.get(node.provider) ?? { ...context.sandbox, inSandbox: true };
  const args = evaluate(node.body, scope, node.address) as Attributes;
  const attributes = await handler.read(args, {
    address: node.address,
    accountId: placement.accountId,
    region: placement.region,
    inSandbox: placement.inSandbox,
    stackDir: context.stackDir,
    env: context.env,
    eventBridge: context.eventBridge,
    lambdaEnvironment: context.lambdaEnvironment,
    findResource: (predicate) => [...run.resources.values()].find(predicate),
    emit: context.emit,
    signal: context.signal,
  });
  context.emit({ kind: "read", address: node.address, message: `${node.address}: read` });
  return { ...args, ...attributes };
}
