/**
 * A local Amazon EventBridge: a real HTTP server on loopback that speaks EventBridge's wire protocol
 * (AWS JSON 1.1), so the unmodified `@aws-sdk/client-eventbridge` works against it. It keeps partner
 * event sources, buses, rules, targets and archives per account and region, routes published events through rules
 * (the project's pattern matcher) to recorded target deliveries, and injects throttling and latency on
 * demand. It also implements {@link PartnerSourceRegistry}, so the Snyk simulator can create and delete
 * partner sources in it as Snyk does in a real account.
 *
 * Point clients at it with `endpoint` (or `AWS_ENDPOINT_URL_EVENTBRIDGE`, and `AWS_ENDPOINT_URL_STS` for
 * the caller-identity check) and any credentials: the access key selects the account (see `accounts`),
 * the signing region the region.
 */
import { closeServer, listenOnLoopback } from "./loopback-server";
import { createServer, type Server } from "node:http";
import { ValidationError } from "../errors";
import type { PartnerSourceRegistry } from "./partner-source-registry";
import { archivesOfBus } from "./eventbridge/archive-store";
import { FaultPlan } from "./eventbridge/faults";
import { epochSeconds, type OperationContext } from "./eventbridge/operation-context";
import { OPERATION_SHAPES } from "./eventbridge/operation-shapes";
import { OPERATIONS } from "./eventbridge/operations";
import { createPatternEngine, type PatternEngine } from "./eventbridge/pattern-engine";
import { EventRouter, type Delivery, type DeliveryFailure, type DroppedEvent } from "./eventbridge/routing";
import { AwsServiceError } from "./eventbridge/service-error";
import { validateShape } from "./eventbridge/shape-validator";
import { partnerOf, SimulatorStore, sourceArn } from "./eventbridge/store";
import { handleRequest, type Caller, type RequestRecord } from "./eventbridge/wire-protocol";

export type { Delivery, DeliveryFailure, DroppedEvent } from "./eventbridge/routing";
export type { RequestRecord } from "./eventbridge/wire-protocol";
export type { FaultScope, TargetEntryFailure } from "./eventbridge/faults";
export { FaultPlan } from "./eventbridge/faults";

/** How long a PENDING partner source lives without a bus in the simulator. */
const SOURCE_EXPIRY_MS = 12 * 24 * 60 * 60 * 1000;

/** Options of {@link EventBridgeSimulator.start}. */
export interface EventBridgeSimulatorOptions {
  /**
   * TCP port.
   *
   * @default 0 - a free port chosen by the system
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   *
   * @default "127.0.0.1"
   */
  readonly host?: string;
  /**
   * The account of callers whose access key is not in `accounts`, and of partner sources created without one.
   *
   * @default "123456789012"
   */
  readonly accountId?: string;
  /**
   * The simulator's home region (the one `createPartnerSource` callers usually name).
   *
   * @default "us-east-1"
   */
  readonly region?: string;
  /**
   * Access key ID to account ID, to simulate credentials for several accounts.
   *
   * @default - every access key belongs to `accountId`
   */
  readonly accounts?: Readonly<Record<string, string>>;
  /**
   * Clock.
   *
   * @default - the system clock
   */
  readonly now?: () => Date;
  /**
   * Pattern validation and matching.
   *
   * @default - the project's matcher and validator (`src/events`)
   */
  readonly patterns?: PatternEngine;
}

/** A partner source as state inspection shows it. */
export interface SimulatedSource {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly state: "PENDING" | "ACTIVE" | "DELETED";
}

/** A bus with its rules and targets, as state inspection shows it. */
export interface SimulatedBus {
  readonly name: string;
  readonly arn: string;
  readonly eventSourceName?: string;
  readonly rules: readonly {
    readonly name: string;
    readonly arn: string;
    readonly state: string;
    readonly eventPattern?: string;
    readonly targets: readonly Readonly<Record<string, unknown>>[];
  }[];
}

/** An event archive as state inspection shows it, with the events counted into it so far. */
export interface SimulatedArchive {
  readonly name: string;
  readonly arn: string;
  /** The ARN of the bus whose events it receives. */
  readonly eventSourceArn: string;
  readonly state: string;
  readonly description?: string;
  /** The filter (JSON text); absent when every event of the bus is archived. */
  readonly eventPattern?: string;
  /** 0 keeps events indefinitely. */
  readonly retentionDays: number;
  /** Events archived so far. */
  readonly eventCount: number;
  /** Their metered size in bytes (the PutEvents entry size of each event). */
  readonly sizeBytes: number;
  readonly creationTime: Date;
}

/** A local, wire-compatible Amazon EventBridge for tests, the sandbox and the demo. */
export class EventBridgeSimulator implements PartnerSourceRegistry {
  /** Starts a simulator listening on loopback. */
  public static async start(options: EventBridgeSimulatorOptions = {}): Promise<EventBridgeSimulator> {
    const simulator = new EventBridgeSimulator(options);
    await simulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
    return simulator;
  }

  /** The default account (`options.accountId`). */
  public readonly accountId: string;
  /** The home region (`options.region`). */
  public readonly region: string;
  /** Throttling, latency, errors and per-entry target failures on demand. */
  public readonly faults = new FaultPlan();
  private readonly store: SimulatorStore;
  private readonly router: EventRouter;
  private readonly patterns: PatternEngine;
  private readonly now: () => Date;
  private readonly accounts: Readonly<Record<string, string>>;
  private readonly requestLog: RequestRecord[] = [];
  private readonly server: Server;
  private url = "";

  private constructor(options: EventBridgeSimulatorOptions) {
    this.accountId = options.accountId ?? "123456789012";
    this.region = options.region ?? "us-east-1";
    this.accounts = options.accounts ?? {};
    this.now = options.now ?? (() => new Date());
    this.patterns = options.patterns ?? createPatternEngine();
    this.store = new SimulatorStore(this.now);
    this.router = new EventRouter(this.patterns, this.now, (bus) => archivesOfBus(this.store, bus));
    this.server = createServer((request, response) => {
      void handleRequest(request, response, {
        accountOf: (accessKeyId) => this.accounts[accessKeyId] ?? this.accountId,
        fault: (operation) => this.faults.next(operation),
        run: (operation, input, caller) => this.run(operation, input, caller),
        record: (entry) => this.requestLog.push(entry),
      });
    });
  }

  /** `http://127.0.0.1:<port>`: the endpoint for `@aws-sdk/client-eventbridge` (and STS). */
  public get endpoint(): string {
    return this.url;
  }

  /** Creates the partner event source `name` (PENDING) in `accountId`/`region`, as the partner does. */
  public createPartnerSource(source: { name: string; accountId: string; region: string }): void {
    const shape = OPERATION_SHAPES.DescribeEventSource;
    try {
      validateShape({ Name: source.name }, shape);
      partnerOf(source.name);
    } catch (error) {
      throw ValidationError.fromIssues("The partner event source", [
        {
          field: "name",
          rule: `must be a partner event source name aws.partner/<partner>/<name> (${(error as Error).message})`,
          value: source.name,
        },
      ]);
    }
    const partition = this.store.partition(source.accountId, source.region);
    const existing = partition.sources.get(source.name);
    if (existing !== undefined && !existing.deleted) {
      return;
    }
    const created = this.now();
    partition.sources.set(source.name, {
      name: source.name,
      accountId: source.accountId,
      region: source.region,
      createdBy: partnerOf(source.name),
      creationTime: created,
      expirationTime: new Date(created.getTime() + SOURCE_EXPIRY_MS),
      deleted: false,
    });
  }

  /** The partner deletes the source: it disappears, or shows DELETED while a bus is still associated. */
  public deletePartnerSource(source: { name: string; accountId: string; region: string }): void {
    const partition = this.store.partition(source.accountId, source.region);
    const existing = partition.sources.get(source.name);
    if (existing === undefined) {
      return;
    }
    if (partition.busForSource(source.name) === undefined) {
      partition.sources.delete(source.name);
    } else {
      existing.deleted = true;
    }
  }

  /**
   * Publishes partner events in-process, exactly as a `PutPartnerEvents` call would (same checks, same
   * routing). Returns the API's response body.
   */
  public putPartnerEvents(
    entries: readonly { Source: string; DetailType: string; Detail: string; Resources?: string[]; Time?: Date }[],
  ): { FailedEntryCount: number; Entries: ({ EventId: string } | { ErrorCode: string; ErrorMessage: string })[] } {
    const input = {
      Entries: entries.map((entry) => ({
        ...entry,
        ...(entry.Time === undefined ? {} : { Time: epochSeconds(entry.Time) }),
      })),
    };
    const caller: Caller = { accessKeyId: "in-process", accountId: this.accountId, region: this.region };
    return this.run("PutPartnerEvents", input, caller) as ReturnType<EventBridgeSimulator["putPartnerEvents"]>;
  }

  /** Every delivery to a target so far, oldest first. */
  public deliveries(): readonly Delivery[] {
    return [...this.router.deliveries];
  }

  /** Matching targets whose input could not be produced (for example an InputPath selecting nothing). */
  public deliveryFailures(): readonly DeliveryFailure[] {
    return [...this.router.failures];
  }

  /** Accepted events that reached no bus, with the reason (no bus associated, bus does not exist). */
  public droppedEvents(): readonly DroppedEvent[] {
    return [...this.router.drops];
  }

  /** Calls `listener` for each delivery from now on (the demo prints them); returns the unsubscribe function. */
  public onDelivery(listener: (delivery: Delivery) => void): () => void {
    return this.router.onDelivery(listener);
  }

  /** Every request answered so far (operation, caller account and region, status, error type). */
  public requests(): readonly RequestRecord[] {
    return [...this.requestLog];
  }

  /** Forgets recorded deliveries, failures, drops and requests (state stays). */
  public clearRecords(): void {
    this.router.deliveries.length = 0;
    this.router.failures.length = 0;
    this.router.drops.length = 0;
    this.requestLog.length = 0;
  }

  /** The partner sources of an account and region. */
  public sources(accountId: string = this.accountId, region: string = this.region): SimulatedSource[] {
    const partition = this.store.partition(accountId, region);
    return [...partition.sources.values()].map((source) => ({
      name: source.name,
      arn: sourceArn(source.region, source.name),
      accountId: source.accountId,
      region: source.region,
      state: partition.sourceState(source),
    }));
  }

  /** The buses of an account and region, with their rules and targets. */
  public buses(accountId: string = this.accountId, region: string = this.region): SimulatedBus[] {
    return [...this.store.partition(accountId, region).buses.values()].map((bus) => ({
      name: bus.name,
      arn: bus.arn,
      ...(bus.eventSourceName === undefined ? {} : { eventSourceName: bus.eventSourceName }),
      rules: [...bus.rules.values()].map((rule) => ({
        name: rule.name,
        arn: rule.arn,
        state: rule.state,
        ...(rule.eventPattern === undefined ? {} : { eventPattern: rule.eventPattern }),
        targets: [...rule.targets.values()],
      })),
    }));
  }

  /** The event archives of an account and region, sorted by name, with their event counts and sizes. */
  public archives(accountId: string = this.accountId, region: string = this.region): SimulatedArchive[] {
    return [...this.store.partition(accountId, region).archives.values()]
      .sort((left, right) => left.name.localeCompare(right.name))
      .map((archive) => ({
        name: archive.name,
        arn: archive.arn,
        eventSourceArn: archive.eventSourceArn,
        state: archive.state,
        ...(archive.description === undefined ? {} : { description: archive.description }),
        ...(archive.eventPattern === undefined ? {} : { eventPattern: archive.eventPattern }),
        retentionDays: archive.retentionDays,
        eventCount: archive.eventCount,
        sizeBytes: archive.sizeBytes,
        creationTime: archive.creationTime,
      }));
  }

  /** Stops the server and closes open connections. */
  public async close(): Promise<void> {
    await closeServer(this.server);
  }

  private run(operation: string, input: unknown, caller: Caller): Record<string, unknown> {
    const handler = OPERATIONS[operation];
    const shape = OPERATION_SHAPES[operation];
    if (handler === undefined || shape === undefined) {
      throw new AwsServiceError(
        "UnknownOperationException",
        `The sandbox EventBridge does not implement ${operation}.`,
      );
    }
    validateShape(input, shape);
    const context: OperationContext = {
      store: this.store,
      partition: this.store.partition(caller.accountId, caller.region),
      patterns: this.patterns,
      router: this.router,
      faults: this.faults,
      now: this.now,
    };
    return handler(context, input as Record<string, unknown>);
  }

  private async listen(port: number, host: string): Promise<void> {
    this.url = await listenOnLoopback(this.server, port, host);
  }
}
