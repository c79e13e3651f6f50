/**
 * Partner event sources and event buses: DescribeEventSource, ListEventSources, CreateEventBus,
 * DescribeEventBus, DeleteEventBus, ListEventBuses.
 */
import { epochSeconds, type OperationHandler } from "./operation-context";
import { paginate } from "./pagination";
import { AwsServiceError, busNotFound, sourceNotFound, validationError } from "./service-error";
import { busArn, sourceArn, type BusRecord, type Partition, type SourceRecord } from "./store";

function describeSource(partition: Partition, source: SourceRecord): Record<string, unknown> {
  return {
    Arn: sourceArn(source.region, source.name),
    CreatedBy: source.createdBy,
    CreationTime: epochSeconds(source.creationTime),
    ExpirationTime: epochSeconds(source.expirationTime),
    Name: source.name,
    State: partition.sourceState(source),
  };
}

function describeBus(bus: BusRecord): Record<string, unknown> {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description === undefined ? {} : { Description: bus.description }),
    CreationTime: epochSeconds(bus.creationTime),
    LastModifiedTime: epochSeconds(bus.lastModifiedTime),
  };
}

/** DescribeEventSource: a source of the caller's account and region, or ResourceNotFoundException. */
export const describeEventSource: OperationHandler = ({ partition }, input) => {
  const name = input.Name as string;
  const source = partition.sources.get(name);
  if (source === undefined) {
    throw sourceNotFound(name);
  }
  return describeSource(partition, source);
};

/** ListEventSources: sources whose name starts with NamePrefix, sorted by name, paginated. */
export const listEventSources: OperationHandler = ({ partition }, input) => {
  const prefix = typeof input.NamePrefix === "string" ? input.NamePrefix : "";
  const sources = [...partition.sources.values()]
    .filter((source) => source.name.startsWith(prefix))
    .sort((left, right) => left.name.localeCompare(right.name));
  const { page, nextToken } = paginate(sources, `sources:${prefix}`, input.NextToken, input.Limit);
  return {
    EventSources: page.map((source) => describeSource(partition, source)),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
};

/**
 * CreateEventBus: a custom bus, or a partner bus when EventSourceName is given (its name must equal the
 * source's, and the source must exist and not be associated or deleted).
 */
export const createEventBus: OperationHandler = ({ partition, now }, input) => {
  const name = input.Name as string;
  const sourceName = input.EventSourceName as string | undefined;
  if (sourceName === undefined && name.startsWith("aws.")) {
    throw validationError("EventBus name starting with 'aws.' is not valid.");
  }
  if (sourceName === undefined && name.includes("/")) {
    throw validationError(`Event bus name ${name} is not valid: only partner event buses may contain '/'.`);
  }
  if (partition.buses.has(name)) {
    throw new AwsServiceError("ResourceAlreadyExistsException", `Event bus ${name} already exists.`);
  }
  if (sourceName !== undefined) {
    const source = partition.sources.get(sourceName);
    if (source === undefined || source.deleted) {
      throw sourceNotFound(sourceName);
    }
    if (name !== sourceName) {
      throw validationError(`Event bus name ${name} must match event source name ${sourceName}.`);
    }
  }
  const created = now();
  const bus: BusRecord = {
    name,
    arn: busArn(partition.region, partition.accountId, name),
    ...(sourceName === undefined ? {} : { eventSourceName: sourceName }),
    ...(typeof input.Description === "string" ? { description: input.Description } : {}),
    creationTime: created,
    lastModifiedTime: created,
    rules: new Map(),
  };
  partition.buses.set(name, bus);
  return { EventBusArn: bus.arn, ...(bus.description === undefined ? {} : { Description: bus.description }) };
};

/** DescribeEventBus: by name or ARN, `default` when no name is given. */
export const describeEventBus: OperationHandler = ({ partition }, input) => describeBus(partition.bus(input.Name));

/**
 * DeleteEventBus: removes the bus. The default bus cannot be deleted, and, as in AWS, neither can a bus that
 * still has rules (Terraform deletes targets, then rules, then the bus). A partner source goes back to PENDING;
 * a source the partner already deleted disappears with its bus.
 */
export const deleteEventBus: OperationHandler = ({ partition }, input) => {
  const name = input.Name as string;
  if (name === "default") {
    throw validationError("Cannot delete event bus default.");
  }
  const bus = partition.buses.get(name);
  if (bus === undefined) {
    throw busNotFound(name);
  }
  if (bus.rules.size > 0) {
    throw validationError("EventBus can't be deleted since it has rules.");
  }
  partition.buses.delete(name);
  if (bus.eventSourceName !== undefined && partition.sources.get(bus.eventSourceName)?.deleted) {
    partition.sources.delete(bus.eventSourceName);
  }
  return {};
};

/** ListEventBuses: buses whose name starts with NamePrefix, sorted by name, paginated. */
export const listEventBuses: OperationHandler = ({ partition }, input) => {
  const prefix = typeof input.NamePrefix === "string" ? input.NamePrefix : "";
  const buses = [...partition.buses.values()]
    .filter((bus) => bus.name.startsWith(prefix))
    .sort((left, right) => left.name.localeCompare(right.name));
  const { page, nextToken } = paginate(buses, `buses:${prefix}`, input.NextToken, input.Limit);
  return { EventBuses: page.map(describeBus), ...(nextToken ? { NextToken: nextToken } : {}) };
};
