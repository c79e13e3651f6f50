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

  test.each(["5", "25", "101", "110", "0", "ten"])(
    "pagination refuses limit=%s: Snyk's limit is 10 to 100 in steps of 10",
    async (limit) => {
      // WHEN
      const refused = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15&limit=${limit}`);
      // THEN
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        errors: [
          {
            status: "400",
            source: { parameter: "limit" },
            detail: `limit must be a multiple of 10 from 10 to 100 (got "${limit}")`,
          },
        ],
      });
    },
  );

  test("links.next carries the /rest prefix, as real responses do, and a forged cursor is refused", async () => {
    // GIVEN 15 orgs in the group
    for (let index = 0; index < 15; index += 1) {
      simulator.addOrg({ id: `eeeeeeee-5555-4555-8555-${String(index).padStart(12, "0")}`, groupId: GROUP_ID });
    }
    // WHEN
    const first = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15&limit=10`);
    const next = (first.json?.links as { next: string }).next;
    const second = await call("GET", next);
    const forged = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15&starting_after=bm9wZQ`);
    // THEN
    expect(next).toMatch(new RegExp(`^/rest/groups/${GROUP_ID}/orgs\\?version=2024-10-15&limit=10&starting_after=`));
    expect([(first.json?.data as unknown[]).length, (second.json?.data as unknown[]).length]).toEqual([10, 5]);
    expect(second.json?.links).not.toHaveProperty("next");
    expect(forged.json).toMatchObject({ errors: [{ status: "400", source: { parameter: "starting_after" } }] });
  });

  test("a page size that Snyk would refuse cannot be configured", async () => {
    await expect(SnykApiSimulator.start({ token: CANARY_TOKEN, pageSize: 3 })).rejects.toThrow(
      "pageSize must be a multiple of 10 from 10 to 100, as Snyk's limit (got 3)",
    );
  });

  test("GET /rest/self names the caller: a user for the API token", async () => {
    // WHEN
    const self = await call("GET", "/rest/self?version=2024-10-15");
    // THEN
    expect(self.status).toBe(200);
    expect(self.json).toMatchObject({ data: { type: "user", attributes: { name: "Sandbox User" } } });
  });

  test("a hidden group answers 404 on every route, as a group the caller is no member of", async () => {
    // GIVEN
    simulator.hideGroup(GROUP_ID);
    // WHEN
    const orgs = await call("GET", `/rest/groups/${GROUP_ID}/orgs?version=2024-10-15`);
    const registrations = await call("GET", `${REGISTRATIONS}?${VERSION}`);
    // THEN
    expect([orgs.status, registrations.status]).toEqual([404, 404]);
    expect(orgs.json).toMatchObject({ errors: [{ detail: `Group ${GROUP_ID} was not found.` }] });
  });

  test("an integration made in the Snyk UI makes its partner source after the delay, and takes it on removal", async () => {
    // GIVEN
    const integration = { orgId: ORG_ID, accountId: "123456789012", region: "eu-west-1", eventType: "issues" };
    // WHEN
    const name = simulator.addUiIntegration(integration);
    await eventually(() => registry.calls.length === 1);
    simulator.removeUiIntegration(integration);
    // THEN
    expect(name).toBe(`aws.partner/snyk.io/org_${ORG_ID}/issues`);
    expect(registry.calls).toEqual([`create ${name} 123456789012 eu-west-1`, `delete ${name} 123456789012 eu-west-1`]);
    expect(simulator.registrations()).toEqual([]);
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

describe("SnykApiSimulator in documented mode: only what Snyk documents", () => {
  let simulator: SnykApiSimulator;
  let registry: RecordingRegistry;

  async function call(method: string, path: string, body?: unknown) {
    const response = await request(`${simulator.url}${path}`, {
      method: method as "GET",
      headers: {
        authorization: `token ${CANARY_TOKEN}`,
        ...(body === undefined ? {} : { "content-type": MEDIA }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  }

  beforeEach(async () => {
    registry = new RecordingRegistry();
    simulator = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      partnerSources: registry,
      sourceDelayMs: 10,
      mode: "documented",
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  test("an EventBridge registration is a 400 naming the documented types, with a request ID header", async () => {
    // WHEN
    const refused = await call("POST", `${REGISTRATIONS}?${VERSION}`, JSON.parse(registrationBody()));
    // THEN
    expect(refused.status).toBe(400);
    expect(refused.headers["snyk-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused.json).toMatchObject({
      errors: [
        {
          status: "400",
          detail:
            'Client request did not conform to OpenAPI specification: /data/attributes/type must be one of aws-cloudtrail, google-securitycommandcenter (got "aws-eventbridge").',
          source: { pointer: "/data/attributes/type" },
        },
      ],
    });
    expect(simulator.registrations()).toEqual([]);
  });

  test("a documented type is created and listed, makes no partner source, and only DELETE works on it", async () => {
    // GIVEN
    const cloudTrail = {
      data: {
        type: "group_registration",
        attributes: {
          type: "aws-cloudtrail",
          name: "audit to CloudTrail Lake",
          config: {
            account_id: "123456789012",
            channel_arn: "arn:aws:cloudtrail:eu-west-1:123456789012:channel/0e2b1a3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c",
          },
        },
      },
    };
    // WHEN
    const created = await call("POST", `${REGISTRATIONS}?${VERSION}`, cloudTrail);
    const id = created.json.data.id as string;
    const listed = await call("GET", `${REGISTRATIONS}?${VERSION}`);
    const read = await call("GET", `${REGISTRATIONS}/${id}?${VERSION}`);
    const renamed = await call("PATCH", `${REGISTRATIONS}/${id}?${VERSION}`, {
      data: { type: "group_registration", id, attributes: { name: "x" } },
    });
    const deleted = await call("DELETE", `${REGISTRATIONS}/${id}?${VERSION}`);
    // THEN
    expect([created.status, listed.status, read.status, renamed.status, deleted.status]).toEqual([
      201, 200, 405, 405, 204,
    ]);
    expect(listed.json.data).toHaveLength(1);
    expect(renamed.headers.allow).toBe("DELETE");
    expect(renamed.json.errors[0].detail).toBe("PATCH is not allowed here; use DELETE.");
    expect(registry.calls).toEqual([]);
  });

  test("the mode can be switched while running, for registrations made before", async () => {
    // GIVEN a registration made while the assumed API was served
    simulator.setMode("assumed");
    const created = await call("POST", `${REGISTRATIONS}?${VERSION}`, JSON.parse(registrationBody()));
    // WHEN
    simulator.setMode("documented");
    const renamed = await call("PATCH", `${REGISTRATIONS}/${created.json.data.id}?${VERSION}`, {
      data: { type: "group_registration", id: created.json.data.id, attributes: { name: "x" } },
    });
    // THEN
    expect([created.status, renamed.status, simulator.mode]).toEqual([201, 405, "documented"]);
  });
});

describe("SnykApiSimulator OAuth 2.0 token endpoint", () => {
  let simulator: SnykApiSimulator;
  const client = { clientId: "sim-client-1234", clientSecret: "canary-client-secret-9f8e7d" };

  async function token(form: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
    const response = await request(`${simulator.url}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  }

  async function self(accessToken: string) {
    const response = await request(`${simulator.url}/rest/self?version=2024-10-15`, {
      headers: { authorization: `bearer ${accessToken}` },
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  }

  beforeEach(async () => {
    simulator = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      clientCredentials: [{ ...client, name: "ci-eventbridge" }],
      accessTokenTtlSeconds: 0.3,
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  test("client credentials get a bearer token that works until it expires", async () => {
    // WHEN
    const issued = await token({
      grant_type: "client_credentials",
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const accessToken = issued.json.access_token as string;
    const fresh = await self(accessToken);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const stale = await self(accessToken);
    // THEN
    expect(issued).toMatchObject({ status: 200, json: { token_type: "bearer", expires_in: 0.3 } });
    expect(fresh.json).toMatchObject({ data: { type: "service_account", attributes: { name: "ci-eventbridge" } } });
    expect(stale.status).toBe(401);
    expect(JSON.stringify(stale.json)).toContain("The access token has expired; request a new one from /oauth2/token.");
    expect(simulator.issuedAccessTokens).toBe(1);
  });

  test.each<[string, Record<string, string>, string | undefined, number, string]>([
    [
      "a wrong secret",
      { grant_type: "client_credentials", client_id: "sim-client-1234", client_secret: "nope" },
      undefined,
      401,
      "invalid_client",
    ],
    [
      "an unknown client",
      { grant_type: "client_credentials", client_id: "x", client_secret: "y" },
      undefined,
      401,
      "invalid_client",
    ],
    [
      "another grant",
      { grant_type: "password", username: "u", password: "p" },
      undefined,
      400,
      "unsupported_grant_type",
    ],
    ["a JSON body", { grant_type: "client_credentials" }, "application/json", 400, "invalid_request"],
  ])("refuses %s with an RFC 6749 error", async (_label, form, contentType, status, error) => {
    // WHEN
    const refused = await token(form, contentType);
    // THEN
    expect(refused.status).toBe(status);
    expect(refused.json.error).toBe(error);
    expect(simulator.issuedAccessTokens).toBe(0);
  });
});
