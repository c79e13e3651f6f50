/**
 * The input shapes of the simulated operations, after the EventBridge API model (member names, required
 * members, lengths, patterns, enums, list sizes).
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Operations.html
 */
import { ARCHIVE_STATES } from "./archive-store";
import type { Shape } from "./shape-validator";

const str = (min?: number, max?: number, pattern?: string): Shape => ({ type: "string", min, max, pattern });
const struct = (members: Record<string, Shape>, required: string[] = []): Shape => ({
  type: "structure",
  members,
  required,
});

const EVENT_BUS_NAME = str(1, 256, "[/\\.\\-_A-Za-z0-9]+");
const EVENT_BUS_NAME_OR_ARN = str(
  1,
  1600,
  "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+",
);
const NON_PARTNER_BUS_NAME_OR_ARN = str(
  1,
  1600,
  "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[\\.\\-_A-Za-z0-9]+",
);
const EVENT_SOURCE_NAME = str(1, 256, "aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}");
const EVENT_SOURCE_NAME_PREFIX = str(1, 256, "aws\\.partner/[\\.\\-_A-Za-z0-9]+/[/\\.\\-_A-Za-z0-9]*");
const RULE_NAME = str(1, 64, "[\\.\\-_A-Za-z0-9]+");
const TARGET_ID = str(1, 64, "[\\.\\-_A-Za-z0-9]+");
const NEXT_TOKEN = str(1, 2048);
const LIMIT: Shape = { type: "integer", min: 1, max: 100 };
const ARN = str(1, 1600);
const ARCHIVE_NAME = str(1, 48, "[\\.\\-_A-Za-z0-9]+");
const EVENT_BUS_ARN = str(1, 1600, "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$");
const ARCHIVE_STATE: Shape = { type: "string", enum: ARCHIVE_STATES };
const RETENTION_DAYS: Shape = { type: "integer", min: 0 };
const TAGS: Shape = {
  type: "list",
  member: struct({ Key: str(1, 128), Value: str(0, 256) }, ["Key", "Value"]),
};

const TARGET = struct(
  {
    Id: TARGET_ID,
    Arn: ARN,
    RoleArn: ARN,
    Input: str(undefined, 8192),
    InputPath: str(undefined, 256),
    InputTransformer: struct(
      {
        InputPathsMap: { type: "map", key: str(1, 256, "[A-Za-z0-9\\_\\-]+"), value: str(undefined, 256), max: 100 },
        InputTemplate: str(1, 8192),
      },
      ["InputTemplate"],
    ),
  },
  ["Id", "Arn"],
);

const PUT_EVENTS_ENTRY = struct({
  Time: { type: "timestamp" },
  Source: str(),
  Resources: { type: "list", member: str(undefined, 2048) },
  DetailType: str(),
  Detail: str(),
  EventBusName: NON_PARTNER_BUS_NAME_OR_ARN,
  TraceHeader: str(1, 500),
});

const PUT_PARTNER_EVENTS_ENTRY = struct({
  Time: { type: "timestamp" },
  Source: EVENT_SOURCE_NAME,
  Resources: { type: "list", member: str(undefined, 2048) },
  DetailType: str(),
  Detail: str(),
});

/** Input shape of every simulated operation, by operation name. */
export const OPERATION_SHAPES: Readonly<Record<string, Shape>> = {
  DescribeEventSource: struct({ Name: EVENT_SOURCE_NAME }, ["Name"]),
  ListEventSources: struct({ NamePrefix: EVENT_SOURCE_NAME_PREFIX, NextToken: NEXT_TOKEN, Limit: LIMIT }),
  CreateEventBus: struct(
    {
      Name: EVENT_BUS_NAME,
      EventSourceName: EVENT_SOURCE_NAME,
      Description: str(undefined, 512),
      KmsKeyIdentifier: str(undefined, 2048),
      Tags: TAGS,
    },
    ["Name"],
  ),
  DescribeEventBus: struct({ Name: EVENT_BUS_NAME_OR_ARN }),
  DeleteEventBus: struct({ Name: EVENT_BUS_NAME }, ["Name"]),
  ListEventBuses: struct({ NamePrefix: EVENT_BUS_NAME, NextToken: NEXT_TOKEN, Limit: LIMIT }),
  PutRule: struct(
    {
      Name: RULE_NAME,
      ScheduleExpression: str(undefined, 256),
      EventPattern: str(undefined, 4096),
      State: { type: "string", enum: ["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"] },
      Description: str(undefined, 512),
      RoleArn: ARN,
      Tags: TAGS,
      EventBusName: EVENT_BUS_NAME_OR_ARN,
    },
    ["Name"],
  ),
  DescribeRule: struct({ Name: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN }, ["Name"]),
  DeleteRule: struct({ Name: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN, Force: { type: "boolean" } }, ["Name"]),
  EnableRule: struct({ Name: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN }, ["Name"]),
  DisableRule: struct({ Name: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN }, ["Name"]),
  ListRules: struct({
    NamePrefix: RULE_NAME,
    EventBusName: EVENT_BUS_NAME_OR_ARN,
    NextToken: NEXT_TOKEN,
    Limit: LIMIT,
  }),
  PutTargets: struct(
    {
      Rule: RULE_NAME,
      EventBusName: EVENT_BUS_NAME_OR_ARN,
      Targets: { type: "list", member: TARGET, min: 1, max: 100 },
    },
    ["Rule", "Targets"],
  ),
  RemoveTargets: struct(
    {
      Rule: RULE_NAME,
      EventBusName: EVENT_BUS_NAME_OR_ARN,
      Ids: { type: "list", member: TARGET_ID, min: 1, max: 100 },
      Force: { type: "boolean" },
    },
    ["Rule", "Ids"],
  ),
  ListTargetsByRule: struct(
    { Rule: RULE_NAME, EventBusName: EVENT_BUS_NAME_OR_ARN, NextToken: NEXT_TOKEN, Limit: LIMIT },
    ["Rule"],
  ),
  TestEventPattern: struct({ EventPattern: str(), Event: str() }, ["EventPattern", "Event"]),
  PutEvents: struct({ Entries: { type: "list", member: PUT_EVENTS_ENTRY, min: 1, max: 10 }, EndpointId: str(1, 50) }, [
    "Entries",
  ]),
  PutPartnerEvents: struct({ Entries: { type: "list", member: PUT_PARTNER_EVENTS_ENTRY, min: 1, max: 20 } }, [
    "Entries",
  ]),
  CreateArchive: struct(
    {
      ArchiveName: ARCHIVE_NAME,
      EventSourceArn: EVENT_BUS_ARN,
      Description: str(undefined, 512),
      EventPattern: str(undefined, 4096),
      RetentionDays: RETENTION_DAYS,
      KmsKeyIdentifier: str(undefined, 2048),
    },
    ["ArchiveName", "EventSourceArn"],
  ),
  DescribeArchive: struct({ ArchiveName: ARCHIVE_NAME }, ["ArchiveName"]),
  UpdateArchive: struct(
    {
      ArchiveName: ARCHIVE_NAME,
      Description: str(undefined, 512),
      EventPattern: str(undefined, 4096),
      RetentionDays: RETENTION_DAYS,
      KmsKeyIdentifier: str(undefined, 2048),
    },
    ["ArchiveName"],
  ),
  DeleteArchive: struct({ ArchiveName: ARCHIVE_NAME }, ["ArchiveName"]),
  ListArchives: struct({
    NamePrefix: ARCHIVE_NAME,
    EventSourceArn: EVENT_BUS_ARN,
    State: ARCHIVE_STATE,
    NextToken: NEXT_TOKEN,
    Limit: LIMIT,
  }),
};
