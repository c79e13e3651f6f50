import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  DescribeEventSourceCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListEventSourcesCommand,
} from "@aws-sdk/client-eventbridge";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { sdkClient } from "./sdk-fixture";

const REGION = "us-east-1";
const SOURCE = "aws.partner/snyk.io/org_1a2b-3c/issues";

describe("EventBridgeSimulator through the real SDK: sources and buses", () => {
  let simulator: EventBridgeSimulator;
  let client: EventBridgeClient;

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start();
    client = sdkClient(simulator.endpoint, { accessKeyId: "AKIDSOURCES" });
  });

  afterAll(async () => {
    client.destroy();
    await simulator.close();
  });

  test("a partner source is PENDING, ACTIVE once its bus exists, and PENDING again after the bus is deleted", async () => {
    // GIVEN
    simulator.createPartnerSource({ name: SOURCE, accountId: simulator.accountId, region: REGION });

    // WHEN
    const pending = await client.send(new DescribeEventSourceCommand({ Name: SOURCE }));
    const created = await client.send(new CreateEventBusCommand({ Name: SOURCE, EventSourceName: SOURCE }));
    const active = await client.send(new DescribeEventSourceCommand({ Name: SOURCE }));
    await client.send(new DeleteEventBusCommand({ Name: SOURCE }));
    const pendingAgain = await client.send(new DescribeEventSourceCommand({ Name: SOURCE }));

    // THEN
    expect(pending.State).toBe("PENDING");
    expect(pending.Arn).toBe(`arn:aws:events:${REGION}::event-source/${SOURCE}`);
    expect(pending.CreatedBy).toBe("snyk.io");
    expect(pending.CreationTime).toBeInstanceOf(Date);
    expect(pending.ExpirationTime!.getTime()).toBeGreaterThan(pending.CreationTime!.getTime());
    expect(created.EventBusArn).toBe(`arn:aws:events:${REGION}:123456789012:event-bus/${SOURCE}`);
    expect(active.State).toBe("ACTIVE");
    expect(pendingAgain.State).toBe("PENDING");
  });

  test("a source the partner deletes shows DELETED on the bus side, and vanishes with its bus", async () => {
    // GIVEN
    const name = "aws.partner/snyk.io/org_deleted/audit";
    simulator.createPartnerSource({ name, accountId: simulator.accountId, region: REGION });
    await client.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));

    // WHEN
    simulator.deletePartnerSource({ name, accountId: simulator.accountId, region: REGION });
    const deleted = await client.send(new DescribeEventSourceCommand({ Name: name }));
    await client.send(new DeleteEventBusCommand({ Name: name }));

    // THEN
    expect(deleted.State).toBe("DELETED");
    await expect(client.send(new DescribeEventSourceCommand({ Name: name }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Event source ${name} does not exist.`,
    });
  });

  test("DescribeEventSource of a missing source is ResourceNotFoundException with HTTP 400", async () => {
    // WHEN
    const error = await client
      .send(new DescribeEventSourceCommand({ Name: "aws.partner/snyk.io/org_none/issues" }))
      .catch((e: unknown) => e);

    // THEN
    expect(error).toMatchObject({ name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } });
    expect((error as { $metadata: { requestId?: string } }).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("ListEventSources filters by NamePrefix and pages with Limit and NextToken", async () => {
    // GIVEN
    for (const suffix of ["a", "b", "c", "d", "e"]) {
      simulator.createPartnerSource({
        name: `aws.partner/snyk.io/org_paged/${suffix}`,
        accountId: simulator.accountId,
        region: REGION,
      });
    }

    // WHEN
    const first = await client.send(
      new ListEventSourcesCommand({ NamePrefix: "aws.partner/snyk.io/org_paged/", Limit: 2 }),
    );
    const second = await client.send(
      new ListEventSourcesCommand({
        NamePrefix: "aws.partner/snyk.io/org_paged/",
        Limit: 2,
        NextToken: first.NextToken,
      }),
    );
    const third = await client.send(
      new ListEventSourcesCommand({
        NamePrefix: "aws.partner/snyk.io/org_paged/",
        Limit: 2,
        NextToken: second.NextToken,
      }),
    );

    // THEN
    expect(first.EventSources!.map((source) => source.Name)).toEqual([
      "aws.partner/snyk.io/org_paged/a",
      "aws.partner/snyk.io/org_paged/b",
    ]);
    expect(second.EventSources!.map((source) => source.Name)).toEqual([
      "aws.partner/snyk.io/org_paged/c",
      "aws.partner/snyk.io/org_paged/d",
    ]);
    expect(third.EventSources!.map((source) => source.Name)).toEqual(["aws.partner/snyk.io/org_paged/e"]);
    expect(third.NextToken).toBeUndefined();
  });

  test("ListEventSources rejects a forged NextToken and a prefix outside aws.partner/", async () => {
    // WHEN / THEN
    await expect(
      client.send(new ListEventSourcesCommand({ NamePrefix: "aws.partner/snyk.io/", NextToken: "forged" })),
    ).rejects.toMatchObject({ name: "ValidationException", message: "The NextToken provided is invalid." });
    await expect(client.send(new ListEventSourcesCommand({ NamePrefix: "snyk.io/" }))).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'snyk.io/' at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: aws\\.partner/[\\.\\-_A-Za-z0-9]+/[/\\.\\-_A-Za-z0-9]*",
    });
  });

  test("sources of another account or region are invisible to this caller", async () => {
    // GIVEN
    const elsewhere = "aws.partner/snyk.io/org_elsewhere/issues";
    simulator.createPartnerSource({ name: elsewhere, accountId: "210987654321", region: REGION });
    simulator.createPartnerSource({ name: elsewhere, accountId: simulator.accountId, region: "eu-west-1" });

    // WHEN
    const listed = await client.send(new ListEventSourcesCommand({ NamePrefix: "aws.partner/snyk.io/org_elsewhere/" }));

    // THEN
    expect(listed.EventSources).toEqual([]);
    await expect(client.send(new DescribeEventSourceCommand({ Name: elsewhere }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  test("CreateEventBus errors: aws. names without a source, missing source, name mismatch, duplicates", async () => {
    // GIVEN
    const name = "aws.partner/snyk.io/org_errors/issues";
    simulator.createPartnerSource({ name, accountId: simulator.accountId, region: REGION });
    await client.send(new CreateEventBusCommand({ Name: "orders" }));

    // WHEN / THEN
    await expect(client.send(new CreateEventBusCommand({ Name: name }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "EventBus name starting with 'aws.' is not valid.",
    });
    await expect(
      client.send(
        new CreateEventBusCommand({
          Name: "aws.partner/snyk.io/org_x/none",
          EventSourceName: "aws.partner/snyk.io/org_x/none",
        }),
      ),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event source aws.partner/snyk.io/org_x/none does not exist.",
    });
    await expect(
      client.send(new CreateEventBusCommand({ Name: "other", EventSourceName: name })),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(client.send(new CreateEventBusCommand({ Name: "orders" }))).rejects.toMatchObject({
      name: "ResourceAlreadyExistsException",
      message: "Event bus orders already exists.",
    });
    await expect(client.send(new CreateEventBusCommand({ Name: "x".repeat(257) }))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "at 'name' failed to satisfy constraint: Member must have length less than or equal to 256",
      ),
    });
  });

  test("DescribeEventBus answers the default bus, by name and by ARN; DeleteEventBus refuses default and missing buses", async () => {
    // GIVEN
    await client.send(new CreateEventBusCommand({ Name: "described", Description: "for tests" }));

    // WHEN
    const byDefault = await client.send(new DescribeEventBusCommand({}));
    const byName = await client.send(new DescribeEventBusCommand({ Name: "described" }));
    const byArn = await client.send(new DescribeEventBusCommand({ Name: byName.Arn }));

    // THEN
    expect(byDefault).toMatchObject({
      Name: "default",
      Arn: `arn:aws:events:${REGION}:123456789012:event-bus/default`,
    });
    expect(byName).toMatchObject({ Name: "described", Description: "for tests" });
    expect(byName.CreationTime).toBeInstanceOf(Date);
    expect(byArn.Name).toBe("described");
    await expect(client.send(new DeleteEventBusCommand({ Name: "default" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Cannot delete event bus default.",
    });
    await expect(client.send(new DeleteEventBusCommand({ Name: "missing" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event bus missing does not exist.",
    });
    await expect(client.send(new DescribeEventBusCommand({ Name: "missing" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event bus missing does not exist.",
    });
  });

  test("ListEventBuses filters by prefix and paginates", async () => {
    // GIVEN
    for (const index of [0, 1, 2, 3, 4]) {
      await client.send(new CreateEventBusCommand({ Name: `listed-${index}` }));
    }

    // WHEN
    const first = await client.send(new ListEventBusesCommand({ NamePrefix: "listed-", Limit: 3 }));
    const second = await client.send(
      new ListEventBusesCommand({ NamePrefix: "listed-", Limit: 3, NextToken: first.NextToken }),
    );

    // THEN
    expect(first.EventBuses!.map((bus) => bus.Name)).toEqual(["listed-0", "listed-1", "listed-2"]);
    expect(second.EventBuses!.map((bus) => bus.Name)).toEqual(["listed-3", "listed-4"]);
    expect(second.NextToken).toBeUndefined();
  });
});
