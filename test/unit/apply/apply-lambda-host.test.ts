import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ApplyEvent } from "../../../src/sandbox/apply";
import { ApplyError, applyStack, destroyStack } from "../../../src/sandbox/apply";
import { copyFixture, FakeEventBridge, readRecords } from "./apply-test-kit";

const SANDBOX = { accountId: "123456789012", region: "us-east-1" };
const CANARY = "snyk-canary-token-2c4e6a81-do-not-leak";
const ORG = "3f1c2a4e-8b5d-4c6f-9a7e-1d2b3c4d5e6f";
const BUS = `aws.partner/snyk.io/org_${ORG}/issues`;

interface HandlerRecord {
  event: Record<string, unknown> & { tf: { action: string; prev_input: Record<string, unknown> | null } };
  env: { SNYK_TOKEN: string | null; AWS_REGION: string; SECRET: string };
}

describe("applying the lambda-host fixture (aws_lambda_invocation with lifecycle_scope CRUD)", () => {
  let dir: string;
  let record: string;
  let events: ApplyEvent[];
  let eventBridge: FakeEventBridge;
  const options = () => ({
    stackDir: dir,
    sandbox: SANDBOX,
    eventBridge,
    env: { PATH: process.env.PATH, SNYK_TOKEN: CANARY },
    onEvent: (event: ApplyEvent) => events.push(event),
  });

  beforeEach(() => {
    dir = copyFixture("lambda-host", { __INTEGRATION_NAME__: "platform-issues" });
    record = join(dir, "payloads.jsonl");
    const file = join(dir, "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("__RECORD_FILE__", record));
    events = [];
    eventBridge = new FakeEventBridge();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("create feeds the CRUD payload to the bundled handler and the bus takes its name from the result", async () => {
    // WHEN
    const result = await applyStack(options());
    // THEN the handler got the input plus tf.action = create and prev_input = null
    const records = readRecords<HandlerRecord>(record);
    expect(records).toHaveLength(1);
    expect(records[0].event).toEqual({
      accountId: "123456789012",
      eventType: "issues",
      name: "platform-issues",
      orgId: ORG,
      region: "us-east-1",
      tf: { action: "create", prev_input: null },
    });
    // AND ran with the function's environment, not the apply's token
    expect(records[0].env).toEqual({ SNYK_TOKEN: null, AWS_REGION: "us-east-1", SECRET: "snyk/token" });
    // AND the partner bus name came from jsondecode(result)
    expect(eventBridge.calls[0]).toEqual({ operation: "CreateEventBus", input: { name: BUS, eventSourceName: BUS } });
    expect(result.outputs.partnerSourceName).toBe(BUS);
    expect(result.outputs.functionArn).toBe(
      "arn:aws:lambda:us-east-1:123456789012:function:snyk-eventbridge-integration",
    );
    expect(events.some((event) => event.kind === "invoke" && /action create/.test(event.message))).toBe(true);
    expect(readFileSync(result.stateFile, "utf8")).not.toContain(CANARY);
  });

  test("an input change is an in-place update with prev_input; the bus is left alone", async () => {
    // GIVEN
    await applyStack(options());
    const file = join(dir, "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('platform-issues\\"', 'renamed\\"'));
    // WHEN
    const result = await applyStack(options());
    // THEN
    const records = readRecords<HandlerRecord>(record);
    expect(records[1].event.tf.action).toBe("update");
    expect(records[1].event.name).toBe("renamed");
    expect(records[1].event.tf.prev_input).toMatchObject({ name: "platform-issues", orgId: ORG });
    const byAddress = new Map(result.changes.map((change) => [change.address, change.action]));
    expect(byAddress.get("aws_lambda_invocation.Integration_Invocation_4D5E6F7A")).toBe("update");
    expect(byAddress.get("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBe("unchanged");
  });

  test("destroy invokes the handler with action delete and the stored input, after the bus is gone", async () => {
    // GIVEN
    await applyStack(options());
    // WHEN
    const result = await destroyStack(options());
    // THEN
    const records = readRecords<HandlerRecord>(record);
    expect(records[1].event.tf).toEqual({
      action: "delete",
      prev_input: {
        accountId: "123456789012",
        eventType: "issues",
        name: "platform-issues",
        orgId: ORG,
        region: "us-east-1",
      },
    });
    const order = result.changes.map((change) => change.address);
    expect(order.indexOf("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBeLessThan(
      order.indexOf("aws_lambda_invocation.Integration_Invocation_4D5E6F7A"),
    );
    expect(order.indexOf("aws_lambda_invocation.Integration_Invocation_4D5E6F7A")).toBeLessThan(
      order.indexOf("aws_lambda_function.Integration_Provisioner_1A2B3C4D"),
    );
    expect(eventBridge.isEmpty()).toBe(true);
  });

  test("a handler error fails the apply with Lambda's error payload, before the bus is created", async () => {
    // GIVEN
    const file = join(dir, "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(`\\"orgId\\" = \\"${ORG}\\"`, '\\"orgId\\" = \\"fail\\"'));
    // WHEN
    const attempt = applyStack(options());
    // THEN
    await expect(attempt).rejects.toThrow(ApplyError);
    await expect(applyStack(options())).rejects.toThrow(
      /aws_lambda_invocation.Integration_Invocation_4D5E6F7A: Lambda function \(snyk-eventbridge-integration\) returned error: \(\{"errorType":"Error","errorMessage":"handler failed on purpose"\}\)/,
    );
    expect(eventBridge.buses.size).toBe(0);
  });
});

describe("Lambda packages", () => {
  test("a function whose package is missing from the stack directory fails naming the file", async () => {
    // GIVEN
    const dir = copyFixture("lambda-host", { __INTEGRATION_NAME__: "x" });
    rmSync(join(dir, "assets"), { recursive: true, force: true });
    try {
      // WHEN
      const attempt = applyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge: new FakeEventBridge(), env: {} });
      // THEN
      await expect(attempt).rejects.toThrow(
        /aws_lambda_function.Integration_Provisioner_1A2B3C4D: the deployment package assets\/SnykEventBridgeLambda\/.*archive.zip does not exist/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
