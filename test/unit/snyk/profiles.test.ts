import { SnykApiError, ValidationError } from "../../../src/errors";
import { CloudEventsProfile } from "../../../src/snyk/profiles/cloud-events-profile";
import { createProfile, isIntegrationProfile, resolveProfile } from "../../../src/snyk/profiles/create-profile";
import { ExistingProfile, existingIntegrationId } from "../../../src/snyk/profiles/existing-profile";
import { SnykClient } from "../../../src/snyk/snyk-client";
import { errorFromResponse } from "../../../src/snyk/snyk-api-errors";

const ORG = "0f6b6c1e-3a41-4c4e-9c1d-2a5e8b1f7d90";
const declared = {
  orgId: ORG,
  accountId: "123456789012",
  region: "eu-west-1",
  eventType: "audit" as const,
  name: "From the UI",
};

describe("ExistingProfile", () => {
  test("reports declared integrations as present under a synthetic ID, without any Snyk call", async () => {
    // GIVEN
    const profile = new ExistingProfile({ integrations: [declared] });
    // WHEN
    const listed = await profile.list({ orgId: ORG });
    const other = await profile.list({ orgId: "11111111-1111-4111-8111-111111111111" });
    // THEN
    expect(profile.readOnly).toBe(true);
    expect(listed).toEqual([{ ...declared, id: `existing:${ORG}:123456789012:eu-west-1:audit` }]);
    expect(other).toEqual([]);
    expect(await profile.get({ orgId: ORG }, existingIntegrationId(declared))).toEqual(listed[0]);
    expect(await profile.create(declared)).toEqual(listed[0]);
  });

  test("every write it cannot do says what to do in the Snyk UI", async () => {
    // GIVEN
    const profile = new ExistingProfile({ integrations: [declared] });
    // THEN
    await expect(profile.create({ ...declared, region: "us-east-1" })).rejects.toThrow(/Create it in the Snyk UI/);
    await expect(profile.rename({ orgId: ORG }, "x", "new")).rejects.toThrow(/rename integration x .* in the Snyk UI/);
    await expect(profile.delete({ orgId: ORG }, "x")).rejects.toThrow(ValidationError);
  });
});

describe("createProfile", () => {
  test("builds the built-in profiles by name and passes user profiles through", () => {
    // GIVEN
    const client = new SnykClient({ token: "unit-token-1234", env: {} });
    // WHEN
    const cloudEvents = createProfile("cloud-events", { client });
    const existing = createProfile("existing");
    // THEN
    expect(cloudEvents).toBeInstanceOf(CloudEventsProfile);
    expect((cloudEvents as CloudEventsProfile).version).toBe("2023-01-25~experimental");
    expect(existing.readOnly).toBe(true);
    expect(resolveProfile(existing)).toBe(existing);
    expect(isIntegrationProfile(existing)).toBe(true);
    expect(isIntegrationProfile({ name: "x", readOnly: false, list: () => [] })).toBe(false);
    expect(() => createProfile("manual" as "existing")).toThrow(/profile must be one of cloud-events, existing/);
  });

  test("the cloud-events profile needs a group ID and a path with {group_id}, before any request", async () => {
    // GIVEN
    const client = new SnykClient({ token: "unit-token-1234", env: {} });
    const profile = new CloudEventsProfile({ client });
    // THEN
    await expect(profile.list({ orgId: ORG })).rejects.toThrow(/groupId is required by the cloud-events profile/);
    expect(() => new CloudEventsProfile({ client, path: "/groups/cloud_events" })).toThrow(/\{group_id\} placeholder/);
  });
});

describe("error mapping", () => {
  test("a JSON:API error document becomes a SnykApiError with code, detail, request ID and advice", () => {
    // WHEN
    const error = errorFromResponse(
      {
        status: 404,
        headers: { "snyk-request-id": "req-42" },
        bodyText: JSON.stringify({
          errors: [{ status: "404", code: "SNYK-0004", title: "Not Found", detail: "Org missing" }],
        }),
      },
      { operation: "GET /rest/orgs/x", baseUrl: "https://api.eu.snyk.io", attempts: 1 },
    );
    // THEN
    expect(SnykApiError.isSnykApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 404,
      snykCode: "SNYK-0004",
      detail: "Not Found: Org missing",
      requestId: "req-42",
      retryable: false,
    });
    expect(error.message).toBe(
      "Snyk API call GET /rest/orgs/x failed with HTTP 404 (SNYK-0004): Not Found: Org missing. Snyk found nothing there: check the org or group ID, the region of https://api.eu.snyk.io, and that the API version serves this endpoint. Snyk request ID: req-42.",
    );
  });

  test("a body that is not JSON becomes the detail, and 502 is retryable", () => {
    const error = errorFromResponse(
      { status: 502, headers: {}, bodyText: "<html>Bad Gateway</html>" },
      { operation: "GET /rest/orgs/x", baseUrl: "https://api.snyk.io", attempts: 3 },
    );
    expect(error).toMatchObject({ status: 502, retryable: true, detail: "<html>Bad Gateway</html>" });
    expect(error.message).toMatch(/retryable.*Gave up after 3 attempts/);
  });
});
