/** The table of simulated operations, by the name in `X-Amz-Target: AWSEvents.<Name>`. */
import {
  createArchive,
  deleteArchive,
  describeArchive,
  listArchives,
  refuseWhileArchived,
  updateArchive,
} from "./archive-operations";
import {
  createEventBus,
  deleteEventBus,
  describeEventBus,
  describeEventSource,
  listEventBuses,
  listEventSources,
} from "./bus-operations";
import { putEvents, putPartnerEvents, testEventPattern } from "./event-operations";
import type { OperationHandler } from "./operation-context";
import { deleteRule, describeRule, disableRule, enableRule, listRules, putRule } from "./rule-operations";
import { listTargetsByRule, putTargets, removeTargets } from "./target-operations";

/** Every operation the simulator answers. */
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DescribeEventSource: describeEventSource,
  ListEventSources: listEventSources,
  CreateEventBus: createEventBus,
  DescribeEventBus: describeEventBus,
  DeleteEventBus: refuseWhileArchived(deleteEventBus),
  ListEventBuses: listEventBuses,
  PutRule: putRule,
  DescribeRule: describeRule,
  DeleteRule: deleteRule,
  EnableRule: enableRule,
  DisableRule: disableRule,
  ListRules: listRules,
  PutTargets: putTargets,
  RemoveTargets: removeTargets,
  ListTargetsByRule: listTargetsByRule,
  TestEventPattern: testEventPattern,
  PutEvents: putEvents,
  PutPartnerEvents: putPartnerEvents,
  CreateArchive: createArchive,
  DescribeArchive: describeArchive,
  UpdateArchive: updateArchive,
  DeleteArchive: deleteArchive,
  ListArchives: listArchives,
};
