import { inspect } from "node:util";
import { SnykApiSimulator } from "../../../src/sandbox/snyk-api";
import { SnykApiError, TimeoutError, ValidationError } from "../../../src/errors";
import { CloudEventsProfile } from "../../../src/snyk/profiles/cloud-events-profile";
import { SnykClient } from "../../../src/snyk/snyk-client";
import { CANARY_TOKEN, GROUP_ID, ORG_ID, RecordingRegistry, eventually, fastClient, rejectionOf } from "./helpers";

const scope = { orgId: ORG_ID, groupId: GROUP_ID };
const identity = { ...scope, accountId: "123456789012", region: "eu-west-1", eventType: "issues" as const };

describe("SnykClient against the Snyk API simulator (contract)", () => {
  let simulator: SnykApiSimulator;
  let registry: RecordingRegistry;
  let client: SnykClient;
  const debug: string[] = [];
  const simulatorLog: string[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    registry = new RecordingRegistry();
    simulator = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      partnerSources: registry,
      sourceDelayMs: 20,
      rateLimit: false,
      onLog: (line) => simulatorLog.push(line),
    });
  });

  beforeEach(() => {
    simulator.clearFaults();
    simulator.resetRequests();
    client = fastClient(simulator, debug);
  });

  afterEach(async () => {
    await client.close();
  });

  afterAll(async () => {
    await simulator.close();
    // THEN (suite-wide): the canary token never reached a debug line, a simulator log line or an error
    const everything = [
      ...debug,
      ...simulatorLog,
      ...errors.map((error) => `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`),
    ];
    expect(everything.length).toBeGreaterThan(20);
    expect(everything.filter((text) => text.includes(CANARY_TOKEN))).toEqual([]);
  });

  /** Captures a rejection and keeps it for the suite-wide canary check. */
  async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
    const error = await rejectionOf(promise);
    errors.push(error);
    return error;
  }

  describe("operations", () => {
    test("getOrg sends version, media type and token, and maps the org", async () => {
      // GIVEN
      simulator.addOrg({ id: ORG_ID, name: "Payments", groupId: GROUP_ID });
      // WHEN
      const org = await client.getOrg(ORG_ID);
      // THEN
      expect(org).toEqual({ id: ORG_ID, name: "Payments", slug: "payments", groupId: GROUP_ID });
      expect(simulator.requests()).toMatchObject([{ method: "GET", path: `/rest/orgs/${ORG_ID}`, status: 200 }]);
    });

    test("listGroupOrgs follows links.next (with the /rest prefix, as Snyk sends it) over several pages", async () => {
      // GIVEN 23 orgs in a fresh group and Snyk's smallest page size, 10
      const group = "aaaaaaaa-1111-4111-8111-000000000001";
      const ids = Array.from(
        { length: 23 },
        (_, index) => `bbbbbbbb-2222-4222-8222-${String(index).padStart(12, "0")}`,
      );
      ids.forEach((id) => simulator.addOrg({ id, groupId: group }));
      const paging = fastClient(simulator, debug, { pageSize: 10 });
      // WHEN
      const orgs = await paging.listGroupOrgs(group);
      await paging.close();
      // THEN all orgs arrive in order, from three requests, none of them under /rest/rest
      expect(orgs.map((org) => org.id)).toEqual(ids);
      expect(simulator.requests().map((request) => `${request.path} ${request.status}`)).toEqual(
        Array(3).fill(`/rest/groups/${group}/orgs 200`),
      );
    });

    test("the cloud-events profile creates, finds, renames and deletes a registration, and the partner source follows", async () => {
      // GIVEN
      const profile = new CloudEventsProfile({ client });
      // WHEN
      const created = await profile.create({ ...identity, name: "snyk-to-eventbridge" });
      const listed = await profile.list(scope);
      const fetched = await profile.get(scope, created.id);
      const renamed = await profile.rename(scope, created.id, "renamed");
      await eventually(() => registry.calls.length === 1);
      const deleted = await profile.delete(scope, created.id);
      const deletedAgain = await profile.delete(scope, created.id);
      const gone = await profile.get(scope, created.id);
      // THEN
      expect(created).toMatchObject({ ...identity, name: "snyk-to-eventbridge" });
      expect(listed).toEqual([created]);
      expect(fetched).toEqual(created);
      expect(renamed).toMatchObject({ id: created.id, name: "renamed", accountId: "123456789012" });
      expect([deleted, deletedAgain, gone]).toEqual(["deleted", "not-found", undefined]);
      const source = `aws.partner/snyk.io/org_${ORG_ID}/issues`;
      expect(registry.calls).toEqual([
        `create ${source} 123456789012 eu-west-1`,
        `delete ${source} 123456789012 eu-west-1`,
      ]);
      expect(simulator.registrations(GROUP_ID)).toEqual([]);
    });

    test("list pages through registrations and keeps only EventBridge ones of the org", async () => {
      // GIVEN eleven registrations of the org, one of another org, with a page size of ten
      const profile = new CloudEventsProfile({ client: fastClient(simulator, debug, { pageSize: 10 }) });
      const regions = [
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "us-east-1",
        "us-west-2",
        "eu-central-1",
        "eu-north-1",
        "ap-south-1",
        "ap-southeast-2",
        "ca-central-1",
        "sa-east-1",
      ];
      for (const region of regions) {
        await profile.create({ ...identity, region, name: region });
      }
      const otherOrg = "cccccccc-3333-4333-8333-000000000000";
      await profile.create({ ...identity, orgId: otherOrg, name: "other" });
      simulator.resetRequests();
      // WHEN
      const listed = await profile.list(scope);
      // THEN
      expect(listed.map((integration) => integration.region)).toEqual(regions);
      expect(simulator.requests()).toHaveLength(2);
      for (const integration of [...listed, ...(await profile.list({ orgId: otherOrg, groupId: GROUP_ID }))]) {
        await profile.delete({ orgId: integration.orgId, groupId: GROUP_ID }, integration.id);
      }
    });

    test("a duplicate registration is a 409 that is not retried", async () => {
      // GIVEN
      const profile = new CloudEventsProfile({ client });
      const first = await profile.create({ ...identity, name: "first" });
      simulator.resetRequests();
      // WHEN
      const error = await failure(profile.create({ ...identity, name: "second" }));
      // THEN
      expect(error).toMatchObject({ status: 409, retryable: false });
      expect(error.message).toMatch(/adopt it/);
      expect(simulator.requests()).toHaveLength(1);
      await profile.delete(scope, first.id);
    });

    test("an unknown org is a 404 carrying Snyk's request ID and error code when orgs are not auto-seeded", async () => {
      // GIVEN
      const strict = await SnykApiSimulator.start({ token: CANARY_TOKEN, autoSeed: false, orgs: [{ id: ORG_ID }] });
      const strictClient = fastClient(strict, debug);
      const unknown = "dddddddd-4444-4444-8444-000000000000";
      try {
        // WHEN
        const known = await strictClient.getOrg(ORG_ID);
        const error = await failure(strictClient.getOrg(unknown));
        // THEN
        expect(known.id).toBe(ORG_ID);
        expect(error).toMatchObject({
          status: 404,
          retryable: false,
          snykCode: "SNYK-SIM-0404",
          operation: `GET /rest/orgs/${unknown}`,
        });
        expect(error.requestId).toBe(strict.requests()[1].requestId);
        expect(error.message).toContain(`Org ${unknown} was not found`);
        expect(strict.requests()).toHaveLength(2);
      } finally {
        await strictClient.close();
        await strict.close();
      }
    });

    test("a wrong token is a 401 that names SNYK_TOKEN and is not retried", async () => {
      // GIVEN
      const wrong = new SnykClient({ token: "wrong-token-value", baseUrl: simulator.url, env: {}, rateLimit: false });
      // WHEN
      const error = await failure(wrong.getOrg(ORG_ID));
      await wrong.close();
      // THEN
      expect(error).toMatchObject({ status: 401, retryable: false });
      expect(error.message).toMatch(/did not accept the token.*SNYK_TOKEN/);
      expect(error.message).not.toContain("wrong-token-value");
      expect(error.message).not.toMatch(/\.\./);
      expect(simulator.requests()).toHaveLength(1);
    });

    test("the experimental resource refuses a GA version, and a malformed version never leaves the client", async () => {
      // GIVEN
      const gaProfile = new CloudEventsProfile({ client, version: "2024-10-15" });
      // WHEN
      const notServed = await failure(gaProfile.list(scope));
      const malformed = await failure(new CloudEventsProfile({ client, version: "latest" }).list(scope));
      // THEN
      expect(notServed).toMatchObject({ status: 404, retryable: false });
      expect(notServed.message).toContain("2023-01-25~experimental");
      expect(ValidationError.isValidationError(malformed)).toBe(true);
      expect(simulator.requests()).toHaveLength(1);
    });
  });

  describe("faults", () => {
    test("429 with Retry-After: waits at least that long, then succeeds", async () => {
      // GIVEN
      simulator.injectFault({ kind: "rate-limit", retryAfterSeconds: 1 });
      const started = Date.now();
      // WHEN
      const org = await client.getOrg(ORG_ID);
      // THEN
      expect(org.id).toBe(ORG_ID);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(simulator.requests().map((request) => request.status)).toEqual([429, 200]);
    });

    test("429 with only X-RateLimit-Reset: waits for the reset", async () => {
      // GIVEN
      simulator.injectFault({ kind: "rate-limit", resetSeconds: 1 });
      const started = Date.now();
      // WHEN
      await client.getOrg(ORG_ID);
      // THEN
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(simulator.requests().map((request) => request.status)).toEqual([429, 200]);
    });

    test("a burst of 429s ends in a retryable error after maxAttempts", async () => {
      // GIVEN
      simulator.injectFault({ kind: "rate-limit", retryAfterSeconds: 0 }, { times: 10 });
      // WHEN
      const error = await failure(client.getOrg(ORG_ID));
      // THEN
      expect(error).toMatchObject({ status: 429, retryable: true, snykCode: "SNYK-SIM-0429" });
      expect(error.message).toMatch(/1,620 requests a minute.*Gave up after 4 attempts/);
      expect(simulator.requests()).toHaveLength(4);
    });

    test("5xx on GET is retried with backoff until it succeeds", async () => {
      // GIVEN
      simulator.injectFault({ kind: "server-error", status: 503 }, { times: 2 });
      // WHEN
      const org = await client.getOrg(ORG_ID);
      // THEN
      expect(org.id).toBe(ORG_ID);
      expect(simulator.requests().map((request) => request.status)).toEqual([503, 503, 200]);
      expect(debug.filter((line) => line.includes("retry"))).toEqual(
        expect.arrayContaining([expect.stringMatching(/retry 1 of 3 in \d+ ms after 503/)]),
      );
    });

    test("5xx on POST is not retried (the server may have acted) but is reported as retryable", async () => {
      // GIVEN
      simulator.injectFault({ kind: "server-error", status: 500 }, { method: "POST" });
      // WHEN
      const error = await failure(new CloudEventsProfile({ client }).create({ ...identity, name: "x" }));
      // THEN
      expect(error).toMatchObject({ status: 500, retryable: true });
      expect(simulator.requests()).toHaveLength(1);
    });

    test("429 on POST is retried (the server did not act) and creates exactly one registration", async () => {
      // GIVEN
      simulator.injectFault({ kind: "rate-limit", retryAfterSeconds: 0 }, { method: "POST" });
      const profile = new CloudEventsProfile({ client });
      // WHEN
      const created = await profile.create({ ...identity, name: "after-429" });
      // THEN
      expect(simulator.requests().map((request) => request.status)).toEqual([429, 201]);
      expect(simulator.registrations(GROUP_ID)).toHaveLength(1);
      await profile.delete(scope, created.id);
    });

    test("other 4xx are never retried", async () => {
      // GIVEN
      simulator.injectFault(
        { kind: "respond", status: 403, body: { errors: [{ status: "403", code: "SNYK-X", detail: "nope" }] } },
        { times: 5 },
      );
      // WHEN
      const error = await failure(client.getOrg(ORG_ID));
      // THEN
      expect(error).toMatchObject({ status: 403, retryable: false, snykCode: "SNYK-X", detail: "nope" });
      expect(error.message).toMatch(/lacks permission/);
      expect(simulator.requests()).toHaveLength(1);
    });

    test("a dropped connection on GET is retried", async () => {
      // GIVEN
      simulator.injectFault({ kind: "drop-connection" });
      // WHEN
      const org = await client.getOrg(ORG_ID);
      // THEN
      expect(org.id).toBe(ORG_ID);
      expect(simulator.requests().map((request) => request.status)).toEqual([0, 200]);
    });

    test("a dropped connection on POST is reported retryable with status 0, without a blind resend", async () => {
      // GIVEN
      simulator.injectFault({ kind: "drop-connection" }, { method: "POST" });
      // WHEN
      const error = await failure(new CloudEventsProfile({ client }).create({ ...identity, name: "x" }));
      // THEN
      expect(error).toMatchObject({ status: 0, retryable: true });
      expect(error.message).toMatch(/got no response/);
      expect(simulator.requests()).toHaveLength(1);
    });

    test("a refused connection is a retryable transport error after every attempt", async () => {
      // GIVEN a server that is gone
      const gone = await SnykApiSimulator.start({ token: CANARY_TOKEN });
      await gone.close();
      const unreachable = fastClient(gone, debug, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
      // WHEN
      const error = await failure(unreachable.getOrg(ORG_ID));
      await unreachable.close();
      // THEN
      expect(error).toMatchObject({ status: 0, retryable: true });
      expect(error.message).toMatch(/ECONNREFUSED.*Gave up after 2 attempts/);
    });

    test.each([["malformed-body"], ["schema-violation"]] as const)(
      "a %s answer is retried on GET and reported when it persists",
      async (kind) => {
        // GIVEN
        simulator.injectFault({ kind });
        // WHEN
        const org = await client.getOrg(ORG_ID);
        simulator.injectFault({ kind }, { times: 4 });
        const error = await failure(client.getOrg(ORG_ID));
        // THEN
        expect(org.id).toBe(ORG_ID);
        expect(error).toMatchObject({ status: 200, retryable: true });
        expect(error.message).toMatch(/does not match the expected shape/);
        expect(simulator.requests().map((request) => request.status)).toEqual([200, 200, 200, 200, 200, 200]);
      },
    );

    test("a body too slow for requestTimeoutMs is abandoned and the request retried", async () => {
      // GIVEN a body trickled over about 1.5 s and a 200 ms per-attempt timeout
      simulator.injectFault({ kind: "slow-body", chunkDelayMs: 150, chunks: 10 });
      const hurried = fastClient(simulator, debug, { requestTimeoutMs: 200 });
      const started = Date.now();
      // WHEN
      const org = await hurried.getOrg(ORG_ID);
      await hurried.close();
      // THEN
      expect(org.id).toBe(ORG_ID);
      expect(Date.now() - started).toBeLessThan(1200);
      expect(simulator.requests()).toHaveLength(2);
      expect(debug.some((line) => line.includes("no complete response within requestTimeoutMs (200 ms)"))).toBe(true);
    });

    test("latency beyond requestTimeoutMs times the attempt out; the retry succeeds", async () => {
      // GIVEN
      simulator.injectFault({ kind: "latency", ms: 1500 });
      const hurried = fastClient(simulator, debug, { requestTimeoutMs: 150 });
      const started = Date.now();
      // WHEN
      const org = await hurried.getOrg(ORG_ID);
      await hurried.close();
      // THEN
      expect(org.id).toBe(ORG_ID);
      expect(Date.now() - started).toBeLessThan(1200);
      expect(simulator.requests()).toHaveLength(2);
    });
  });

  describe("deadline and abort", () => {
    test("the deadline bounds the whole call and ends in a TimeoutError", async () => {
      // GIVEN every request is slow
      simulator.injectFault({ kind: "latency", ms: 1000 }, { times: Infinity });
      const started = Date.now();
      // WHEN
      const error = await failure(client.getOrg(ORG_ID, { deadlineMs: 150 }));
      // THEN
      expect(TimeoutError.isTimeoutError(error)).toBe(true);
      expect(error.message).toMatch(/did not complete within its 150 ms deadline/);
      expect(Date.now() - started).toBeLessThan(800);
    });

    test("a Retry-After beyond the deadline fails at once instead of sleeping", async () => {
      // GIVEN
      simulator.injectFault({ kind: "rate-limit", retryAfterSeconds: 5 });
      const started = Date.now();
      // WHEN
      const error = await failure(client.getOrg(ORG_ID, { deadlineMs: 1000 }));
      // THEN
      expect(error).toMatchObject({ status: 429, retryable: true });
      expect(error.message).toMatch(/would pass the 1000 ms deadline/);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    test("an AbortSignal stops a request in flight and during backoff", async () => {
      // GIVEN
      simulator.injectFault({ kind: "latency", ms: 2000 });
      const inFlight = new AbortController();
      const started = Date.now();
      setTimeout(() => inFlight.abort(new Error("stopped by the user")), 50);
      // WHEN
      const flightError = await failure(client.getOrg(ORG_ID, { signal: inFlight.signal }));
      simulator.clearFaults();
      simulator.injectFault({ kind: "rate-limit", retryAfterSeconds: 2 });
      const backoff = new AbortController();
      setTimeout(() => backoff.abort(new Error("stopped during backoff")), 100);
      const backoffError = await failure(client.getOrg(ORG_ID, { signal: backoff.signal }));
      // THEN
      expect(flightError.message).toBe("stopped by the user");
      expect(backoffError.message).toBe("stopped during backoff");
      expect(Date.now() - started).toBeLessThan(1500);
    });
  });

  describe("rate limiting", () => {
    test("a burst of concurrent calls stays within the limit with the client-side limiter", async () => {
      // GIVEN a server allowing 5 requests per 300 ms, and a client with the same budget
      const limited = await SnykApiSimulator.start({
        token: CANARY_TOKEN,
        rateLimit: { requests: 5, intervalMs: 300 },
      });
      const polite = fastClient(limited, debug, { rateLimit: { requests: 5, intervalMs: 300 } });
      const started = Date.now();
      try {
        // WHEN 20 calls start at once
        const orgs = await Promise.all(Array.from({ length: 20 }, () => polite.getOrg(ORG_ID)));
        const elapsed = Date.now() - started;
        // THEN every call succeeds with exactly 20 requests, no 429, spread over at least three windows
        const statuses = limited.requests().map((request) => request.status);
        process.stdout.write(
          `burst with limiter: ${orgs.length} calls, ${statuses.length} requests, ${statuses.filter((s) => s === 429).length} x 429, ${elapsed} ms (limit 5 per 300 ms)\n`,
        );
        expect(orgs).toHaveLength(20);
        expect(statuses).toEqual(Array(20).fill(200));
        expect(elapsed).toBeGreaterThanOrEqual(900);
      } finally {
        await polite.close();
        await limited.close();
      }
    });

    test("without the client-side limiter the same burst meets 429s and recovers through Retry-After", async () => {
      // GIVEN
      const limited = await SnykApiSimulator.start({
        token: CANARY_TOKEN,
        rateLimit: { requests: 5, intervalMs: 300 },
      });
      const eager = fastClient(limited, debug, { retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20 } });
      try {
        // WHEN
        const orgs = await Promise.all(Array.from({ length: 20 }, () => eager.getOrg(ORG_ID)));
        // THEN
        const statuses = limited.requests().map((request) => request.status);
        process.stdout.write(
          `burst without limiter: ${orgs.length} calls, ${statuses.length} requests, ${statuses.filter((s) => s === 429).length} x 429\n`,
        );
        expect(orgs).toHaveLength(20);
        expect(statuses.filter((status) => status === 200)).toHaveLength(20);
        expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
      } finally {
        await eager.close();
        await limited.close();
      }
    });
  });

  describe("token redaction", () => {
    test("a token echoed back by the server is redacted from the error", async () => {
      // GIVEN a server that echoes the Authorization header in its error detail
      simulator.injectFault({
        kind: "respond",
        status: 400,
        body: { errors: [{ status: "400", detail: `bad header Authorization: token ${CANARY_TOKEN}` }] },
      });
      // WHEN
      const error = await failure(client.getOrg(ORG_ID));
      // THEN
      expect(SnykApiError.isSnykApiError(error)).toBe(true);
      expect(error.message).toContain("[REDACTED]");
      expect(error.message).not.toContain(CANARY_TOKEN);
      expect(String(error.detail)).not.toContain(CANARY_TOKEN);
    });
  });
});
