import { EventBridgeClient, ListEventBusesCommand } from "@aws-sdk/client-eventbridge";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";

const SIGNED =
  "AWS4-HMAC-SHA256 Credential=AKIDWIRE/20250101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=abc";

describe("EventBridgeSimulator wire protocol", () => {
  let simulator: EventBridgeSimulator;

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start();
  });

  afterAll(async () => {
    await simulator.close();
  });

  afterEach(() => simulator.faults.clear());

  const post = (target: string | undefined, body: string, headers: Record<string, string> = {}) =>
    fetch(simulator.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        authorization: SIGNED,
        ...(target === undefined ? {} : { "x-amz-target": target }),
        ...headers,
      },
      body,
    });

  test("answers AWS JSON 1.1 with a request id and epoch-second timestamps", async () => {
    // WHEN
    const response = await post("AWSEvents.DescribeEventBus", "{}");
    const body = (await response.json()) as { Name: string; CreationTime: number };

    // THEN
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.Name).toBe("default");
    expect(typeof body.CreationTime).toBe("number");
    expect(Math.abs(body.CreationTime - Date.now() / 1000)).toBeLessThan(60);
  });

  test("errors are HTTP 400 with x-amzn-ErrorType and a __type/message body", async () => {
    // WHEN
    const response = await post("AWSEvents.DescribeEventBus", JSON.stringify({ Name: "missing" }));

    // THEN
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    expect(await response.json()).toEqual({
      __type: "ResourceNotFoundException",
      message: "Event bus missing does not exist.",
    });
  });

  test("rejects unsigned requests, unknown operations, bad JSON, wrong types and content types", async () => {
    // WHEN
    const unsigned = await fetch(simulator.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSEvents.ListRules" },
      body: "{}",
    });
    const unknown = await post("AWSEvents.LaunchRockets", "{}");
    const noTarget = await post(undefined, "{}");
    const badJson = await post("AWSEvents.ListRules", "{");
    const wrongType = await post("AWSEvents.ListRules", JSON.stringify({ Limit: "ten" }));
    const wrongContentType = await post("AWSEvents.ListRules", "{}", { "content-type": "application/json" });

    // THEN
    expect([unsigned.status, (await unsigned.json()) as unknown]).toEqual([
      403,
      { __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" },
    ]);
    expect(((await unknown.json()) as { __type: string }).__type).toBe("UnknownOperationException");
    expect(((await noTarget.json()) as { __type: string }).__type).toBe("UnknownOperationException");
    expect(((await badJson.json()) as { __type: string }).__type).toBe("SerializationException");
    expect(((await wrongType.json()) as { __type: string }).__type).toBe("SerializationException");
    expect(((await wrongContentType.json()) as { __type: string }).__type).toBe("SerializationException");
  });

  test("reports every broken constraint in one ValidationException", async () => {
    // WHEN
    const response = await post("AWSEvents.ListRules", JSON.stringify({ NamePrefix: "bad name!", Limit: 0 }));

    // THEN
    expect(await response.json()).toEqual({
      __type: "ValidationException",
      message:
        "2 validation errors detected: Value 'bad name!' at 'namePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });

  test("the SDK recognises injected throttling and retries it on its own", async () => {
    // GIVEN
    simulator.faults.throttle({ operations: ["ListEventBuses"], count: 2 });
    const client = new EventBridgeClient({
      endpoint: simulator.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDWIRE", secretAccessKey: "x" },
    });
    simulator.clearRecords();

    // WHEN
    const result = await client.send(new ListEventBusesCommand({}));
    client.destroy();

    // THEN
    expect(result.EventBuses?.map((bus) => bus.Name)).toContain("default");
    expect(simulator.requests().map((request) => request.errorType ?? request.status)).toEqual([
      "ThrottlingException",
      "ThrottlingException",
      200,
    ]);
  });

  test("latency injection delays answers", async () => {
    // GIVEN
    simulator.faults.latency(150, { operations: ["ListRules"], count: 1 });

    // WHEN
    const started = Date.now();
    const response = await post("AWSEvents.ListRules", "{}");

    // THEN
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test("injected internal errors are HTTP 500", async () => {
    // GIVEN
    simulator.faults.fail({ type: "InternalException", message: "Internal error", status: 500 }, { count: 1 });

    // WHEN
    const response = await post("AWSEvents.ListRules", "{}");

    // THEN
    expect(response.status).toBe(500);
    expect(response.headers.get("x-amzn-errortype")).toBe("InternalException");
  });

  test("the STS responder answers GetCallerIdentity in XML and nothing else", async () => {
    // WHEN
    const identity = await fetch(simulator.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: SIGNED.replace("/events/", "/sts/"),
      },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    const other = await fetch(simulator.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: SIGNED.replace("/events/", "/sts/"),
      },
      body: "Action=AssumeRole&Version=2011-06-15",
    });

    // THEN
    expect(identity.status).toBe(200);
    expect(await identity.text()).toContain("<Account>123456789012</Account>");
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("<Code>InvalidAction</Code>");
  });

  test("createPartnerSource rejects names that are not partner source names", () => {
    // WHEN / THEN
    expect(() =>
      simulator.createPartnerSource({ name: "snyk.io/org_1/issues", accountId: "123456789012", region: "us-east-1" }),
    ).toThrow(/The partner event source is invalid:\n {2}- name must be a partner event source name/);
  });
});
