import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DeleteEventBusCommand,
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  EventBridgeClient,
  ListArchivesCommand,
  PutEventsCommand,
  PutPartnerEventsCommand,
  PutRuleCommand,
  UpdateArchiveCommand,
} from "@aws-sdk/client-eventbridge";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { sdkClient } from "./sdk-fixture";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "210987654321";
const SOURCE = "core.update-account-command";
const PATTERN = JSON.stringify({ source: [SOURCE], "detail-type": [SOURCE] });
const DETAIL = JSON.stringify({ command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } });
/** The metered size of one event with SOURCE, DETAIL and no resources: 14 (time) + source + detail-type + detail. */
const EVENT_SIZE = 14 + 2 * SOURCE.length + DETAIL.length;

const busArn = (name: string, region = REGION, account = ACCOUNT): string =>
  `arn:aws:events:${region}:${account}:event-bus/${name}`;

/** Runs `call` and returns what it rejected with (fails the test when it resolves). */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; $metadata: object }> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as { name: string; message: string; $metadata: object },
  );
  if (outcome === undefined) {
    throw new Error("expected the call to fail, it succeeded");
  }
  return outcome;
}

describe("EventBridgeSimulator through the real SDK: archives", () => {
  let simulator: EventBridgeSimulator;
  let client: EventBridgeClient;
  let otherAccount: EventBridgeClient;
  let otherRegion: EventBridgeClient;

  const clientFor = (accessKeyId: string, region = REGION, maxAttempts = 1): EventBridgeClient =>
    sdkClient(simulator.endpoint, { accessKeyId, region, maxAttempts });

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start({
      accountId: ACCOUNT,
      region: REGION,
      accounts: { AKIDOTHER: OTHER_ACCOUNT },
    });
    client = clientFor("AKIDARCHIVES");
    otherAccount = clientFor("AKIDOTHER");
    otherRegion = clientFor("AKIDARCHIVES", "eu-west-1");
    await client.send(new CreateEventBusCommand({ Name: "app" }));
    await client.send(new CreateEventBusCommand({ Name: "quiet" }));
  });

  afterAll(async () => {
    client.destroy();
    otherAccount.destroy();
    otherRegion.destroy();
    await simulator.close();
  });

  test("create, list, describe, update and delete an archive answer as AWS recorded them", async () => {
    // GIVEN
    const before = Date.now();

    // WHEN
    const created = await client.send(
      new CreateArchiveCommand({
        ArchiveName: "lifecycle",
        EventSourceArn: busArn("app"),
        Description: "description of the archive",
        EventPattern: PATTERN,
        RetentionDays: 1,
      }),
    );
    const listed = await client.send(new ListArchivesCommand({ NamePrefix: "lifecycle" }));
    const described = await client.send(new DescribeArchiveCommand({ ArchiveName: "lifecycle" }));
    const updated = await client.send(
      new UpdateArchiveCommand({
        ArchiveName: "lifecycle",
        Description: "updated description of the archive",
        EventPattern: JSON.stringify({ source: [SOURCE] }),
        RetentionDays: 2,
      }),
    );
    const afterUpdate = await client.send(new DescribeArchiveCommand({ ArchiveName: "lifecycle" }));
    const deleted = await client.send(new DeleteArchiveCommand({ ArchiveName: "lifecycle" }));
    const gone = await failure(client.send(new DescribeArchiveCommand({ ArchiveName: "lifecycle" })));

    // THEN
    expect(created.ArchiveArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:archive/lifecycle`);
    expect(created.State).toBe("ENABLED");
    expect(created.CreationTime!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(listed.Archives).toEqual([
      {
        ArchiveName: "lifecycle",
        EventSourceArn: busArn("app"),
        State: "ENABLED",
        RetentionDays: 1,
        SizeBytes: 0,
        EventCount: 0,
        CreationTime: created.CreationTime,
      },
    ]);
    expect(listed.NextToken).toBeUndefined();
    expect(described).toMatchObject({
      ArchiveArn: created.ArchiveArn,
      ArchiveName: "lifecycle",
      EventSourceArn: busArn("app"),
      Description: "description of the archive",
      EventPattern: PATTERN,
      State: "ENABLED",
      RetentionDays: 1,
      SizeBytes: 0,
      EventCount: 0,
      CreationTime: created.CreationTime,
    });
    expect(updated).toMatchObject({
      ArchiveArn: created.ArchiveArn,
      State: "ENABLED",
      CreationTime: created.CreationTime,
    });
    expect(afterUpdate).toMatchObject({
      Description: "updated description of the archive",
      EventPattern: JSON.stringify({ source: [SOURCE] }),
      RetentionDays: 2,
      EventSourceArn: busArn("app"),
    });
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect(gone).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Archive lifecycle does not exist.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  test("an archive without pattern or retention keeps everything indefinitely; the default bus works by ARN", async () => {
    // WHEN
    await client.send(new CreateArchiveCommand({ ArchiveName: "everything", EventSourceArn: busArn("default") }));
    const described = await client.send(new DescribeArchiveCommand({ ArchiveName: "everything" }));
    await client.send(new DeleteArchiveCommand({ ArchiveName: "everything" }));

    // THEN
    expect(described.RetentionDays).toBe(0);
    expect(described.EventPattern).toBeUndefined();
    expect(described.Description).toBeUndefined();
    expect(described.EventSourceArn).toBe(busArn("default"));
  });

  test("events on the bus are counted into matching archives even when no rule routes them", async () => {
    // GIVEN
    await client.send(new CreateArchiveCommand({ ArchiveName: "counted-all", EventSourceArn: busArn("app") }));
    await client.send(
      new CreateArchiveCommand({ ArchiveName: "counted-match", EventSourceArn: busArn("app"), EventPattern: PATTERN }),
    );
    await client.send(new CreateArchiveCommand({ ArchiveName: "counted-quiet", EventSourceArn: busArn("quiet") }));
    const matching = { EventBusName: "app", Source: SOURCE, DetailType: SOURCE, Detail: DETAIL };
    const other = { EventBusName: "app", Source: "other.source", DetailType: "Other", Detail: "{}" };

    // WHEN
    await client.send(new PutEventsCommand({ Entries: [matching, matching, matching, other] }));
    const all = await client.send(new DescribeArchiveCommand({ ArchiveName: "counted-all" }));
    const match = await client.send(new DescribeArchiveCommand({ ArchiveName: "counted-match" }));
    const quiet = await client.send(new DescribeArchiveCommand({ ArchiveName: "counted-quiet" }));
    const listed = await client.send(new ListArchivesCommand({ EventSourceArn: busArn("app") }));

    // THEN
    const otherSize = 14 + "other.source".length + "Other".length + "{}".length;
    expect(all).toMatchObject({ EventCount: 4, SizeBytes: 3 * EVENT_SIZE + otherSize });
    expect(match).toMatchObject({ EventCount: 3, SizeBytes: 3 * EVENT_SIZE });
    expect(quiet).toMatchObject({ EventCount: 0, SizeBytes: 0 });
    expect(listed.Archives!.map((a) => [a.ArchiveName, a.EventCount, a.SizeBytes])).toEqual([
      ["counted-all", 4, 3 * EVENT_SIZE + otherSize],
      ["counted-match", 3, 3 * EVENT_SIZE],
    ]);
    expect(simulator.archives().find((a) => a.name === "counted-match")).toMatchObject({
      arn: `arn:aws:events:${REGION}:${ACCOUNT}:archive/counted-match`,
      eventSourceArn: busArn("app"),
      eventPattern: PATTERN,
      eventCount: 3,
      sizeBytes: 3 * EVENT_SIZE,
      state: "ENABLED",
    });
    expect(simulator.deliveries()).toEqual([]);
    for (const name of ["counted-all", "counted-match", "counted-quiet"]) {
      await client.send(new DeleteArchiveCommand({ ArchiveName: name }));
    }
  });

  test("UpdateArchive's new pattern applies to later events, and deleted archives count nothing more", async () => {
    // GIVEN
    await client.send(
      new PutRuleCommand({ Name: "disabled", EventBusName: "quiet", EventPattern: PATTERN, State: "DISABLED" }),
    );
    await client.send(
      new CreateArchiveCommand({ ArchiveName: "retargeted", EventSourceArn: busArn("quiet"), EventPattern: PATTERN }),
    );
    const matching = { EventBusName: "quiet", Source: SOURCE, DetailType: SOURCE, Detail: DETAIL };
    const other = { EventBusName: "quiet", Source: "other.source", DetailType: SOURCE, Detail: DETAIL };
    await client.send(new PutEventsCommand({ Entries: [matching, other] }));

    // WHEN
    await client.send(
      new UpdateArchiveCommand({
        ArchiveName: "retargeted",
        EventPattern: JSON.stringify({ source: ["other.source"] }),
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [matching, other, other] }));
    const described = await client.send(new DescribeArchiveCommand({ ArchiveName: "retargeted" }));
    await client.send(new DeleteArchiveCommand({ ArchiveName: "retargeted" }));
    await client.send(new PutEventsCommand({ Entries: [other] }));

    // THEN
    expect(described.EventCount).toBe(3);
    expect(described.Description).toBeUndefined();
    expect(simulator.archives().map((a) => a.name)).not.toContain("retargeted");
  });

  test("partner events published to the source are archived on its partner bus", async () => {
    // GIVEN
    const source = "aws.partner/snyk.io/org_archived/issues";
    simulator.createPartnerSource({ name: source, accountId: ACCOUNT, region: REGION });
    await client.send(new CreateEventBusCommand({ Name: source, EventSourceName: source }));
    await client.send(new CreateArchiveCommand({ ArchiveName: "snyk-issues", EventSourceArn: busArn(source) }));

    // WHEN
    await client.send(
      new PutPartnerEventsCommand({ Entries: [{ Source: source, DetailType: "issue.detected", Detail: DETAIL }] }),
    );
    const described = await client.send(new DescribeArchiveCommand({ ArchiveName: "snyk-issues" }));

    // THEN
    expect(described).toMatchObject({
      EventSourceArn: busArn(source),
      EventCount: 1,
      SizeBytes: 14 + source.length + "issue.detected".length + DETAIL.length,
    });
    await client.send(new DeleteArchiveCommand({ ArchiveName: "snyk-issues" }));
  });

  test("CreateArchive needs an existing bus of the caller's account and region (ResourceNotFoundException)", async () => {
    // WHEN
    const missing = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "orphan", EventSourceArn: busArn("doesnotexist") })),
    );
    const foreignAccount = await failure(
      client.send(
        new CreateArchiveCommand({ ArchiveName: "orphan", EventSourceArn: busArn("app", REGION, OTHER_ACCOUNT) }),
      ),
    );
    const foreignRegion = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "orphan", EventSourceArn: busArn("app", "eu-west-1") })),
    );
    const fromOtherAccount = await failure(
      otherAccount.send(new CreateArchiveCommand({ ArchiveName: "orphan", EventSourceArn: busArn("app") })),
    );

    // THEN
    expect(missing).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event bus doesnotexist does not exist.",
      $metadata: { httpStatusCode: 400 },
    });
    for (const error of [foreignAccount, foreignRegion, fromOtherAccount]) {
      expect(error).toMatchObject({ name: "ResourceNotFoundException", message: "Event bus app does not exist." });
    }
    expect(simulator.archives()).toEqual([]);
  });

  test("CreateArchive refuses a duplicate name (even on another bus) and an invalid event pattern", async () => {
    // GIVEN
    await client.send(new CreateArchiveCommand({ ArchiveName: "unique", EventSourceArn: busArn("app") }));

    // WHEN
    const duplicate = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "unique", EventSourceArn: busArn("quiet") })),
    );
    const invalid = await failure(
      client.send(
        new CreateArchiveCommand({
          ArchiveName: "bad-pattern",
          EventSourceArn: busArn("app"),
          EventPattern: JSON.stringify({ source: "not-a-list" }),
        }),
      ),
    );
    const notJson = await failure(
      client.send(
        new CreateArchiveCommand({ ArchiveName: "bad-pattern", EventSourceArn: busArn("app"), EventPattern: "{" }),
      ),
    );

    // THEN
    expect(duplicate).toMatchObject({
      name: "ResourceAlreadyExistsException",
      message: "Archive unique already exists.",
      $metadata: { httpStatusCode: 400 },
    });
    for (const error of [invalid, notJson]) {
      expect(error.name).toBe("InvalidEventPatternException");
      expect(error.message).toMatch(/^Event pattern is not valid\. Reason: /);
    }
    expect(simulator.archives().map((a) => a.name)).toEqual(["unique"]);
    await client.send(new DeleteArchiveCommand({ ArchiveName: "unique" }));
  });

  test("archive inputs are checked against the API model with AWS's validation messages", async () => {
    // GIVEN
    const longName = "a".repeat(49);

    // WHEN
    const tooLong = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: longName, EventSourceArn: busArn("app") })),
    );
    const badChars = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "with space", EventSourceArn: busArn("app") })),
    );
    const notAnArn = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "named", EventSourceArn: "app" })),
    );
    const negative = await failure(
      client.send(new CreateArchiveCommand({ ArchiveName: "named", EventSourceArn: busArn("app"), RetentionDays: -1 })),
    );
    const badState = await failure(client.send(new ListArchivesCommand({ State: "ACTIVE" as "ENABLED" })));
    const badLimit = await failure(client.send(new ListArchivesCommand({ Limit: 0 })));

    // THEN
    expect(tooLong).toMatchObject({
      name: "ValidationException",
      message: `1 validation error detected: Value '${longName}' at 'archiveName' failed to satisfy constraint: Member must have length less than or equal to 48`,
    });
    expect(badChars.message).toBe(
      "1 validation error detected: Value 'with space' at 'archiveName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    expect(notAnArn.message).toMatch(
      /^1 validation error detected: Value 'app' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    expect(negative.message).toBe(
      "1 validation error detected: Value '-1' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    expect(badState.message).toBe(
      "1 validation error detected: Value 'ACTIVE' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, CREATING, UPDATING, CREATE_FAILED, UPDATE_FAILED]",
    );
    expect(badLimit.message).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    for (const error of [tooLong, badChars, notAnArn, negative, badState, badLimit]) {
      expect(error).toMatchObject({ name: "ValidationException", $metadata: { httpStatusCode: 400 } });
    }
    expect(simulator.archives()).toEqual([]);
  });

  test("DescribeArchive and DeleteArchive of a missing archive are ResourceNotFoundException", async () => {
    // WHEN
    const describe = await failure(client.send(new DescribeArchiveCommand({ ArchiveName: "doesnotexist" })));
    const remove = await failure(client.send(new DeleteArchiveCommand({ ArchiveName: "doesnotexist" })));

    // THEN
    for (const error of [describe, remove]) {
      expect(error).toMatchObject({
        name: "ResourceNotFoundException",
        message: "Archive doesnotexist does not exist.",
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  test("UpdateArchive of a missing archive is the InternalException (HTTP 500) AWS gives, which SDKs retry", async () => {
    // GIVEN
    const retrying = clientFor("AKIDARCHIVES", REGION, 2);
    simulator.clearRecords();

    // WHEN
    const single = await failure(client.send(new UpdateArchiveCommand({ ArchiveName: "doesnotexist" })));
    const retried = await failure(retrying.send(new UpdateArchiveCommand({ ArchiveName: "doesnotexist" })));
    retrying.destroy();

    // THEN
    expect(single).toMatchObject({
      name: "InternalException",
      message: "Service encountered unexpected problem. Please try again.",
      $metadata: { httpStatusCode: 500, attempts: 1 },
    });
    expect(retried).toMatchObject({ name: "InternalException", $metadata: { attempts: 2 } });
    expect(simulator.requests().filter((r) => r.operation === "UpdateArchive")).toHaveLength(3);
  });

  test("UpdateArchive refuses an invalid pattern and keeps the archive as it was", async () => {
    // GIVEN
    await client.send(
      new CreateArchiveCommand({ ArchiveName: "kept", EventSourceArn: busArn("app"), EventPattern: PATTERN }),
    );

    // WHEN
    const error = await failure(
      client.send(new UpdateArchiveCommand({ ArchiveName: "kept", EventPattern: JSON.stringify({ source: 1 }) })),
    );
    const described = await client.send(new DescribeArchiveCommand({ ArchiveName: "kept" }));

    // THEN
    expect(error.name).toBe("InvalidEventPatternException");
    expect(described.EventPattern).toBe(PATTERN);
    await client.send(new DeleteArchiveCommand({ ArchiveName: "kept" }));
  });

  test("ListArchives filters by one of NamePrefix, EventSourceArn or State and pages with Limit and NextToken", async () => {
    // GIVEN
    for (const name of ["page-a", "page-b", "page-c"]) {
      await client.send(new CreateArchiveCommand({ ArchiveName: name, EventSourceArn: busArn("app") }));
    }
    await client.send(new CreateArchiveCommand({ ArchiveName: "solo-quiet", EventSourceArn: busArn("quiet") }));

    // WHEN
    const first = await client.send(new ListArchivesCommand({ NamePrefix: "page-", Limit: 2 }));
    const second = await client.send(
      new ListArchivesCommand({ NamePrefix: "page-", Limit: 2, NextToken: first.NextToken }),
    );
    const bySource = await client.send(new ListArchivesCommand({ EventSourceArn: busArn("quiet") }));
    const enabled = await client.send(new ListArchivesCommand({ State: "ENABLED" }));
    const disabled = await client.send(new ListArchivesCommand({ State: "DISABLED" }));
    const none = await client.send(new ListArchivesCommand({ NamePrefix: "doesnotexist" }));
    const all = await client.send(new ListArchivesCommand({}));
    const twoFilters = await failure(client.send(new ListArchivesCommand({ NamePrefix: "page-", State: "ENABLED" })));
    const unknownBus = await failure(client.send(new ListArchivesCommand({ EventSourceArn: busArn("nowhere") })));
    const replayed = await failure(
      client.send(new ListArchivesCommand({ NamePrefix: "solo", NextToken: first.NextToken })),
    );

    // THEN
    expect(first.Archives!.map((a) => a.ArchiveName)).toEqual(["page-a", "page-b"]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.Archives!.map((a) => a.ArchiveName)).toEqual(["page-c"]);
    expect(second.NextToken).toBeUndefined();
    expect(bySource.Archives!.map((a) => a.ArchiveName)).toEqual(["solo-quiet"]);
    expect(enabled.Archives!.map((a) => a.ArchiveName)).toEqual(["page-a", "page-b", "page-c", "solo-quiet"]);
    expect(disabled.Archives).toEqual([]);
    expect(none.Archives).toEqual([]);
    expect(all.Archives).toHaveLength(4);
    expect(twoFilters).toMatchObject({
      name: "ValidationException",
      message: "At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.",
    });
    expect(unknownBus).toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event bus nowhere does not exist.",
    });
    expect(replayed).toMatchObject({ name: "ValidationException", message: "The NextToken provided is invalid." });
    for (const name of ["page-a", "page-b", "page-c", "solo-quiet"]) {
      await client.send(new DeleteArchiveCommand({ ArchiveName: name }));
    }
  });

  test("archives belong to the caller's account and region", async () => {
    // GIVEN
    await client.send(new CreateArchiveCommand({ ArchiveName: "mine", EventSourceArn: busArn("app") }));

    // WHEN
    const otherAccountList = await otherAccount.send(new ListArchivesCommand({}));
    const otherRegionList = await otherRegion.send(new ListArchivesCommand({}));
    const otherAccountDescribe = await failure(otherAccount.send(new DescribeArchiveCommand({ ArchiveName: "mine" })));
    const otherRegionDelete = await failure(otherRegion.send(new DeleteArchiveCommand({ ArchiveName: "mine" })));

    // THEN
    expect(otherAccountList.Archives).toEqual([]);
    expect(otherRegionList.Archives).toEqual([]);
    expect(otherAccountDescribe).toMatchObject({ name: "ResourceNotFoundException" });
    expect(otherRegionDelete).toMatchObject({ name: "ResourceNotFoundException" });
    expect(simulator.archives(OTHER_ACCOUNT, REGION)).toEqual([]);
    expect(simulator.archives().map((a) => a.name)).toEqual(["mine"]);
    await client.send(new DeleteArchiveCommand({ ArchiveName: "mine" }));
  });

  test("a bus with archives cannot be deleted until its archives are deleted, as AWS refuses a bus with rules", async () => {
    // GIVEN
    await client.send(new CreateEventBusCommand({ Name: "archived-bus" }));
    await client.send(new CreateArchiveCommand({ ArchiveName: "holds-bus", EventSourceArn: busArn("archived-bus") }));

    // WHEN
    const refused = await failure(client.send(new DeleteEventBusCommand({ Name: "archived-bus" })));
    const stillThere = await client.send(new DescribeEventBusCommand({ Name: "archived-bus" }));
    await client.send(new DeleteArchiveCommand({ ArchiveName: "holds-bus" }));
    const deleted = await client.send(new DeleteEventBusCommand({ Name: "archived-bus" }));
    const defaultBus = await failure(client.send(new DeleteEventBusCommand({ Name: "default" })));

    // THEN
    expect(refused).toMatchObject({
      name: "ValidationException",
      message: "EventBus can't be deleted since it has rules.",
      $metadata: { httpStatusCode: 400 },
    });
    expect(stillThere.Arn).toBe(busArn("archived-bus"));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect(defaultBus).toMatchObject({ name: "ValidationException", message: "Cannot delete event bus default." });
  });
});
