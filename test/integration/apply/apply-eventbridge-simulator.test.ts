import { rmSync } from "node:fs";
import { join } from "node:path";
import type { ApplyEvent } from "../../../src/sandbox/apply";
import { applyStack, destroyStack } from "../../../src/sandbox/apply";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";
import { copyFixture, readRecords } from "../../unit/apply/apply-test-kit";

const ORG = "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f";
const BUS = `aws.partner/snyk.io/org_${ORG}/issues`;
const ACCOUNT = "123456789012";
const REGION = "us-east-1";

describe("applying a fixture stack to the EventBridge simulator through the real SDK", () => {
  let simulator: EventBridgeSimulator;
  let dir: string;
  const events: ApplyEvent[] = [];

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start({ accountId: ACCOUNT, region: REGION });
    dir = copyFixture("local-host");
  });

  afterAll(async () => {
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = () => ({
    stackDir: dir,
    sandbox: { accountId: ACCOUNT, region: REGION, eventBridgeEndpoint: simulator.endpoint },
    env: {
      PATH: process.env.PATH,
      APPLY_TEST_RECORD: join(dir, "records.jsonl"),
      AWS_ACCESS_KEY_ID: "AKIASANDBOXEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "sandbox-secret-access-key",
    },
    onEvent: (event: ApplyEvent) => events.push(event),
  });

  test("apply associates the partner bus, routes partner events to the recorded targets, destroy leaves nothing", async () => {
    // GIVEN the partner source Snyk would have created (the fixture's CLI is a stand-in that creates nothing)
    simulator.createPartnerSource({ name: BUS, accountId: ACCOUNT, region: REGION });

    // WHEN
    const result = await applyStack(options());

    // THEN the simulator holds the partner bus with both rules and their targets, and the source is ACTIVE
    const bus = simulator.buses().find((candidate) => candidate.name === BUS);
    expect(bus?.eventSourceName).toBe(BUS);
    expect(bus?.arn).toBe(result.outputs.Integration_busArn_5E6F7A8B);
    expect(bus?.rules.map((rule) => rule.name).sort()).toEqual(["snyk-all-issues", "snyk-high-severity"]);
    expect(simulator.sources().find((source) => source.name === BUS)?.state).toBe("ACTIVE");
    expect(readRecords<{ verb: string }>(join(dir, "records.jsonl")).map((entry) => entry.verb)).toEqual(["reconcile"]);
    expect(
      simulator.archives().map((archive) => [archive.name, archive.eventSourceArn, archive.retentionDays]),
    ).toEqual([["snyk-platform-issues", bus?.arn, 7]]);

    // WHEN a critical and a low issue event arrive through the partner source
    const response = simulator.putPartnerEvents([
      {
        Source: BUS,
        DetailType: "Snyk Issue",
        Detail: JSON.stringify({ severity_id: 5, severity: "Critical", finding: { title: "Prototype pollution" } }),
      },
      {
        Source: BUS,
        DetailType: "Snyk Issue",
        Detail: JSON.stringify({ severity_id: 2, severity: "Low", finding: { title: "Info leak" } }),
      },
    ]);

    // THEN the critical one reached the SNS topic through the input transformer, and both reached queue and logs
    expect(response.FailedEntryCount).toBe(0);
    const deliveries = simulator.deliveries();
    const toTopic = deliveries.filter(
      (delivery) => delivery.targetArn === `arn:aws:sns:${REGION}:${ACCOUNT}:snyk-high-severity`,
    );
    expect(toTopic.map((delivery) => delivery.input)).toEqual(['"Critical: Prototype pollution"']);
    expect(
      deliveries.filter((delivery) => delivery.targetArn === `arn:aws:sqs:${REGION}:${ACCOUNT}:snyk-fixable`),
    ).toHaveLength(2);
    expect(
      deliveries.filter(
        (delivery) =>
          delivery.targetArn === `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/events/snyk/platform-issues`,
      ),
    ).toHaveLength(2);

    // AND both events were archived for replay
    expect(simulator.archives()[0].eventCount).toBe(2);

    // WHEN
    await destroyStack(options());

    // THEN no bus, rule, target or archive of the stack is left, and the destroy provisioner ran
    expect(simulator.buses().filter((candidate) => candidate.name !== "default")).toEqual([]);
    expect(simulator.archives()).toEqual([]);
    expect(readRecords<{ verb: string }>(join(dir, "records.jsonl")).map((entry) => entry.verb)).toEqual([
      "reconcile",
      "delete",
    ]);
  });

  test("an EventBridge error names the resource and the operation", async () => {
    // GIVEN a stack whose partner bus names a source that does not exist
    const other = copyFixture("local-host", { [ORG]: "00000000-0000-4000-8000-000000000000" });
    try {
      // WHEN
      const attempt = applyStack({ ...options(), stackDir: other });
      // THEN
      await expect(attempt).rejects.toThrow(
        /aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E: EventBridge CreateEventBus failed: ResourceNotFoundException/,
      );
    } finally {
      await destroyStack({ ...options(), stackDir: other });
      rmSync(other, { recursive: true, force: true });
    }
  });
});
