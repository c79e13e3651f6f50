/**
 * Event archives as the simulator keeps them: one record per archive in the partition (account and region)
 * that owns it, bound to its source bus by ARN. Every event routed on a bus is counted into the bus's
 * archives whose pattern it matches (all of them when an archive has no pattern), so tests can read
 * `EventCount` and `SizeBytes` through `DescribeArchive`, `ListArchives` or `simulator.archives()`.
 */
import type { EventBridgeEvent } from "../../events/event-envelope";
import type { PatternEngine } from "./pattern-engine";
import type { BusRecord, SimulatorStore } from "./store";

/** The states an archive can be in (`ArchiveState` in the API model). */
export const ARCHIVE_STATES = ["ENABLED", "DISABLED", "CREATING", "UPDATING", "CREATE_FAILED", "UPDATE_FAILED"];

/** An archive and its running totals. */
export interface ArchiveRecord {
  readonly name: string;
  readonly arn: string;
  /** The ARN of the bus whose events it receives; it never changes. */
  readonly eventSourceArn: string;
  readonly creationTime: Date;
  /** Always ENABLED here: the simulator applies changes at once, so CREATING and UPDATING are never seen. */
  state: string;
  description?: string;
  /** The filter as the caller sent it (JSON text); every event is archived without one. */
  eventPattern?: string;
  /** 0 keeps events indefinitely (the API's default). */
  retentionDays: number;
  kmsKeyIdentifier?: string;
  eventCount: number;
  sizeBytes: number;
}

/** `arn:aws:events:<region>:<account>:archive/<name>`. */
export function archiveArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:archive/${name}`;
}

/** The archives of `store` that receive the events of `bus`, found through the account and region in its ARN. */
export function archivesOfBus(store: SimulatorStore, bus: BusRecord): ArchiveRecord[] {
  const [, , , region, accountId] = bus.arn.split(":");
  return [...store.partition(accountId, region).archives.values()].filter(
    (archive) => archive.eventSourceArn === bus.arn,
  );
}

/**
 * The size EventBridge meters for an event, after the PutEvents entry size rule: 14 bytes for the time, then
 * the UTF-8 bytes of source, detail-type, detail (as JSON) and each resource.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export function archivedEventSize(event: EventBridgeEvent): number {
  const bytes = (text: string): number => Buffer.byteLength(text, "utf8");
  const resources = event.resources.reduce((sum, arn) => sum + bytes(arn), 0);
  return 14 + bytes(event.source) + bytes(event["detail-type"]) + bytes(JSON.stringify(event.detail)) + resources;
}

/** Counts `event` into each ENABLED archive whose pattern it matches; returns how many archives took it. */
export function archiveEvent(
  archives: readonly ArchiveRecord[],
  event: EventBridgeEvent,
  patterns: PatternEngine,
): number {
  let archived = 0;
  for (const archive of archives) {
    if (archive.state !== "ENABLED") {
      continue;
    }
    if (archive.eventPattern !== undefined && !patterns.matches(archive.eventPattern, event)) {
      continue;
    }
    archive.eventCount += 1;
    archive.sizeBytes += archivedEventSize(event);
    archived += 1;
  }
  return archived;
}
