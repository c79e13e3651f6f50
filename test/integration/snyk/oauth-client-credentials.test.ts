import { SnykApiSimulator } from "../../../src/sandbox/snyk-api";
import { SnykApiError } from "../../../src/errors";
import { SnykClient } from "../../../src/snyk/snyk-client";
import type { SnykClientOptions } from "../../../src/snyk/snyk-client-options";
import { CANARY_TOKEN, ORG_ID, rejectionOf } from "./helpers";

const CLIENT_ID = "sa-client-0a1b2c3d";
const CLIENT_SECRET = "canary-oauth-secret-5e6f7a8b9c";

describe("SnykClient with a service account's OAuth client credentials", () => {
  let simulator: SnykApiSimulator;
  const debug: string[] = [];
  const clients: SnykClient[] = [];

  async function start(accessTokenTtlSeconds: number): Promise<void> {
    simulator = await SnykApiSimulator.start({
      token: CANARY_TOKEN,
      clientCredentials: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: "ci-eventbridge" }],
      accessTokenTtlSeconds,
      rateLimit: false,
    });
  }

  function oauthClient(options: Partial<SnykClientOptions> = {}): SnykClient {
    const client = new SnykClient({
      baseUrl: simulator.url,
      env: { SNYK_CLIENT_ID: CLIENT_ID, SNYK_CLIENT_SECRET: CLIENT_SECRET },
      retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
      rateLimit: false,
      onDebug: (line) => debug.push(line),
      ...options,
    });
    clients.push(client);
    return client;
  }

  function tokenRequests(): number {
    return simulator.requests().filter((request) => request.path === "/oauth2/token").length;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await simulator.close();
  });

  afterAll(() => {
    // THEN (suite-wide): neither the client secret nor any access token the simulator issued reached a debug line
    expect(debug.length).toBeGreaterThan(10);
    expect(debug.filter((line) => line.includes(CLIENT_SECRET) || line.includes("sim-oauth-"))).toEqual([]);
  });

  test("one access token serves many calls, and concurrent first calls share one token request", async () => {
    // GIVEN
    await start(3600);
    const client = oauthClient();
    // WHEN ten calls start at once, then five more one after the other
    const burst = await Promise.all(Array.from({ length: 10 }, () => client.getSelf()));
    for (let call = 0; call < 5; call += 1) {
      await client.getOrg(ORG_ID);
    }
    // THEN
    expect(burst[0]).toEqual(expect.objectContaining({ type: "service_account", name: "ci-eventbridge" }));
    expect(client.credentialKind).toBe("oauth-client-credentials");
    expect(simulator.issuedAccessTokens).toBe(1);
    expect(tokenRequests()).toBe(1);
    expect(simulator.requests().filter((request) => request.status === 401)).toEqual([]);
  });

  test("the token is refreshed before it expires, so no call ever meets an expired token", async () => {
    // GIVEN access tokens that live one second
    await start(1);
    const client = oauthClient();
    // WHEN calls keep coming for 2.5 s
    const started = Date.now();
    let calls = 0;
    while (Date.now() - started < 2500) {
      await client.getSelf();
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // THEN every call succeeded with a live token, and new tokens were fetched before the old ones expired
    expect(calls).toBeGreaterThan(10);
    expect(simulator.requests().filter((request) => request.status === 401)).toEqual([]);
    expect(simulator.issuedAccessTokens).toBeGreaterThanOrEqual(3);
    expect(simulator.issuedAccessTokens).toBeLessThanOrEqual(4);
  });

  test("a refused client secret fails at the token endpoint, once, without a REST call, naming the variables", async () => {
    // GIVEN
    await start(3600);
    const client = oauthClient({ env: { SNYK_CLIENT_ID: CLIENT_ID, SNYK_CLIENT_SECRET: "canary-wrong-secret-1" } });
    // WHEN
    const error = await rejectionOf(client.getOrg(ORG_ID));
    // THEN
    expect(SnykApiError.isSnykApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, retryable: false, operation: "POST /oauth2/token" });
    expect(error.message).toBe(
      "Snyk did not issue an OAuth access token for the client credentials in SNYK_CLIENT_ID/SNYK_CLIENT_SECRET: " +
        "POST /oauth2/token answered HTTP 401 (invalid_client: Client authentication failed). Check the service " +
        "account's client ID and secret (SNYK_CLIENT_ID/SNYK_CLIENT_SECRET; Snyk shows the secret once, so rotate it " +
        `if it was lost) and that the service account belongs to the Snyk region of ${simulator.url}. ` +
        `Snyk request ID: ${simulator.requests()[0].requestId}.`,
    );
    expect(error.message).not.toContain("canary-wrong-secret-1");
    expect(simulator.requests().map((request) => request.path)).toEqual(["/oauth2/token"]);
  });

  test("a token endpoint failing with 5xx is retried within the call's deadline", async () => {
    // GIVEN
    await start(3600);
    simulator.injectFault({ kind: "server-error", status: 503 }, { path: "/oauth2/token" });
    const client = oauthClient();
    // WHEN
    const org = await client.getOrg(ORG_ID);
    // THEN
    expect(org.id).toBe(ORG_ID);
    expect(simulator.requests().map((request) => `${request.path} ${request.status}`)).toEqual([
      "/oauth2/token 503",
      "/oauth2/token 200",
      `/rest/orgs/${ORG_ID} 200`,
    ]);
  });
});
