import { ValidationError } from "../../../src/errors";
import { SnykClient } from "../../../src/snyk/snyk-client";
import { resolveSnykCredential } from "../../../src/snyk/snyk-credentials";
import { resolveSnykBaseUrl } from "../../../src/snyk/snyk-regions";
import { resolveNextLink } from "../../../src/snyk/json-api";

describe("base URL resolution", () => {
  test("baseUrl beats region, region beats SNYK_API_URL, which beats the default", () => {
    const env = { SNYK_API_URL: "https://api.au.snyk.io" };
    expect(resolveSnykBaseUrl({ baseUrl: "https://api.us.snyk.io/", region: "eu", env })).toBe(
      "https://api.us.snyk.io",
    );
    expect(resolveSnykBaseUrl({ region: "eu-01", env })).toBe("https://api.eu.snyk.io");
    expect(resolveSnykBaseUrl({ env })).toBe("https://api.au.snyk.io");
    expect(resolveSnykBaseUrl({ env: {} })).toBe("https://api.snyk.io");
  });

  test("a trailing /rest is removed and http is accepted only for loopback", () => {
    expect(resolveSnykBaseUrl({ baseUrl: "https://api.eu.snyk.io/rest/" })).toBe("https://api.eu.snyk.io");
    expect(resolveSnykBaseUrl({ baseUrl: "http://127.0.0.1:4010" })).toBe("http://127.0.0.1:4010");
    expect(resolveSnykBaseUrl({ baseUrl: "http://[::1]:4010" })).toBe("http://[::1]:4010");
    expect(() => resolveSnykBaseUrl({ baseUrl: "http://api.snyk.io" })).toThrow(/baseUrl must use https/);
  });

  test("malformed URLs, credentials and queries are refused, and credentials are not echoed", () => {
    expect(() => resolveSnykBaseUrl({ env: { SNYK_API_URL: "api.snyk.io" } })).toThrow(
      /SNYK_API_URL is not a valid URL/,
    );
    const error = (() => {
      try {
        resolveSnykBaseUrl({ baseUrl: "https://user:hunter2-secret@api.snyk.io" });
      } catch (caught) {
        return caught as ValidationError;
      }
      throw new Error("expected a ValidationError");
    })();
    expect(error.message).toMatch(/must not contain credentials/);
    expect(error.message).not.toContain("hunter2-secret");
    expect(() => resolveSnykBaseUrl({ baseUrl: "https://api.snyk.io?x=1" })).toThrow(/query string/);
  });

  test.each<[string, string]>([
    [
      "https://api.eu-west-99.snyk.io",
      'SNYK_API_URL must name one of Snyk\'s API hosts: https://api.snyk.io, https://api.us.snyk.io, https://api.eu.snyk.io, https://api.au.snyk.io (got "https://api.eu-west-99.snyk.io")',
    ],
    [
      "https://app.eu.snyk.io",
      "SNYK_API_URL must name one of Snyk's API hosts: https://api.snyk.io, https://api.us.snyk.io, https://api.eu.snyk.io, https://api.au.snyk.io (app.eu.snyk.io is the web app; its API is https://api.eu.snyk.io)",
    ],
    [
      "https://api.snyk.io/api/v1",
      'SNYK_API_URL must be the API host alone, such as https://api.snyk.io (the client adds /rest) (got "https://api.snyk.io/api/v1")',
    ],
  ])("a Snyk host that is no regional API host is refused before any call: %s", (url, message) => {
    // GIVEN / WHEN / THEN
    expect(() => resolveSnykBaseUrl({ env: { SNYK_API_URL: url } })).toThrow(message);
  });

  test("hosts outside snyk.io (a proxy, the sandbox) are taken as given, path included", () => {
    expect(resolveSnykBaseUrl({ baseUrl: "https://snyk-proxy.example.com/snyk/" })).toBe(
      "https://snyk-proxy.example.com/snyk",
    );
  });
});

describe("credential resolution", () => {
  test("the token comes from the option, else SNYK_TOKEN, with the type from SNYK_TOKEN_TYPE", () => {
    expect(resolveSnykCredential({ token: "opt-token", env: { SNYK_TOKEN: "env-token" } })).toEqual({
      kind: "api-token",
      token: "opt-token",
      tokenType: "token",
      source: "token",
    });
    expect(resolveSnykCredential({ env: { SNYK_TOKEN: "env-token", SNYK_TOKEN_TYPE: "Bearer" } })).toEqual({
      kind: "oauth-bearer",
      token: "env-token",
      tokenType: "bearer",
      source: "SNYK_TOKEN",
    });
  });

  test("client credentials beat SNYK_OAUTH_TOKEN, which beats SNYK_TOKEN; an explicit token beats them all", () => {
    // GIVEN every kind of credential in the environment
    const env = {
      SNYK_TOKEN: "api-token-1234",
      SNYK_OAUTH_TOKEN: "oauth-access-1234",
      SNYK_CLIENT_ID: "client-id-1234",
      SNYK_CLIENT_SECRET: "client-secret-1234",
    };
    // WHEN / THEN
    expect(resolveSnykCredential({ env })).toEqual({
      kind: "oauth-client-credentials",
      clientId: "client-id-1234",
      clientSecret: "client-secret-1234",
      source: "SNYK_CLIENT_ID/SNYK_CLIENT_SECRET",
    });
    expect(resolveSnykCredential({ env: { ...env, SNYK_CLIENT_ID: "", SNYK_CLIENT_SECRET: "" } })).toEqual({
      kind: "oauth-bearer",
      token: "oauth-access-1234",
      tokenType: "bearer",
      source: "SNYK_OAUTH_TOKEN",
    });
    expect(resolveSnykCredential({ token: "explicit-1234", env }).kind).toBe("api-token");
  });

  test("half a client ID and secret pair names the missing half and shows neither value", () => {
    // GIVEN / WHEN
    let error: ValidationError | undefined;
    try {
      resolveSnykCredential({ env: { SNYK_CLIENT_ID: "client-id-1234", SNYK_TOKEN: "api-token-1234" } });
    } catch (caught) {
      error = caught as ValidationError;
    }
    // THEN
    expect(error?.message).toBe(
      "OAuth client credentials need both SNYK_CLIENT_ID and SNYK_CLIENT_SECRET; SNYK_CLIENT_SECRET is missing. Copy both from the service account (Snyk shows the secret once; rotate it if it was lost).",
    );
    expect(error?.issues).toEqual([{ field: "SNYK_CLIENT_SECRET", rule: "is required together with SNYK_CLIENT_ID" }]);
  });

  test("a missing token names SNYK_TOKEN; a malformed one is refused without being shown", () => {
    expect(() => resolveSnykCredential({ env: {} })).toThrow(/set the SNYK_TOKEN environment variable/);
    let message = "";
    try {
      resolveSnykCredential({ env: { SNYK_TOKEN: "abc def-secret-part" } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/SNYK_TOKEN contains whitespace/);
    expect(message).not.toContain("secret-part");
    expect(() => resolveSnykCredential({ token: "t-1234", env: { SNYK_TOKEN_TYPE: "basic" } })).toThrow(
      /SNYK_TOKEN_TYPE must be token/,
    );
  });

  test("the client reads everything from the environment and validates its options", () => {
    // WHEN
    const client = new SnykClient({ env: { SNYK_TOKEN: "env-token-1234", SNYK_API_URL: "https://api.eu.snyk.io" } });
    // THEN
    expect(client.baseUrl).toBe("https://api.eu.snyk.io");
    expect(client.rateLimit).toEqual({ requests: 1620, intervalMs: 60_000 });
    expect(() => new SnykClient({ token: "t-1234", env: {}, version: "v1" })).toThrow(ValidationError);
    expect(() => new SnykClient({ token: "t-1234", env: {}, deadlineMs: 0 })).toThrow(
      /deadlineMs must be a positive number/,
    );
  });

  test.each([5, 0, 101, 110, 25, 10.5])("pageSize %s is refused: Snyk's limit is 10 to 100 in steps of 10", (size) => {
    expect(() => new SnykClient({ token: "t-1234", env: {}, pageSize: size })).toThrow(
      `pageSize must be a multiple of 10 from 10 to 100 (Snyk's limit parameter) (got ${size})`,
    );
  });

  test("the client reports which kind of credential it uses, and where it came from", () => {
    const oauth = new SnykClient({ env: { SNYK_CLIENT_ID: "id-1234", SNYK_CLIENT_SECRET: "secret-1234" } });
    expect([oauth.credentialKind, oauth.tokenType, oauth.credentialSource]).toEqual([
      "oauth-client-credentials",
      "bearer",
      "SNYK_CLIENT_ID/SNYK_CLIENT_SECRET",
    ]);
    const bearer = new SnykClient({ env: { SNYK_OAUTH_TOKEN: "access-1234" } });
    expect([bearer.credentialKind, bearer.tokenType]).toEqual(["oauth-bearer", "bearer"]);
  });
});

describe("links.next resolution", () => {
  const base = "https://api.eu.snyk.io";
  test.each([
    ["/orgs?starting_after=x", "https://api.eu.snyk.io/rest/orgs?starting_after=x"],
    ["/rest/orgs?starting_after=x", "https://api.eu.snyk.io/rest/orgs?starting_after=x"],
    ["orgs?starting_after=x", "https://api.eu.snyk.io/rest/orgs?starting_after=x"],
    ["https://api.eu.snyk.io/rest/orgs?starting_after=x", "https://api.eu.snyk.io/rest/orgs?starting_after=x"],
  ])("%s resolves under the base URL", (next, expected) => {
    expect(resolveNextLink(base, next)).toBe(expected);
  });

  test("the last page has no next, and links to other origins are refused", () => {
    expect(resolveNextLink(base, undefined)).toBeUndefined();
    expect(resolveNextLink(base, "")).toBeUndefined();
    expect(() => resolveNextLink(base, "https://evil.example/rest/orgs")).toThrow(/not to the API origin/);
    expect(() => resolveNextLink(base, "//evil.example/rest/orgs")).toThrow(/protocol-relative/);
  });
});
