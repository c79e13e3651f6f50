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
});

describe("credential resolution", () => {
  test("the token comes from the option, else SNYK_TOKEN, with the type from SNYK_TOKEN_TYPE", () => {
    expect(resolveSnykCredential({ token: "opt-token", env: { SNYK_TOKEN: "env-token" } })).toEqual({
      token: "opt-token",
      tokenType: "token",
    });
    expect(resolveSnykCredential({ env: { SNYK_TOKEN: "env-token", SNYK_TOKEN_TYPE: "Bearer" } })).toEqual({
      token: "env-token",
      tokenType: "bearer",
    });
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
