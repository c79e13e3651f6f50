/**
 * Event archives: CreateArchive, DescribeArchive, UpdateArchive, DeleteArchive, ListArchives, and the
 * archive guard on DeleteEventBus. Answers and error messages follow the AWS responses recorded by
 * LocalStack (`tests/aws/services/events/test_archive_and_replay.snapshot.json`, recorded against AWS in May
 * 2024): an archive name is unique per account and region, a missing bus is "Event bus X does not exist.",
 * a missing archive "Archive X does not exist.", and UpdateArchive of a missing archive is an
 * InternalException (HTTP 500), as AWS answered it.
 */
import { archiveArn, type ArchiveRecord } from "./archive-store";
import { epochSeconds, type OperationHandler } from "./operation-context";
import { paginate } from "./pagination";
import { checkEventPattern } from "./rule-operations";
import { AwsServiceError, busNotFound, validationError } from "./service-error";
import type { BusRecord, Partition } from "./store";

/** "Archive X does not exist." (recorded for DescribeArchive and DeleteArchive). */
function archiveNotFound(name: string): AwsServiceError {
  return new AwsServiceError("ResourceNotFoundException", `Archive ${name} does not exist.`);
}

/**
 * The bus an `EventSourceArn` names in the caller's partition. An ARN of another account or region, or of
 * something other than a bus, names no bus the caller has: ResourceNotFoundException, as AWS answers.
 */
function sourceBus(partition: Partition, arn: string): BusRecord {
  const marker = ":event-bus/";
  const index = arn.indexOf(marker);
  const name = index >= 0 ? arn.slice(index + marker.length) : arn.slice(arn.lastIndexOf(":") + 1);
  const bus = partition.buses.get(name);
  if (bus === undefined || bus.arn !== arn) {
    throw busNotFound(name);
  }
  return bus;
}

function archiveOf(partition: Partition, name: string): ArchiveRecord {
  const archive = partition.archives.get(name);
  if (archive === undefined) {
    throw archiveNotFound(name);
  }
  return archive;
}

/** The members ListArchives shows for an archive. */
function archiveSummary(archive: ArchiveRecord): Record<string, unknown> {
  return {
    ArchiveName: archive.name,
    EventSourceArn: archive.eventSourceArn,
    State: archive.state,
    RetentionDays: archive.retentionDays,
    SizeBytes: archive.sizeBytes,
    EventCount: archive.eventCount,
    CreationTime: epochSeconds(archive.creationTime),
  };
}

/** CreateArchive: the source must be a bus of the caller's account and region; the pattern must be valid. */
export const createArchive: OperationHandler = (context, input) => {
  const { partition } = context;
  const name = input.ArchiveName as string;
  const bus = sourceBus(partition, input.EventSourceArn as string);
  if (partition.archives.has(name)) {
    throw new AwsServiceError("ResourceAlreadyExistsException", `Archive ${name} already exists.`);
  }
  const pattern = input.EventPattern as string | undefined;
  if (pattern !== undefined) {
    checkEventPattern(context, pattern);
  }
  const archive: ArchiveRecord = {
    name,
    arn: archiveArn(partition.region, partition.accountId, name),
    eventSourceArn: bus.arn,
    creationTime: context.now(),
    state: "ENABLED",
    ...(typeof input.Description === "string" ? { description: input.Description } : {}),
    ...(pattern === undefined ? {} : { eventPattern: pattern }),
    retentionDays: typeof input.RetentionDays === "number" ? input.RetentionDays : 0,
    ...(typeof input.KmsKeyIdentifier === "string" ? { kmsKeyIdentifier: input.KmsKeyIdentifier } : {}),
    eventCount: 0,
    sizeBytes: 0,
  };
  partition.archives.set(name, archive);
  return { ArchiveArn: archive.arn, State: archive.state, CreationTime: epochSeconds(archive.creationTime) };
};

/** DescribeArchive: every setting and the running totals, or "Archive X does not exist." */
export const describeArchive: OperationHandler = ({ partition }, input) => {
  const archive = archiveOf(partition, input.ArchiveName as string);
  return {
    ArchiveArn: archive.arn,
    ArchiveName: archive.name,
    EventSourceArn: archive.eventSourceArn,
    ...(archive.description === undefined ? {} : { Description: archive.description }),
    ...(archive.eventPattern === undefined ? {} : { EventPattern: archive.eventPattern }),
    State: archive.state,
    ...(archive.kmsKeyIdentifier === undefined ? {} : { KmsKeyIdentifier: archive.kmsKeyIdentifier }),
    RetentionDays: archive.retentionDays,
    SizeBytes: archive.sizeBytes,
    EventCount: archive.eventCount,
    CreationTime: epochSeconds(archive.creationTime),
  };
};

/**
 * UpdateArchive: changes the members given and keeps the others (the source bus cannot change). AWS answered
 * an unknown archive name with InternalException, HTTP 500, "Service encountered unexpected problem. Please try
 * again." (so SDKs retry it); the simulator gives the same answer.
 */
export const updateArchive: OperationHandler = (context, input) => {
  const archive = context.partition.archives.get(input.ArchiveName as string);
  if (archive === undefined) {
    throw new AwsServiceError("InternalException", "Service encountered unexpected problem. Please try again.", 500);
  }
  const pattern = input.EventPattern as string | undefined;
  if (pattern !== undefined) {
    checkEventPattern(context, pattern);
    archive.eventPattern = pattern;
  }
  if (typeof input.Description === "string") {
    archive.description = input.Description;
  }
  if (typeof input.RetentionDays === "number") {
    archive.retentionDays = input.RetentionDays;
  }
  if (typeof input.KmsKeyIdentifier === "string") {
    archive.kmsKeyIdentifier = input.KmsKeyIdentifier;
  }
  return { ArchiveArn: archive.arn, State: archive.state, CreationTime: epochSeconds(archive.creationTime) };
};

/** DeleteArchive: the archive and its events go; "Archive X does not exist." when there is none. */
export const deleteArchive: OperationHandler = ({ partition }, input) => {
  const archive = archiveOf(partition, input.ArchiveName as string);
  partition.archives.delete(archive.name);
  return {};
};

/**
 * ListArchives: at most one filter (NamePrefix, EventSourceArn or State); an EventSourceArn must name an
 * existing bus. Sorted by name, paginated.
 */
export const listArchives: OperationHandler = ({ partition }, input) => {
  const filters = [input.NamePrefix, input.EventSourceArn, input.State].filter((value) => value !== undefined);
  if (filters.length > 1) {
    throw validationError(
      "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.",
    );
  }
  const prefix = typeof input.NamePrefix === "string" ? input.NamePrefix : "";
  const sourceArn = typeof input.EventSourceArn === "string" ? sourceBus(partition, input.EventSourceArn).arn : "";
  const state = typeof input.State === "string" ? input.State : "";
  const archives = [...partition.archives.values()]
    .filter(
      (archive) =>
        archive.name.startsWith(prefix) &&
        (sourceArn === "" || archive.eventSourceArn === sourceArn) &&
        (state === "" || archive.state === state),
    )
    .sort((left, right) => left.name.localeCompare(right.name));
  const { page, nextToken } = paginate(
    archives,
    `archives:${prefix}:${sourceArn}:${state}`,
    input.NextToken,
    input.Limit,
  );
  return { Archives: page.map(archiveSummary), ...(nextToken ? { NextToken: nextToken } : {}) };
};

/**
 * Wraps DeleteEventBus: AWS keeps an archive's events flowing through a managed rule it creates on the source
 * bus (`Events-Archive-<name>`, removed by DeleteArchive), and refuses to delete a bus that still has rules.
 * So a bus with archives cannot be deleted ("EventBus can't be deleted since it has rules.") until its
 * archives are deleted. The simulator does not list that managed rule in ListRules.
 */
export function refuseWhileArchived(deleteEventBus: OperationHandler): OperationHandler {
  return (context, input) => {
    const bus = input.Name === "default" ? undefined : context.partition.buses.get(input.Name as string);
    const archived =
      bus !== undefined && [...context.partition.archives.values()].some((a) => a.eventSourceArn === bus.arn);
    if (archived) {
      throw validationError("EventBus can't be deleted since it has rules.");
    }
    return deleteEventBus(context, input);
  };
}
