import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutPartnerEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TestEventPatternCommand,
} from "@aws-sdk/client-eventbridge";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { REGION, ACCOUNT, QUEUE, PATTERN, DETAIL, sdkClient } from "./sdk-fixture";

describe("EventBridgeSimulator through the real SDK: events", () => {
  let simulator: EventBridgeSimulator;
  let client: EventBridgeClient;

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start();
    client = sdkClient(simulator.endpoint, { accessKeyId: "AKIDRULES" });
    await client.send(new CreateEventBusCommand({ Name: "app" }));
  });

  afterAll(async () => {
    client.destroy();
    await simulator.close();
  });

  beforeEach(() => simulator.clearRecords());

  test("PutEvents reports per-entry errors as AWS does and routes valid entries to matching targets", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "routed", EventBusName: "app", EventPattern: PATTERN }));
    await client.send(
      new PutTargetsCommand({
        Rule: "routed",
        EventBusName: "app",
        Targets: [
          { Id: "whole", Arn: QUEUE },
          { Id: "part", Arn: QUEUE, InputPath: "$.detail.payload" },
        ],
      }),
    );
    const base = {
      EventBusName: "app",
      Source: "core.update-account-command",
      DetailType: "core.update-account-command",
      Detail: DETAIL,
    };

    // WHEN
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          base,
          { ...base, Source: undefined },
          { ...base, DetailType: undefined },
          { ...base, Detail: undefined },
          { ...base, Detail: '"a string"' },
          { ...base, Source: "aws.s3" },
          { ...base, EventBusName: "no-such-bus" },
        ],
      }),
    );

    // THEN
    expect(result.FailedEntryCount).toBe(5);
    expect(result.Entries![1]).toEqual({
      ErrorCode: "InvalidArgument",
      ErrorMessage: "Parameter Source is not valid. Reason: Source is a required argument.",
    });
    expect(result.Entries![2]).toEqual({
      ErrorCode: "InvalidArgument",
      ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument.",
    });
    expect(result.Entries![3]).toEqual({
      ErrorCode: "InvalidArgument",
      ErrorMessage: "Parameter Detail is not valid. Reason: Detail is a required argument.",
    });
    expect(result.Entries![4]).toEqual({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });
    expect(result.Entries![5]).toMatchObject({ ErrorCode: "NotAuthorizedForSourceException" });
    expect(result.Entries![6].EventId).toBeDefined();
    const deliveries = simulator.deliveries().filter((delivery) => delivery.ruleName === "routed");
    expect(deliveries.map((delivery) => delivery.targetId)).toEqual(["whole", "part"]);
    const whole = JSON.parse(deliveries[0].input) as Record<string, unknown>;
    expect(whole).toMatchObject({
      version: "0",
      id: result.Entries![0].EventId,
      "detail-type": "core.update-account-command",
      source: "core.update-account-command",
      account: ACCOUNT,
      region: REGION,
      resources: [],
      detail: JSON.parse(DETAIL),
    });
    expect(whole.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(JSON.parse(deliveries[1].input)).toEqual({ acc_id: "0a787ecb-4015", sf_id: "baz" });
    expect(simulator.droppedEvents()).toEqual([
      expect.objectContaining({ reason: "event bus no-such-bus does not exist" }),
    ]);
  });

  test("PutEvents rejects more than ten entries and requests over 256 KB", async () => {
    // GIVEN
    const entry = { Source: "s", DetailType: "d", Detail: "{}" };

    // WHEN / THEN
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(
        "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10",
      ),
    });
    await expect(
      client.send(
        new PutEventsCommand({ Entries: [{ ...entry, Detail: JSON.stringify({ big: "x".repeat(300 * 1024) }) }] }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "Total size of the entries in the request is over the limit.",
    });
  });

  test("PutPartnerEvents is dropped while the source has no bus and routed once it has one", async () => {
    // GIVEN
    const source = "aws.partner/snyk.io/org_partner/issues";
    simulator.createPartnerSource({ name: source, accountId: ACCOUNT, region: REGION });
    const entry = {
      Source: source,
      DetailType: "Snyk Issue",
      Detail: JSON.stringify({ finding: { severity: "high" } }),
    };

    // WHEN
    const dropped = await client.send(new PutPartnerEventsCommand({ Entries: [entry] }));
    await client.send(new CreateEventBusCommand({ Name: source, EventSourceName: source }));
    await client.send(
      new PutRuleCommand({
        Name: "high",
        EventBusName: source,
        EventPattern: JSON.stringify({ detail: { finding: { severity: ["high"] } } }),
      }),
    );
    await client.send(
      new PutTargetsCommand({
        Rule: "high",
        EventBusName: source,
        Targets: [
          {
            Id: "summary",
            Arn: QUEUE,
            InputTransformer: {
              InputPathsMap: { sev: "$.detail.finding.severity" },
              InputTemplate: '"Severity <sev>"',
            },
          },
        ],
      }),
    );
    const routed = await client.send(new PutPartnerEventsCommand({ Entries: [entry] }));

    // THEN
    expect(dropped.FailedEntryCount).toBe(0);
    expect(simulator.droppedEvents()).toEqual([
      expect.objectContaining({
        eventId: dropped.Entries![0].EventId,
        reason: `partner event source ${source} is PENDING: no event bus is associated`,
      }),
    ]);
    expect(routed.FailedEntryCount).toBe(0);
    expect(simulator.deliveries()).toEqual([
      expect.objectContaining({
        eventId: routed.Entries![0].EventId,
        busName: source,
        ruleName: "high",
        targetId: "summary",
        input: '"Severity high"',
      }),
    ]);
  });

  test("TestEventPattern matches with the project matcher and rejects invalid patterns and events", async () => {
    // GIVEN
    const event = JSON.stringify({
      id: "1",
      account: ACCOUNT,
      source: "aws.partner/snyk.io/org_1/issues",
      time: "2025-01-01T00:00:00Z",
      region: REGION,
      resources: [],
      "detail-type": "Snyk Issue",
      detail: { severity: "critical" },
    });

    // WHEN
    const hit = await client.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify({ source: [{ prefix: "aws.partner/snyk.io/" }] }),
        Event: event,
      }),
    );
    const miss = await client.send(
      new TestEventPatternCommand({ EventPattern: JSON.stringify({ detail: { severity: ["low"] } }), Event: event }),
    );

    // THEN
    expect(hit.Result).toBe(true);
    expect(miss.Result).toBe(false);
    await expect(client.send(new TestEventPatternCommand({ EventPattern: "{", Event: event }))).rejects.toMatchObject({
      name: "InvalidEventPatternException",
    });
    await expect(
      client.send(
        new TestEventPatternCommand({
          EventPattern: JSON.stringify({ source: ["x"] }),
          Event: JSON.stringify({ source: "x" }),
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Parameter Event is not valid"),
    });
  });
});
