import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { REGION, ACCOUNT, QUEUE, PATTERN, DETAIL, sdkClient } from "./sdk-fixture";

describe("EventBridgeSimulator through the real SDK: rules and targets", () => {
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

  test("PutRule returns the ARN formats of the default and of a custom bus; DescribeRule echoes the rule", async () => {
    // WHEN
    const onDefault = await client.send(new PutRuleCommand({ Name: "on-default", EventPattern: PATTERN }));
    const onCustom = await client.send(
      new PutRuleCommand({ Name: "on-custom", EventBusName: "app", EventPattern: PATTERN, Description: "d" }),
    );
    const described = await client.send(new DescribeRuleCommand({ Name: "on-custom", EventBusName: "app" }));

    // THEN
    expect(onDefault.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/on-default`);
    expect(onCustom.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/app/on-custom`);
    expect(described).toMatchObject({
      Name: "on-custom",
      Arn: onCustom.RuleArn,
      EventPattern: PATTERN,
      State: "ENABLED",
      Description: "d",
      EventBusName: "app",
      CreatedBy: ACCOUNT,
    });
  });

  test("PutRule errors: no pattern nor schedule, schedule on a custom bus, invalid pattern, missing bus", async () => {
    // WHEN / THEN
    await expect(client.send(new PutRuleCommand({ Name: "empty", EventBusName: "app" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "Parameter(s) EventPattern or ScheduleExpression must be specified.",
    });
    await expect(
      client.send(new PutRuleCommand({ Name: "cron", EventBusName: "app", ScheduleExpression: "rate(5 minutes)" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "ScheduleExpression is supported only on the default event bus.",
    });
    await expect(
      client.send(
        new PutRuleCommand({ Name: "bad", EventBusName: "app", EventPattern: JSON.stringify({ source: [] }) }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidEventPatternException",
      message: expect.stringMatching(/^Event pattern is not valid\. Reason: /),
    });
    await expect(
      client.send(new PutRuleCommand({ Name: "lost", EventBusName: "nope", EventPattern: PATTERN })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Event bus nope does not exist.",
    });
    await expect(
      client.send(new PutRuleCommand({ Name: "x", EventPattern: PATTERN, State: "SOMETIMES" as "ENABLED" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'SOMETIMES' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
    });
  });

  test("DescribeRule, EnableRule and DisableRule of a missing rule name the rule and the bus", async () => {
    // WHEN / THEN
    for (const command of [
      new DescribeRuleCommand({ Name: "ghost" }),
      new EnableRuleCommand({ Name: "ghost" }),
      new DisableRuleCommand({ Name: "ghost" }),
    ]) {
      await expect(client.send(command as DescribeRuleCommand)).rejects.toMatchObject({
        name: "ResourceNotFoundException",
        message: "Rule ghost does not exist on EventBus default.",
      });
    }
  });

  test("DisableRule stops routing and EnableRule restarts it", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "toggled", EventBusName: "app", EventPattern: PATTERN }));
    await client.send(
      new PutTargetsCommand({ Rule: "toggled", EventBusName: "app", Targets: [{ Id: "q", Arn: QUEUE }] }),
    );
    const entry = {
      EventBusName: "app",
      Source: "core.update-account-command",
      DetailType: "core.update-account-command",
      Detail: DETAIL,
    };

    // WHEN
    await client.send(new DisableRuleCommand({ Name: "toggled", EventBusName: "app" }));
    const disabled = await client.send(new DescribeRuleCommand({ Name: "toggled", EventBusName: "app" }));
    await client.send(new PutEventsCommand({ Entries: [entry] }));
    const whileDisabled = simulator.deliveries().filter((delivery) => delivery.ruleName === "toggled").length;
    await client.send(new EnableRuleCommand({ Name: "toggled", EventBusName: "app" }));
    await client.send(new PutEventsCommand({ Entries: [entry] }));

    // THEN
    expect(disabled.State).toBe("DISABLED");
    expect(whileDisabled).toBe(0);
    expect(simulator.deliveries().filter((delivery) => delivery.ruleName === "toggled")).toHaveLength(1);
    await client.send(new RemoveTargetsCommand({ Rule: "toggled", EventBusName: "app", Ids: ["q"] }));
    await client.send(new DeleteRuleCommand({ Name: "toggled", EventBusName: "app" }));
  });

  test("ListRules filters by prefix and paginates", async () => {
    // GIVEN
    for (const index of [0, 1, 2, 3, 4]) {
      await client.send(new PutRuleCommand({ Name: `paged-${index}`, EventBusName: "app", EventPattern: PATTERN }));
    }

    // WHEN
    const first = await client.send(new ListRulesCommand({ EventBusName: "app", NamePrefix: "paged-", Limit: 3 }));
    const second = await client.send(
      new ListRulesCommand({ EventBusName: "app", NamePrefix: "paged-", Limit: 3, NextToken: first.NextToken }),
    );

    // THEN
    expect(first.Rules!.map((rule) => rule.Name)).toEqual(["paged-0", "paged-1", "paged-2"]);
    expect(first.Rules![0]).toMatchObject({ EventBusName: "app", State: "ENABLED", EventPattern: PATTERN });
    expect(second.Rules!.map((rule) => rule.Name)).toEqual(["paged-3", "paged-4"]);
    expect(second.NextToken).toBeUndefined();
  });

  test("DeleteRule refuses a rule with targets, then deletes it once they are removed", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "guarded", EventBusName: "app", EventPattern: PATTERN }));
    await client.send(
      new PutTargetsCommand({ Rule: "guarded", EventBusName: "app", Targets: [{ Id: "t", Arn: QUEUE }] }),
    );

    // WHEN
    const refused = await client
      .send(new DeleteRuleCommand({ Name: "guarded", EventBusName: "app" }))
      .catch((e: unknown) => e);
    await client.send(new RemoveTargetsCommand({ Rule: "guarded", EventBusName: "app", Ids: ["t"] }));
    await client.send(new DeleteRuleCommand({ Name: "guarded", EventBusName: "app" }));

    // THEN
    expect(refused).toMatchObject({
      name: "ValidationException",
      message: "Rule can't be deleted since it has targets.",
    });
    await expect(client.send(new DescribeRuleCommand({ Name: "guarded", EventBusName: "app" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  test("DeleteEventBus refuses a bus that still has rules, then deletes it once they are gone", async () => {
    // GIVEN
    await client.send(new CreateEventBusCommand({ Name: "ruled" }));
    await client.send(new PutRuleCommand({ Name: "only", EventBusName: "ruled", EventPattern: PATTERN }));

    // WHEN
    const refused = await client.send(new DeleteEventBusCommand({ Name: "ruled" })).catch((e: unknown) => e);
    await client.send(new DeleteRuleCommand({ Name: "only", EventBusName: "ruled" }));
    await client.send(new DeleteEventBusCommand({ Name: "ruled" }));

    // THEN
    expect(refused).toMatchObject({
      name: "ValidationException",
      message: "EventBus can't be deleted since it has rules.",
    });
    await expect(
      client.send(new PutRuleCommand({ Name: "again", EventBusName: "ruled", EventPattern: PATTERN })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  test("PutTargets validates ids, ARNs, input settings, the five-target limit and a missing rule", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "limited", EventBusName: "app", EventPattern: PATTERN }));
    const put = (
      targets: {
        Id: string;
        Arn: string;
        InputPath?: string;
        Input?: string;
        InputTransformer?: { InputTemplate: string; InputPathsMap?: Record<string, string> };
      }[],
    ) => client.send(new PutTargetsCommand({ Rule: "limited", EventBusName: "app", Targets: targets }));

    // WHEN / THEN
    await expect(put([{ Id: "!@#$@!#$", Arn: QUEUE }])).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    });
    await expect(put([{ Id: "second-invalid-target-id".repeat(3), Arn: QUEUE }])).rejects.toMatchObject({
      message: expect.stringContaining("Member must have length less than or equal to 64"),
    });
    await expect(put([{ Id: "arn", Arn: "not-an-arn" }])).rejects.toMatchObject({
      name: "ValidationException",
      message: "Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.",
    });
    await expect(put([{ Id: "both", Arn: QUEUE, InputPath: "$.detail", Input: "{}" }])).rejects.toMatchObject({
      name: "ValidationException",
      message: "Only one of Input, InputPath, or InputTransformer must be provided for target both.",
    });
    await expect(
      put([
        {
          Id: "tpl",
          Arn: QUEUE,
          InputTransformer: { InputPathsMap: { a: "$.detail" }, InputTemplate: '"<a> <notdefinedkey>"' },
        },
      ]),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: "InputTemplate for target tpl contains invalid placeholder notdefinedkey.",
    });
    await expect(put(["1", "2", "3", "4", "5", "6"].map((id) => ({ Id: id, Arn: QUEUE })))).rejects.toMatchObject({
      name: "LimitExceededException",
      message: "The requested resource exceeds the maximum number allowed.",
    });
    await expect(
      client.send(new PutTargetsCommand({ Rule: "ghost", EventBusName: "app", Targets: [{ Id: "t", Arn: QUEUE }] })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Rule ghost does not exist on EventBus app.",
    });
  });

  test("PutTargets and RemoveTargets report per-entry failures in FailedEntries", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "partial", EventBusName: "app", EventPattern: PATTERN }));
    simulator.faults.failTargetEntry({
      targetId: "busy",
      errorCode: "ConcurrentModificationException",
      errorMessage: "Try again.",
    });

    // WHEN
    const put = await client.send(
      new PutTargetsCommand({
        Rule: "partial",
        EventBusName: "app",
        Targets: [
          { Id: "ok", Arn: QUEUE },
          { Id: "busy", Arn: QUEUE },
        ],
      }),
    );
    const removed = await client.send(
      new RemoveTargetsCommand({ Rule: "partial", EventBusName: "app", Ids: ["ok", "busy"] }),
    );
    simulator.faults.clear();

    // THEN
    expect(put.FailedEntryCount).toBe(1);
    expect(put.FailedEntries).toEqual([
      { TargetId: "busy", ErrorCode: "ConcurrentModificationException", ErrorMessage: "Try again." },
    ]);
    expect(removed.FailedEntryCount).toBe(1);
    const listed = await client.send(new ListTargetsByRuleCommand({ Rule: "partial", EventBusName: "app" }));
    expect(listed.Targets).toEqual([]);
  });

  test("ListTargetsByRule returns targets in order and paginates", async () => {
    // GIVEN
    await client.send(new PutRuleCommand({ Name: "many", EventBusName: "app", EventPattern: PATTERN }));
    await client.send(
      new PutTargetsCommand({
        Rule: "many",
        EventBusName: "app",
        Targets: [0, 1, 2, 3, 4].map((index) => ({ Id: `target-${index}`, Arn: QUEUE, InputPath: "$.detail" })),
      }),
    );

    // WHEN
    const first = await client.send(new ListTargetsByRuleCommand({ Rule: "many", EventBusName: "app", Limit: 3 }));
    const second = await client.send(
      new ListTargetsByRuleCommand({ Rule: "many", EventBusName: "app", Limit: 3, NextToken: first.NextToken }),
    );

    // THEN
    expect(first.Targets!.map((target) => target.Id)).toEqual(["target-0", "target-1", "target-2"]);
    expect(first.Targets![0]).toEqual({ Id: "target-0", Arn: QUEUE, InputPath: "$.detail" });
    expect(second.Targets!.map((target) => target.Id)).toEqual(["target-3", "target-4"]);
    expect(second.NextToken).toBeUndefined();
  });
});
