/**
 * The simulated EventBridge's state. Everything lives in a partition per account and region, as in AWS:
 * a caller sees only the partition its credentials and signing region select.
 */
import type { ArchiveRecord } from "./archive-store";
import { busNotFound, ruleNotFound, validationError } from "./service-error";

/** A partner event source as the partner created it. Its state is derived, see {@link sourceState}. */
export interface SourceRecord {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** The partner, taken from the name (`snyk.io` for `aws.partner/snyk.io/...`). */
  readonly createdBy: string;
  readonly creationTime: Date;
  readonly expirationTime: Date;
  /** The partner deleted it while a bus was associated: the bus side sees DELETED. */
  deleted: boolean;
}

/** A target exactly as `PutTargets` received it. */
export type TargetRecord = Readonly<Record<string, unknown>> & { readonly Id: string; readonly Arn: string };

/** A rule on a bus. */
export interface RuleRecord {
  readonly name: string;
  readonly busName: string;
  readonly arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: string;
  description?: string;
  roleArn?: string;
  readonly createdBy: string;
  /** Targets by ID, in insertion order. */
  readonly targets: Map<string, TargetRecord>;
}

/** An event bus. */
export interface BusRecord {
  readonly name: string;
  readonly arn: string;
  /** Set for a partner event bus: the source it receives from. */
  readonly eventSourceName?: string;
  readonly description?: string;
  readonly creationTime: Date;
  lastModifiedTime: Date;
  readonly rules: Map<string, RuleRecord>;
}

/** All resources of one account in one region. */
export class Partition {
  public readonly buses = new Map<string, BusRecord>();
  public readonly sources = new Map<string, SourceRecord>();
  /** Event archives by name (names are unique per account and region, whatever the source bus). */
  public readonly archives = new Map<string, ArchiveRecord>();

  constructor(
    public readonly accountId: string,
    public readonly region: string,
    now: Date,
  ) {
    this.buses.set("default", {
      name: "default",
      arn: busArn(region, accountId, "default"),
      creationTime: now,
      lastModifiedTime: now,
      rules: new Map(),
    });
  }

  /** The bus named (or ARN'd) `nameOrArn`, defaulting to `default`; ResourceNotFoundException when missing. */
  public bus(nameOrArn: unknown): BusRecord {
    const name = busNameOf(nameOrArn);
    const bus = this.buses.get(name);
    if (bus === undefined) {
      throw busNotFound(name);
    }
    return bus;
  }

  /** The rule `name` on the bus; ResourceNotFoundException naming both when missing. */
  public rule(name: string, busNameOrArn: unknown): RuleRecord {
    const bus = this.bus(busNameOrArn);
    const rule = bus.rules.get(name);
    if (rule === undefined) {
      throw ruleNotFound(name, bus.name);
    }
    return rule;
  }

  /** The bus associated with the source `name`, if any. */
  public busForSource(name: string): BusRecord | undefined {
    return [...this.buses.values()].find((bus) => bus.eventSourceName === name);
  }

  /** PENDING until a bus is associated, ACTIVE after, DELETED once the partner deleted it. */
  public sourceState(source: SourceRecord): "PENDING" | "ACTIVE" | "DELETED" {
    if (source.deleted) {
      return "DELETED";
    }
    return this.busForSource(source.name) === undefined ? "PENDING" : "ACTIVE";
  }
}

/** The partitions of the whole simulator. */
export class SimulatorStore {
  private readonly partitions = new Map<string, Partition>();

  constructor(private readonly clock: () => Date) {}

  /** The partition of `accountId`/`region`, created (with its default bus) on first use. */
  public partition(accountId: string, region: string): Partition {
    const key = `${accountId}/${region}`;
    let partition = this.partitions.get(key);
    if (partition === undefined) {
      partition = new Partition(accountId, region, this.clock());
      this.partitions.set(key, partition);
    }
    return partition;
  }

  /** Every partition created so far. */
  public all(): Partition[] {
    return [...this.partitions.values()];
  }

  /** The partition holding the partner source `name`, wherever it was created. */
  public partitionOfSource(name: string): Partition | undefined {
    return this.all().find((partition) => partition.sources.has(name));
  }
}

/** `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export function busArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
}

/** `rule/<name>` on the default bus, `rule/<bus>/<name>` on any other. */
export function ruleArn(region: string, accountId: string, busName: string, name: string): string {
  const path = busName === "default" ? name : `${busName}/${name}`;
  return `arn:aws:events:${region}:${accountId}:rule/${path}`;
}

/** `arn:aws:events:<region>::event-source/<name>` (no account: the partner owns the name). */
export function sourceArn(region: string, name: string): string {
  return `arn:aws:events:${region}::event-source/${name}`;
}

/** The bus name in a name-or-ARN value; `default` when absent. */
export function busNameOf(nameOrArn: unknown): string {
  if (typeof nameOrArn !== "string" || nameOrArn === "") {
    return "default";
  }
  const marker = ":event-bus/";
  const index = nameOrArn.startsWith("arn:") ? nameOrArn.indexOf(marker) : -1;
  return index >= 0 ? nameOrArn.slice(index + marker.length) : nameOrArn;
}

/** The partner name in a partner source name: `snyk.io` for `aws.partner/snyk.io/org_1/issues`. */
export function partnerOf(sourceName: string): string {
  const parts = sourceName.split("/");
  if (parts[0] !== "aws.partner" || parts.length < 3) {
    throw validationError(
      `Event source name ${sourceName} is not a partner event source name (aws.partner/<partner>/<name>).`,
    );
  }
  return parts[1];
}
