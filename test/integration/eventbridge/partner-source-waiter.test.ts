import { TimeoutError } from "../../../src/errors";
import { AwsApiError } from "../../../src/aws/aws-api-error";
import { createCallerIdentityLookup } from "../../../src/aws/caller-identity";
import { createEventBridgeApi } from "../../../src/aws/eventbridge-api";
import {
  PartnerSourceDeletedError,
  PartnerSourceMismatchError,
  PartnerSourceTimeoutError,
} from "../../../src/aws/partner-source-errors";
import { waitForPartnerSource, type PartnerSourceWaitProgress } from "../../../src/aws/partner-source-waiter";
import { EventBridgeSimulator } from "../../../src/sandbox/eventbridge";

const REGION = "us-east-1";
const CUSTOMER = "111122223333";
const OTHER = "444455556666";
const CANARY_SECRET = "CANARY-aws-secret-5f1e2d3c-never-print-me";
const FAST = { minDelayMs: 20, maxDelayMs: 80 };

describe("waitForPartnerSource against the simulator over HTTP", () => {
  let simulator: EventBridgeSimulator;
  let orgCounter = 0;

  const nextOrg = (): string => `org-${(orgCounter += 1)}`;
  const sourceName = (orgId: string, type = "issues"): string => `aws.partner/snyk.io/org_${orgId}/${type}`;
  const clients = (accessKeyId: string, region = REGION) => {
    const credentials = { accessKeyId, secretAccessKey: CANARY_SECRET };
    return {
      api: createEventBridgeApi({ endpoint: simulator.endpoint, region, credentials, maxAttempts: 1 }),
      callerIdentity: createCallerIdentityLookup({ region, stsEndpoint: simulator.endpoint, credentials }),
    };
  };

  beforeAll(async () => {
    simulator = await EventBridgeSimulator.start({ accountId: CUSTOMER, accounts: { AKIDOTHERACCOUNT: OTHER } });
  });

  afterAll(async () => {
    await simulator.close();
  });

  afterEach(() => simulator.faults.clear());

  test("returns as soon as the source appears after a delay, reporting progress", async () => {
    // GIVEN
    const orgId = nextOrg();
    const { api } = clients("AKIDCUSTOMER");
    const progress: PartnerSourceWaitProgress[] = [];
    // Load the SDK first, so that the first poll surely runs before the source exists.
    await api.listEventSources({ NamePrefix: "aws.partner/snyk.io/org_warmup/" });
    const created = new Promise<number>((resolve) =>
      setTimeout(() => {
        simulator.createPartnerSource({ name: sourceName(orgId), accountId: CUSTOMER, region: REGION });
        resolve(Date.now());
      }, 600),
    );

    // WHEN
    const found = await waitForPartnerSource({
      api,
      orgId,
      ...FAST,
      timeoutMs: 5_000,
      onProgress: (p) => progress.push(p),
    });
    const returned = Date.now();

    // THEN
    expect(found).toMatchObject({
      name: sourceName(orgId),
      arn: `arn:aws:events:${REGION}::event-source/${sourceName(orgId)}`,
      state: "PENDING",
      createdBy: "snyk.io",
    });
    expect(found.creationTime).toBeInstanceOf(Date);
    expect(found.seen.map((source) => source.name)).toEqual([sourceName(orgId)]);
    // The timing itself is measured by bench/source-waiter.bench.ts; here only the order of events.
    expect(returned).toBeGreaterThanOrEqual(await created);
    expect(found.waitedMs).toBeGreaterThanOrEqual(550);
    expect(progress.filter((p) => p.kind === "polling").length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toMatchObject({ kind: "found", attempt: found.attempts });
  });

  test("finds an exact expectedName with DescribeEventSource", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId, "audit"), accountId: CUSTOMER, region: REGION });
    simulator.createPartnerSource({ name: sourceName(orgId), accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");

    // WHEN
    const found = await waitForPartnerSource({
      api,
      orgId,
      expectedName: sourceName(orgId),
      ...FAST,
      timeoutMs: 2_000,
    });

    // THEN
    expect(found.name).toBe(sourceName(orgId));
    expect(found.attempts).toBe(1);
  });

  test("a source that never appears ends in a TimeoutError that says what was checked and what to do", async () => {
    // GIVEN
    const orgId = nextOrg();
    const { api, callerIdentity } = clients("AKIDCUSTOMER");

    // WHEN
    const error = await waitForPartnerSource({
      api,
      callerIdentity,
      orgId,
      accountId: CUSTOMER,
      region: REGION,
      expectedSuffix: "issues",
      ...FAST,
      timeoutMs: 400,
    }).catch((e: unknown) => e);

    // THEN
    expect(TimeoutError.isTimeoutError(error)).toBe(true);
    const timeout = error as PartnerSourceTimeoutError;
    expect(timeout.waitedMs).toBeGreaterThanOrEqual(400);
    expect(timeout.waitedMs).toBeLessThan(10_000);
    expect(timeout.diagnosis).toMatchObject({
      callerAccountId: CUSTOMER,
      expectedAccountId: CUSTOMER,
      region: REGION,
      seen: [],
    });
    expect(timeout.message).toContain(`under aws.partner/snyk.io/org_${orgId}/`);
    expect(timeout.message).toContain(`account ${CUSTOMER}`);
    expect(timeout.message).toContain("the integration's account, as expected");
    expect(timeout.message).toContain(`Region: ${REGION}`);
    expect(timeout.message).toContain("none. Snyk has not created any source");
    expect(timeout.message).toContain("Snyk App");
    expect(timeout.message).not.toContain(CANARY_SECRET);
  });

  test("credentials for the wrong account: the timeout names both accounts", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId), accountId: CUSTOMER, region: REGION });
    const { api, callerIdentity } = clients("AKIDOTHERACCOUNT");

    // WHEN
    const error = (await waitForPartnerSource({
      api,
      callerIdentity,
      orgId,
      accountId: CUSTOMER,
      region: REGION,
      ...FAST,
      timeoutMs: 300,
    }).catch((e: unknown) => e)) as PartnerSourceTimeoutError;

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceTimeoutError);
    expect(error.diagnosis.callerAccountId).toBe(OTHER);
    expect(error.message).toContain(`they belong to account ${OTHER}`);
    expect(error.message).toContain(`the integration targets account ${CUSTOMER}`);
    expect(error.message).not.toContain(CANARY_SECRET);
  });

  test("the wrong region sees nothing and the timeout names the region asked", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId), accountId: CUSTOMER, region: REGION });
    const { api, callerIdentity } = clients("AKIDCUSTOMER", "eu-west-1");

    // WHEN
    const error = (await waitForPartnerSource({
      api,
      callerIdentity,
      orgId,
      region: "eu-west-1",
      ...FAST,
      timeoutMs: 300,
    }).catch((e: unknown) => e)) as PartnerSourceTimeoutError;

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceTimeoutError);
    expect(error.message).toContain("Region: eu-west-1");
    expect(error.diagnosis.seen).toEqual([]);
  });

  test("a source under another org's prefix is not taken", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(`${orgId}-other`), accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");

    // WHEN
    const error = await waitForPartnerSource({ api, orgId, ...FAST, timeoutMs: 250 }).catch((e: unknown) => e);

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceTimeoutError);
    expect((error as PartnerSourceTimeoutError).diagnosis.seen).toEqual([]);
  });

  test("a source Snyk named differently is reported as a mismatch naming the real source", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId, "issue-events"), accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");
    const progress: PartnerSourceWaitProgress[] = [];

    // WHEN
    const timedOut = (await waitForPartnerSource({
      api,
      orgId,
      expectedName: sourceName(orgId),
      ...FAST,
      timeoutMs: 250,
      onProgress: (p) => progress.push(p),
    }).catch((e: unknown) => e)) as PartnerSourceTimeoutError;
    const failedFast = await waitForPartnerSource({
      api,
      orgId,
      expectedName: sourceName(orgId),
      ...FAST,
      timeoutMs: 5_000,
      mismatchGraceMs: 100,
    }).catch((e: unknown) => e);

    // THEN
    expect(progress.filter((p) => p.kind === "mismatch")).toHaveLength(1);
    expect(timedOut.message).toContain(
      `Snyk created ${sourceName(orgId, "issue-events")} (PENDING), but the spec expects the name ${sourceName(orgId)}`,
    );
    expect(timedOut.message).toContain("set expectedName");
    expect(failedFast).toBeInstanceOf(PartnerSourceMismatchError);
    expect((failedFast as PartnerSourceMismatchError).seen.map((source) => source.name)).toEqual([
      sourceName(orgId, "issue-events"),
    ]);
  });

  test("several sources and no expectation is an error naming them", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId, "audit"), accountId: CUSTOMER, region: REGION });
    simulator.createPartnerSource({ name: sourceName(orgId, "issues"), accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");

    // WHEN
    const error = await waitForPartnerSource({ api, orgId, ...FAST, timeoutMs: 1_000 }).catch((e: unknown) => e);

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceMismatchError);
    expect((error as Error).message).toContain(`${sourceName(orgId, "audit")}, ${sourceName(orgId, "issues")}`);
  });

  test("DELETED is terminal with its own error", async () => {
    // GIVEN
    const orgId = nextOrg();
    const name = sourceName(orgId);
    simulator.createPartnerSource({ name, accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");
    await api.createEventBus({ Name: name, EventSourceName: name });
    simulator.deletePartnerSource({ name, accountId: CUSTOMER, region: REGION });

    // WHEN
    const started = Date.now();
    const error = await waitForPartnerSource({ api, orgId, expectedName: name, ...FAST, timeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );

    // THEN
    expect(PartnerSourceDeletedError.isPartnerSourceDeletedError(error)).toBe(true);
    expect((error as PartnerSourceDeletedError).source.state).toBe("DELETED");
    expect((error as Error).message).toContain("re-create the Snyk integration");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("until active waits for the bus association", async () => {
    // GIVEN
    const orgId = nextOrg();
    const name = sourceName(orgId);
    simulator.createPartnerSource({ name, accountId: CUSTOMER, region: REGION });
    const { api } = clients("AKIDCUSTOMER");
    setTimeout(() => void api.createEventBus({ Name: name, EventSourceName: name }), 200);

    // WHEN
    const found = await waitForPartnerSource({ api, orgId, until: "active", ...FAST, timeoutMs: 3_000 });

    // THEN
    expect(found.state).toBe("ACTIVE");
    expect(found.waitedMs).toBeGreaterThanOrEqual(150);
  });

  test("throttling is backed off and reported, then the wait succeeds", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId), accountId: CUSTOMER, region: REGION });
    simulator.faults.throttle({ operations: ["ListEventSources"], count: 3 });
    const { api } = clients("AKIDCUSTOMER");
    const progress: PartnerSourceWaitProgress[] = [];

    // WHEN
    const found = await waitForPartnerSource({
      api,
      orgId,
      ...FAST,
      timeoutMs: 3_000,
      onProgress: (p) => progress.push(p),
    });

    // THEN
    const throttled = progress.filter((p) => p.kind === "throttled");
    expect(throttled).toHaveLength(3);
    expect(throttled[0]).toMatchObject({ error: { awsCode: "ThrottlingException", retryable: true, status: 400 } });
    expect(found.attempts).toBe(4);
  });

  test("a failure a retry cannot fix is thrown at once", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.faults.fail({
      type: "AccessDeniedException",
      message: "User is not authorized to perform: events:ListEventSources",
    });
    const { api } = clients("AKIDCUSTOMER");

    // WHEN
    const error = await waitForPartnerSource({ api, orgId, ...FAST, timeoutMs: 3_000 }).catch((e: unknown) => e);

    // THEN
    expect(AwsApiError.isAwsApiError(error)).toBe(true);
    expect(error).toMatchObject({ awsCode: "AccessDeniedException", operation: "ListEventSources", retryable: false });
    expect((error as Error).message).toContain("events:ListEventSources");
    expect((error as Error).message).not.toContain(CANARY_SECRET);
  });

  test("an abort signal ends the wait with its reason", async () => {
    // GIVEN
    const orgId = nextOrg();
    const { api } = clients("AKIDCUSTOMER");
    const controller = new AbortController();
    const reason = new Error("user pressed Ctrl-C");
    setTimeout(() => controller.abort(reason), 150);

    // WHEN
    const started = Date.now();
    const error = await waitForPartnerSource({
      api,
      orgId,
      ...FAST,
      timeoutMs: 10_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("an abort during a slow call ends the wait too", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.faults.latency(20_000, { operations: ["ListEventSources"], count: 1 });
    const { api } = clients("AKIDCUSTOMER");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop")), 100);

    // WHEN
    const started = Date.now();
    const error = await waitForPartnerSource({
      api,
      orgId,
      ...FAST,
      timeoutMs: 10_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toMatchObject({ message: "stop" });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("with no options the clients follow the SDK chain: AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL_STS, AWS_REGION, keys", async () => {
    // GIVEN
    const orgId = nextOrg();
    simulator.createPartnerSource({ name: sourceName(orgId), accountId: OTHER, region: "ap-southeast-2" });
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EVENTBRIDGE: simulator.endpoint,
      AWS_ENDPOINT_URL_STS: simulator.endpoint,
      AWS_REGION: "ap-southeast-2",
      AWS_ACCESS_KEY_ID: "AKIDOTHERACCOUNT",
      AWS_SECRET_ACCESS_KEY: CANARY_SECRET,
    });
    delete process.env.AWS_PROFILE;

    // WHEN
    try {
      const found = await waitForPartnerSource({ api: createEventBridgeApi(), orgId, ...FAST, timeoutMs: 2_000 });
      const identity = await createCallerIdentityLookup()();

      // THEN
      expect(found.arn).toBe(`arn:aws:events:ap-southeast-2::event-source/${sourceName(orgId)}`);
      expect(identity.account).toBe(OTHER);
    } finally {
      for (const key of Object.keys(process.env)) {
        if (!(key in saved)) delete process.env[key];
      }
      Object.assign(process.env, saved);
    }
  });

  test("the simulator never records the secret key", () => {
    // THEN
    expect(JSON.stringify(simulator.requests())).not.toContain(CANARY_SECRET);
  });
});
