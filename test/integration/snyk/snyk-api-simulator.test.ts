import { request } from "undici";
import { SnykApiSimulator } from "../../../src/sandbox/snyk-api";
import { CANARY_TOKEN, GROUP_ID, ORG_ID, RecordingRegistry, eventually } from "./helpers";

const REGISTRATIONS = `/rest/groups/${GROUP_ID}/cloud_events/group_registrations`;
const VERSION = "version=2023-01-25~experimental";
const MEDIA = "application/vnd.api+json";

function registrationBody(region = "eu-west-1", orgId = ORG_ID): string {
  return JSON.stringify({
    data: {
      type: "group_registration",
      attributes: {
        type: "aws-eventbridge",
        name: "n",
        config: { org_id: orgId, account_id: "123456789012", region, event_type: "audit" },
      },
    },
  });
}

describe("SnykApiSimulator conventions (raw HTTP)", () => {
  let simulator: SnykApiSimulator;
  let registry: RecordingRegistry;
  const auth = { authorization: `token ${CANARY_TOKEN}` };

  async function call(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}) {
    const response = await request(`${simulator.url}${path}`, {
      method: method as "GET",
      headers: { ...auth, ...(options.body ? { "content-type": MEDIA } : {}), ...options.headers },
      body: options.body,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  }

  beforeEach(async () => {
    registry = new RecordingRegistry();
    simulator = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      partnerSources: registry,
      sourceDelayMs: 300,
      rateLimit: { requests: 50, intervalMs: 60_000 },
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  test("listens on a random loopback port and answers with JSON:API, a request ID and the served version", async () => {
    // WHEN
    const response = await call("GET", `/rest/orgs/${ORG_ID}?version=2024-10-15`);
    // THEN
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe(MEDIA);
    expect(response.headers["snyk-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers["snyk-version-served"]).toBe("2024-10-15");
    expect(response.json).toMatchObject({ jsonapi: { version: "1.0" }, data: { type: "org", id: ORG_ID } });
  });

  test("refuses a missing token, a missing or malformed version, a wrong media type and a non-UUID ID", async () => {
    // WHEN
    const noToken = await call("GET", `/rest/orgs/${ORG_ID}?version=2024-10-15`, { headers: { authorization: "" } });
    const noVersion = await call("GET", `/rest/orgs/${ORG_ID}`);
    const badVersion = await call("GET", `/rest/orgs/${ORG_ID}?version=yesterday`);
    const badMedia = await call("POST", `${REGISTRATIONS}?${VERSION}`, {
      body: registrationBody(),
      headers: { "content-type": "application/json" },
    });
    const badId = await call("GET", `/rest/orgs/not-a-uuid?version=2024-10-15`);
    // THEN
    expect([noToken.status, noVersion.status, badVersion.status, badMedia.status, badId.status]).toEqual([
      401, 400, 400, 400, 400,
    ]);
    expect(noVersion.json).toMatchObject({ errors: [{ status: "400", source: { parameter: "version" } }] });
    expect(JSON.stringify(badMedia.json)).toContain("application/vnd.api+json");
    expect(simulator.registrations()).toEqual([]);
  });

  test("PATCH changes only the name; the identity fields are immutable", async () => {
    // GIVEN
    const created = await call("POST", `${REGISTRATIONS}?${VERSION}`, { body: registrationBody() });
    const id = (created.json?.data as { id: string }).id;
    // WHEN
    const renamed = await call("PATCH", `${REGISTRATIONS}/${id}?${VERSION}`, {
      body: JSON.stringify({ data: { type: "group_registration", id, attributes: { name: "renamed" } } }),
    });
    const moved = await call("PATCH", `${REGISTRATIONS}/${id}?${VERSION}`, {
      body: JSON.stringify({
        data: { type: "group_registration", id, attributes: { name: "x", config: { region: "us-east-1" } } },
      }),
    });
    // THEN
    expect(created.status).toBe(201);
    expect(renamed.status).toBe(200);
    expect(moved.status).toBe(400);
    expect(JSON.stringify(moved.json)).toMatch(/delete and re-create/);
    expect(simulator.registrations()[0]).toMatchObject({ name: "renamed", config: { region: "eu-west-1" } });
  });

  test("the partner source appears after the delay, and a registration deleted before that never makes one", async () => {
    // GIVEN
    const kept = await call("POST", `${REGISTRATIONS}?${VERSION}`, { body: registrationBody("eu-west-1") });
    const early = await call("POST", `${REGISTRATIONS}?${VERSION}`, { body: registrationBody("eu-west-2") });
    // WHEN the second is deleted at once
    await call("DELETE", `${REGISTRATIONS}/${(early.json?.data as { id: string }).id}?${VERSION}`);
    // THEN
    expect(registry.calls).toEqual([]);
    await eventually(() => registry.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(registry.calls).toEqual([`create aws.partner/snyk.io/org_${ORG_ID}/audit 123456789012 eu-west-1`]);
    expect(simulator.registrations()[0]).toMatchObject({
      id: (kept.json?.data as { id: string }).id,
      partnerSource: `aws.partner/snyk.io/org_${ORG_ID}/audit`,
    });
  });

  test("runs alone without a registry, and records a failing registry without stopping", async () => {
    // GIVEN
    const alone = await SnykApiSimulator.start({ token: CANARY_TOKEN, sourceDelayMs: 1 });
    const failing = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      sourceDelayMs: 1,
      partnerSources: {
        createPartnerSource: () => {
          throw new Error("EventBridge simulator unavailable");
        },
        deletePartnerSource: () => undefined,
      },
    });
    try {
      // WHEN
      for (const target of [alone, failing]) {
        await request(`${target.url}${REGISTRATIONS}?${VERSION}`, {
          method: "POST",
          headers: { ...auth, "content-type": MEDIA },
          body: registrationBody(),
        }).then((r) => r.body.text());
      }
      await eventually(() => alone.partnerSourceEvents().length === 1 && failing.partnerSourceEvents().length === 1);
      // THEN
      expect(alone.partnerSourceEvents()[0]).toMatchObject({
        action: "create",
        name: `aws.partner/snyk.io/org_${ORG_ID}/audit`,
      });
      expect(failing.partnerSourceEvents()[0]).toMatchObject({
        action: "create",
        error: "EventBridge simulator unavailable",
      });
      const after = await request(`${failing.url}/rest/orgs/${ORG_ID}?version=2024-10-15`, { headers: auth });
      await after.body.text();
      expect(after.statusCode).toBe(200);
    } finally {
      await alone.close();
      await failing.close();
    }
  });

  test("the server-side rate limit answers 429 with Retry-After once the budget is spent", async () => {
    // GIVEN a budget of 50 per minute
    for (let index = 0; index < 50; index++) {
      await call("GET", `/rest/orgs/${ORG_ID}?version=2024-10-15`);
    }
    // WHEN
    const limited = await call("GET", `/rest/orgs/${ORG_ID}?version=2024-10-15`);
    // THEN
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(50);
    expect(simulator.requests().filter((entry) => entry.status === 429)).toHaveLength(1);
  });

  test("unknown paths are 404s, wrong methods 405s, and the request log holds no headers", async () => {
    // WHEN
    const unknown = await call("GET", "/rest/projects?version=2024-10-15");
    const outside = await call("GET", "/v1/orgs");
    const wrongMethod = await call("DELETE", `/rest/orgs/${ORG_ID}?version=2024-10-15`);
    // THEN
    expect([unknown.status, outside.status, wrongMethod.status]).toEqual([404, 404, 405]);
    expect(wrongMethod.headers.allow).toBe("GET");
    expect(JSON.stringify(simulator.requests())).not.toContain(CANARY_TOKEN);
  });

  test("pagination refuses a limit outside 1-100 and a cursor it did not issue", async () => {
    // WHEN
    const tooBig = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15&limit=101`);
    const forged = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15&starting_after=bm9wZQ`);
    // THEN
    expect(tooBig.json).toMatchObject({ errors: [{ status: "400", source: { parameter: "limit" } }] });
    expect(forged.json).toMatchObject({ errors: [{ status: "400", source: { parameter: "starting_after" } }] });
  });

  test("close clears a pending partner source timer so nothing fires afterwards", async () => {
    // GIVEN a source due in 300 ms
    await call("POST", `${REGISTRATIONS}?${VERSION}`, { body: registrationBody() });
    // WHEN
    await simulator.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    // THEN
    expect(registry.calls).toEqual([]);
  });
});
