/**
 * Faults the simulated EventBridge injects on demand: throttling, latency and arbitrary errors, for all
 * operations or named ones, for a number of requests or until cleared.
 */
import { AwsServiceError } from "./service-error";

/** Which requests a fault applies to. */
export interface FaultScope {
  /**
   * Operation names, for example `["DescribeEventSource"]`.
   *
   * @default - every operation
   */
  readonly operations?: readonly string[];
  /**
   * How many matching requests the fault hits before it wears off.
   *
   * @default - every matching request until `clear()`
   */
  readonly count?: number;
}

interface Fault {
  readonly scope: FaultScope;
  remaining: number;
  readonly apply: () => AwsServiceError | number;
}

/** A per-entry failure PutTargets/RemoveTargets report for one target ID. */
export interface TargetEntryFailure {
  /** The target ID that fails. */
  readonly targetId: string;
  /** For example `ConcurrentModificationException`. */
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** The fault plan of one simulator. */
export class FaultPlan {
  private readonly faults: Fault[] = [];
  private readonly entryFailures = new Map<string, TargetEntryFailure>();

  /** Makes PutTargets and RemoveTargets report `failure` for its target ID in FailedEntries (until `clear()`). */
  public failTargetEntry(failure: TargetEntryFailure): void {
    this.entryFailures.set(failure.targetId, failure);
  }

  /** The per-entry failure injected for `targetId`, if any. */
  public targetEntryFailure(targetId: string): TargetEntryFailure | undefined {
    return this.entryFailures.get(targetId);
  }

  /** Answers matching requests with HTTP 400 `ThrottlingException: Rate exceeded`, as AWS does. */
  public throttle(scope: FaultScope = {}): void {
    this.add(scope, () => new AwsServiceError("ThrottlingException", "Rate exceeded"));
  }

  /** Delays matching requests by `ms` before answering. */
  public latency(ms: number, scope: FaultScope = {}): void {
    this.add(scope, () => ms);
  }

  /** Answers matching requests with the given error (for example `InternalException`, status 500). */
  public fail(error: { type: string; message: string; status?: number }, scope: FaultScope = {}): void {
    this.add(scope, () => new AwsServiceError(error.type, error.message, error.status ?? 400));
  }

  /** Removes every fault. */
  public clear(): void {
    this.faults.length = 0;
    this.entryFailures.clear();
  }

  /** The latency to add and the error to answer with (if any) for one request of `operation`. */
  public next(operation: string): { delayMs: number; error?: AwsServiceError } {
    let delayMs = 0;
    let error: AwsServiceError | undefined;
    for (const fault of this.faults) {
      const applies = fault.scope.operations === undefined || fault.scope.operations.includes(operation);
      if (!applies || fault.remaining <= 0) {
        continue;
      }
      const effect = fault.apply();
      if (typeof effect === "number") {
        delayMs += effect;
        fault.remaining -= 1;
      } else if (error === undefined) {
        error = effect;
        fault.remaining -= 1;
      }
    }
    for (let index = this.faults.length - 1; index >= 0; index -= 1) {
      if (this.faults[index].remaining <= 0) {
        this.faults.splice(index, 1);
      }
    }
    return { delayMs, error };
  }

  private add(scope: FaultScope, apply: () => AwsServiceError | number): void {
    this.faults.push({ scope, remaining: scope.count ?? Number.POSITIVE_INFINITY, apply });
  }
}
