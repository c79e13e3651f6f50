/**
 * What every simulated operation gets: the caller's partition, the whole store (partner events cross
 * accounts), the pattern engine and the router, and the clock.
 */
import type { PatternEngine } from "./pattern-engine";
import type { EventRouter } from "./routing";
import type { Partition, SimulatorStore } from "./store";
import type { FaultPlan } from "./faults";

/** Inputs of one operation call. */
export interface OperationContext {
  readonly store: SimulatorStore;
  /** The caller's account and region. */
  readonly partition: Partition;
  readonly patterns: PatternEngine;
  readonly router: EventRouter;
  readonly faults: FaultPlan;
  readonly now: () => Date;
}

/** A simulated operation: validated input in, response body out (or an `AwsServiceError` thrown). */
export type OperationHandler = (
  context: OperationContext,
  input: Readonly<Record<string, unknown>>,
) => Record<string, unknown>;

/** Epoch seconds, the AWS JSON 1.1 timestamp format. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
