import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ApplyEvent } from "../../../src/sandbox/apply";
import { ApplyError, applyStack, destroyStack, STATE_FILE } from "../../../src/sandbox/apply";
import { copyFixture, FakeEventBridge, readRecords } from "./apply-test-kit";

const SANDBOX = { accountId: "123456789012", region: "us-east-1" };
const CANARY = "snyk-canary-token-7f3a9b21-do-not-leak";
const BUS = "aws.partner/snyk.io/org_3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f/issues";

interface CliRecord {
  verb: string;
  flag: string;
  spec: Record<string, string>;
  cwd: string;
  hasToken: boolean;
}

describe("applying the local-host fixture (terraform_data with local-exec provisioners)", () => {
  let dir: string;
  let record: string;
  let events: ApplyEvent[];
  let eventBridge: FakeEventBridge;
  const options = (extraEnv: Record<string, string> = {}) => ({
    stackDir: dir,
    sandbox: SANDBOX,
    eventBridge,
    env: { PATH: process.env.PATH, SNYK_TOKEN: CANARY, APPLY_TEST_RECORD: record, ...extraEnv },
    onEvent: (event: ApplyEvent) => events.push(event),
  });

  beforeEach(() => {
    dir = copyFixture("local-host");
    record = join(dir, "records.jsonl");
    events = [];
    eventBridge = new FakeEventBridge();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("creates everything in dependency order, runs the reconcile command with its environment, returns outputs", async () => {
    // WHEN
    const result = await applyStack(options());
    // THEN the provisioner ran once, in the stack directory, with the spec resolved from the data sources
    const records = readRecords<CliRecord>(record);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ verb: "reconcile", flag: "--spec-env", cwd: dir, hasToken: true });
    expect(records[0].spec).toEqual({
      accountId: "123456789012",
      eventType: "issues",
      groupId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      name: "platform-issues",
      orgId: "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f",
      partnerSourceName: BUS,
      region: "us-east-1",
    });
    // AND the partner bus came after the reconcile step, targets after their policies
    const order = result.changes.map((change) => change.address);
    expect(order.indexOf("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBeGreaterThan(
      order.indexOf("terraform_data.Integration_Reconcile_2C4E6A81"),
    );
    expect(result.changes.every((change) => change.action === "create")).toBe(true);
    expect(result.changes).toHaveLength(15);
    // AND EventBridge received the partner bus, rules with jsonencode'd patterns, targets and the archive
    expect(eventBridge.calls[0]).toEqual({ operation: "CreateEventBus", input: { name: BUS, eventSourceName: BUS } });
    expect(eventBridge.rules.get(`${BUS}|snyk-high-severity`)).toMatchObject({
      eventPattern: '{"detail":{"severity_id":[4,5]},"source":[{"prefix":"aws.partner/snyk.io/"}]}',
      state: "ENABLED",
    });
    expect(eventBridge.targets.get(`${BUS}|snyk-high-severity|HighSeverityTopic`)).toEqual({
      Id: "HighSeverityTopic",
      Arn: "arn:aws:sns:us-east-1:123456789012:snyk-high-severity",
      InputTransformer: {
        InputPathsMap: { title: "$.detail.finding.title", severity: "$.detail.severity" },
        InputTemplate: '"<severity>: <title>"',
      },
    });
    expect(eventBridge.targets.get(`${BUS}|snyk-all-issues|FixQueue`)).toMatchObject({
      Arn: "arn:aws:sqs:us-east-1:123456789012:snyk-fixable",
      DeadLetterConfig: { Arn: "arn:aws:sqs:us-east-1:123456789012:snyk-fixable-dlq" },
      RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 4 },
    });
    expect(eventBridge.targets.get(`${BUS}|snyk-all-issues|Logs`)?.Arn).toBe(
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/snyk/platform-issues",
    );
    expect(eventBridge.calls.find((call) => call.operation === "CreateArchive")?.input).toMatchObject({
      name: "snyk-platform-issues",
      eventSourceArn: `arn:aws:events:us-east-1:123456789012:event-bus/${BUS}`,
      retentionDays: 7,
    });
    // AND outputs are resolved
    expect(result.outputs).toEqual({
      Integration_partnerSourceName_1A2B3C4D: BUS,
      Integration_busArn_5E6F7A8B: `arn:aws:events:us-east-1:123456789012:event-bus/${BUS}`,
      Integration_topicArn_9C8D7E6F: "arn:aws:sns:us-east-1:123456789012:snyk-high-severity",
    });
    expect(result.stateFile).toBe(join(dir, STATE_FILE));
    // AND the topic policy is the jsonencode'd document with the rule's ARN
    const state = JSON.parse(readFileSync(result.stateFile, "utf8")) as {
      resources: { address: string; attributes: Record<string, unknown> }[];
    };
    const policy = state.resources.find((resource) => resource.address.startsWith("aws_sns_topic_policy."));
    expect(JSON.parse(String(policy?.attributes.policy)).Statement[0].Condition).toEqual({
      ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:123456789012:rule/${BUS}/snyk-high-severity` },
    });
    // AND the token appears in none of the state, the events and the result
    expect(readFileSync(result.stateFile, "utf8")).not.toContain(CANARY);
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(
      events.some((event) => event.kind === "provisioner-output" && event.message === "(stdout) reconcile done"),
    ).toBe(true);
  });

  test("a second apply changes nothing and runs no provisioner", async () => {
    // GIVEN
    await applyStack(options());
    const callsAfterFirst = eventBridge.calls.length;
    // WHEN
    const second = await applyStack(options());
    // THEN
    expect(second.changes.every((change) => change.action === "unchanged")).toBe(true);
    expect(readRecords<CliRecord>(record)).toHaveLength(1);
    expect(eventBridge.calls).toHaveLength(callsAfterFirst);
  });

  test("a rename updates the identity in place (no delete) and replaces the reconcile step (reconcile runs again)", async () => {
    // GIVEN
    await applyStack(options());
    const file = join(dir, "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").split('platform-issues\\"').join('renamed-issues\\"'));
    // WHEN
    const result = await applyStack(options());
    // THEN
    const byAddress = new Map(result.changes.map((change) => [change.address, change.action]));
    expect(byAddress.get("terraform_data.Integration_7F3A9B21")).toBe("update");
    expect(byAddress.get("terraform_data.Integration_Reconcile_2C4E6A81")).toBe("replace");
    expect(byAddress.get("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBe("unchanged");
    const records = readRecords<CliRecord>(record);
    expect(records.map((entry) => entry.verb)).toEqual(["reconcile", "reconcile"]);
    expect(records[1].spec.name).toBe("renamed-issues");
  });

  test("destroy runs the destroy provisioner with self.input, deletes dependents first and leaves nothing", async () => {
    // GIVEN
    await applyStack(options());
    eventBridge.calls.length = 0;
    // WHEN
    const result = await destroyStack(options());
    // THEN
    const records = readRecords<CliRecord>(record);
    expect(records.map((entry) => entry.verb)).toEqual(["reconcile", "delete"]);
    expect(records[1].spec.name).toBe("platform-issues");
    expect(records[1].hasToken).toBe(true);
    expect(eventBridge.isEmpty()).toBe(true);
    const order = result.changes.map((change) => change.address);
    expect(result.changes.every((change) => change.action === "delete")).toBe(true);
    expect(order).toHaveLength(15);
    expect(order.indexOf("aws_cloudwatch_event_target.Integration_HighSeverity_Target0_9D0E1F2A")).toBeLessThan(
      order.indexOf("aws_cloudwatch_event_rule.Integration_HighSeverity_Rule_1F2E3D4C"),
    );
    expect(order.indexOf("aws_cloudwatch_event_rule.Integration_HighSeverity_Rule_1F2E3D4C")).toBeLessThan(
      order.indexOf("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E"),
    );
    expect(order.indexOf("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBeLessThan(
      order.indexOf("terraform_data.Integration_7F3A9B21"),
    );
    expect(eventBridge.calls.map((call) => call.operation).slice(-1)).toEqual(["DeleteEventBus"]);
    const state = JSON.parse(readFileSync(result.stateFile, "utf8")) as { resources: unknown[] };
    expect(state.resources).toEqual([]);
    // AND destroying again does nothing
    expect((await destroyStack(options())).changes).toEqual([]);
  });

  test("a failing create provisioner stops the apply, taints the resource, and the next apply replaces it", async () => {
    // WHEN
    const failed = applyStack(options({ APPLY_TEST_FAIL: "reconcile" }));
    // THEN
    await expect(failed).rejects.toThrow(ApplyError);
    await expect(applyStack(options({ APPLY_TEST_FAIL: "reconcile" }))).rejects.toThrow(
      /terraform_data.Integration_Reconcile_2C4E6A81: the local-exec command "node .*reconcile --spec-env SNYK_EVENTBRIDGE_SPEC" exited with code 1; its last error output:\nfailing reconcile on purpose/,
    );
    expect(eventBridge.buses.size).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, STATE_FILE), "utf8")) as {
      resources: { address: string; tainted?: boolean }[];
    };
    expect(state.resources.find((resource) => resource.address.includes("Reconcile"))?.tainted).toBe(true);
    // WHEN the cause is fixed
    const retried = await applyStack(options());
    // THEN
    expect(retried.changes.find((change) => change.address.includes("Reconcile"))?.action).toBe("replace");
    expect(eventBridge.buses.has(BUS)).toBe(true);
  });

  test("a resource removed from the configuration is deleted without its destroy provisioner, as Terraform does", async () => {
    // GIVEN
    await applyStack(options());
    const file = join(dir, "cdk.tf.json");
    const document = JSON.parse(readFileSync(file, "utf8"));
    delete document.resource.aws_sqs_queue.Integration_FixQueue_DLQ_3C4D5E6F;
    delete document.resource.aws_cloudwatch_event_target.Integration_AllIssues_Target0_3B4C5D6E.dead_letter_config;
    writeFileSync(file, JSON.stringify(document));
    // WHEN
    const result = await applyStack(options());
    // THEN
    expect(result.changes.find((change) => change.address.endsWith("DLQ_3C4D5E6F"))?.action).toBe("delete");
    expect(result.changes.find((change) => change.address.endsWith("Target0_3B4C5D6E"))?.action).toBe("update");
    expect(eventBridge.targets.get(`${BUS}|snyk-all-issues|FixQueue`)?.DeadLetterConfig).toBeUndefined();
    expect(
      events.some((event) => event.kind === "warning" && /no longer in the configuration/.test(event.message)),
    ).toBe(true);
  });

  test("destroy works from the state file alone in a later run", async () => {
    // GIVEN an apply whose in-memory objects are gone
    await applyStack(options());
    expect(existsSync(join(dir, STATE_FILE))).toBe(true);
    // WHEN a new run destroys it
    const result = await destroyStack({ ...options(), onEvent: undefined });
    // THEN
    expect(result.changes).toHaveLength(15);
    expect(eventBridge.isEmpty()).toBe(true);
  });
});

describe("a provisioner that prints the token", () => {
  test("the token is redacted from progress events and from the error that quotes the provisioner's output", async () => {
    // GIVEN
    const dir = copyFixture("local-host");
    const events: ApplyEvent[] = [];
    try {
      // WHEN the reconcile step prints the token and then fails
      const attempt = applyStack({
        stackDir: dir,
        sandbox: SANDBOX,
        eventBridge: new FakeEventBridge(),
        env: {
          PATH: process.env.PATH,
          SNYK_TOKEN: CANARY,
          APPLY_TEST_RECORD: join(dir, "records.jsonl"),
          APPLY_TEST_LEAK: "reconcile",
          APPLY_TEST_FAIL: "reconcile",
        },
        onEvent: (event) => events.push(event),
      });
      // THEN
      const error = await attempt.then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(ApplyError);
      expect(error?.message).toContain("token is [redacted]");
      expect(`${error?.message} ${error?.stack}`).not.toContain(CANARY);
      expect(JSON.stringify(events)).not.toContain(CANARY);
      expect(events.some((event) => event.message === "(stdout) token is [redacted]")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
