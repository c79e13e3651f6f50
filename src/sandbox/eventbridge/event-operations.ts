/**
 * Publishing and testing events: PutEvents, PutPartnerEvents, TestEventPattern. Entries fail one by one
 * (FailedEntryCount, ErrorCode, ErrorMessage) with the codes and messages AWS was recorded giving.
 */
import { randomUUID } from "node:crypto";
import type { EventBridgeEvent } from "../../events/event-envelope";
import type { OperationContext, OperationHandler } from "./operation-context";
import { checkEventPattern } from "./rule-operations";
import { validationError } from "./service-error";
import { busNameOf, type Partition } from "./store";

/** Total size of the entries of one request. */
export const MAX_ENTRIES_BYTES = 256 * 1024;

type Entry = Readonly<Record<string, unknown>>;
type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** ISO 8601 without milliseconds, as EventBridge writes `time`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function entrySize(entry: Entry): number {
  const text = (value: unknown): number => (typeof value === "string" ? Buffer.byteLength(value, "utf8") : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce<number>((sum, arn) => sum + text(arn), 0)
    : 0;
  return (
    (entry.Time === undefined ? 0 : 14) + text(entry.Source) + text(entry.DetailType) + text(entry.Detail) + resources
  );
}

function checkTotalSize(entries: readonly Entry[]): void {
  if (entries.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_ENTRIES_BYTES) {
    throw validationError("Total size of the entries in the request is over the limit.");
  }
}

/** The per-entry problem AWS reports, or the parsed detail. */
function checkEntry(entry: Entry): { error: EntryResult } | { detail: Record<string, unknown> } {
  for (const field of ["Source", "DetailType", "Detail"] as const) {
    if (entry[field] === undefined || entry[field] === "") {
      return {
        error: {
          ErrorCode: "InvalidArgument",
          ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
        },
      };
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    return { error: { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." } };
  }
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) {
    return { error: { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." } };
  }
  return { detail: detail as Record<string, unknown> };
}

function envelope(
  context: OperationContext,
  partition: Partition,
  entry: Entry,
  detail: Record<string, unknown>,
): EventBridgeEvent<string, Record<string, unknown>> {
  const time = typeof entry.Time === "number" ? new Date(entry.Time * 1000) : context.now();
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType as string,
    source: entry.Source as string,
    account: partition.accountId,
    time: isoSeconds(time),
    region: partition.region,
    resources: Array.isArray(entry.Resources) ? (entry.Resources as string[]) : [],
    detail,
  };
}

function summary(results: EntryResult[]): Record<string, unknown> {
  return { FailedEntryCount: results.filter((result) => "ErrorCode" in result).length, Entries: results };
}

/**
 * PutEvents: each entry goes to its bus (name or ARN, `default` when absent) in the caller's partition.
 * Sources starting with `aws.` are reserved; an entry for a bus that does not exist is accepted and
 * dropped, as AWS does.
 */
export const putEvents: OperationHandler = (context, input) => {
  const entries = input.Entries as Entry[];
  checkTotalSize(entries);
  const results = entries.map((entry): EntryResult => {
    const checked = checkEntry(entry);
    if ("error" in checked) {
      return checked.error;
    }
    if ((entry.Source as string).startsWith("aws.")) {
      return { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." };
    }
    const event = envelope(context, context.partition, entry, checked.detail);
    const bus = context.partition.buses.get(busNameOf(entry.EventBusName));
    if (bus === undefined) {
      context.router.drop(event.id, event.source, `event bus ${busNameOf(entry.EventBusName)} does not exist`);
    } else {
      context.router.route(bus, event);
    }
    return { EventId: event.id };
  });
  return summary(results);
};

/**
 * PutPartnerEvents: the partner publishes to its event source, wherever (account, region) it was created.
 * Events are dropped unless a bus is associated with a source that still exists.
 */
export const putPartnerEvents: OperationHandler = (context, input) => {
  const entries = input.Entries as Entry[];
  checkTotalSize(entries);
  const results = entries.map((entry): EntryResult => {
    const checked = checkEntry(entry);
    if ("error" in checked) {
      return checked.error;
    }
    const sourceName = entry.Source as string;
    const partition = context.store.partitionOfSource(sourceName);
    const event = envelope(context, partition ?? context.partition, entry, checked.detail);
    const source = partition?.sources.get(sourceName);
    const bus = partition?.busForSource(sourceName);
    if (source === undefined || source.deleted) {
      context.router.drop(event.id, sourceName, `partner event source ${sourceName} does not exist`);
    } else if (bus === undefined) {
      context.router.drop(
        event.id,
        sourceName,
        `partner event source ${sourceName} is PENDING: no event bus is associated`,
      );
    } else {
      context.router.route(bus, event);
    }
    return { EventId: event.id };
  });
  return summary(results);
};

const REQUIRED_EVENT_FIELDS = ["id", "account", "source", "time", "region", "resources", "detail-type"];

/** TestEventPattern: validates the pattern as PutRule does, then matches the event with the project's matcher. */
export const testEventPattern: OperationHandler = (context, input) => {
  const pattern = input.EventPattern as string;
  checkEventPattern(context, pattern);
  let event: unknown;
  try {
    event = JSON.parse(input.Event as string);
  } catch {
    throw validationError("Parameter Event is not valid.");
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw validationError("Parameter Event is not valid.");
  }
  const missing = REQUIRED_EVENT_FIELDS.filter((field) => !(field in event));
  if (missing.length > 0) {
    throw validationError(`Parameter Event is not valid. Reason: the event is missing ${missing.join(", ")}.`);
  }
  return { Result: context.patterns.matches(pattern, event) };
};
