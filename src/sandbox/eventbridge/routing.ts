/**
 * Routing an event on a bus: match it against the bus's enabled rules, shape it for each target of each
 * matching rule (Input, InputPath, InputTransformer) and record the delivery, as a real target would
 * receive it. Events that reach no bus are recorded as dropped, with the reason.
 */
import { renderTargetInput } from "../../events/input-transformer";
import type { EventBridgeEvent } from "../../events/event-envelope";
import { archiveEvent, type ArchiveRecord } from "./archive-store";
import type { PatternEngine } from "./pattern-engine";
import type { BusRecord } from "./store";

/** One event handed to one target. */
export interface Delivery {
  readonly eventId: string;
  readonly accountId: string;
  readonly region: string;
  readonly busName: string;
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  /** Exactly what the target receives: the event JSON, or the result of Input/InputPath/InputTransformer. */
  readonly input: string;
  /** When it was delivered. */
  readonly time: Date;
}

/** A matching target EventBridge could not hand the event to (its input could not be produced). */
export interface DeliveryFailure extends Omit<Delivery, "input"> {
  /** Why, naming the target setting at fault. */
  readonly reason: string;
}

/** An event accepted by the API that reached no bus. */
export interface DroppedEvent {
  readonly eventId: string;
  readonly source: string;
  readonly reason: string;
  readonly time: Date;
}

/** Enabled states: a rule in any other state sees no events. */
const ENABLED_STATES = new Set(["ENABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]);

/** Routes events and keeps the record of what happened to them. */
export class EventRouter {
  public readonly deliveries: Delivery[] = [];
  public readonly failures: DeliveryFailure[] = [];
  public readonly drops: DroppedEvent[] = [];
  private readonly listeners = new Set<(delivery: Delivery) => void>();

  /**
   * @param archivesOf - the archives that receive a bus's events (every event on the bus, whether or not a
   *   rule matches it, is counted into the archives whose pattern it matches)
   */
  constructor(
    private readonly patterns: PatternEngine,
    private readonly now: () => Date,
    private readonly archivesOf: (bus: BusRecord) => readonly ArchiveRecord[] = () => [],
  ) {}

  /** Calls `listener` for every delivery from now on; returns the function that stops it. */
  public onDelivery(listener: (delivery: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Counts `event` into the archives of `bus` and routes it through its rules; returns the number of deliveries. */
  public route(bus: BusRecord, event: EventBridgeEvent): number {
    archiveEvent(this.archivesOf(bus), event, this.patterns);
    let delivered = 0;
    for (const rule of bus.rules.values()) {
      if (!ENABLED_STATES.has(rule.state) || rule.eventPattern === undefined) {
        continue;
      }
      if (!this.patterns.matches(rule.eventPattern, event)) {
        continue;
      }
      for (const target of rule.targets.values()) {
        const base = {
          eventId: event.id,
          accountId: event.account,
          region: event.region,
          busName: bus.name,
          ruleName: rule.name,
          ruleArn: rule.arn,
          targetId: target.Id,
          targetArn: target.Arn,
          time: this.now(),
        };
        const rendered = renderTargetInput(event as unknown as Record<string, unknown>, target, {
          ruleArn: rule.arn,
          ruleName: rule.name,
        });
        if (!rendered.ok) {
          this.failures.push({ ...base, reason: rendered.reason });
          continue;
        }
        const delivery: Delivery = { ...base, input: rendered.text };
        this.deliveries.push(delivery);
        delivered += 1;
        this.listeners.forEach((listener) => listener(delivery));
      }
    }
    return delivered;
  }

  /** Records an accepted event that reached no bus. */
  public drop(eventId: string, source: string, reason: string): void {
    this.drops.push({ eventId, source, reason, time: this.now() });
  }
}
