import { ValidationError } from "../../../src/errors";
import {
  expectedPartnerSourceName,
  parseIntegrationSpec,
  waitLimitsOf,
} from "../../../src/provisioner/integration-spec";
import { GROUP, ORG, specInput } from "./fake-world";

function issuesOf(input: unknown): { field: string; rule: string }[] {
  try {
    parseIntegrationSpec(input);
  } catch (error) {
    if (ValidationError.isValidationError(error)) {
      return error.issues.map(({ field, rule }) => ({ field, rule }));
    }
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("IntegrationSpec", () => {
  test("accepts a complete spec and applies defaults", () => {
    // GIVEN
    const input = specInput({ wait: undefined });
    // WHEN
    const spec = parseIntegrationSpec(input);
    // THEN
    expect(spec.orgId).toBe(ORG);
    expect(spec.groupId).toBe(GROUP);
    expect(expectedPartnerSourceName(spec)).toBe(`aws.partner/snyk.io/org_${ORG}/issues`);
    expect(waitLimitsOf(spec)).toEqual({ timeoutMs: 600_000, minDelayMs: 250, maxDelayMs: 2_000 });
  });

  test("each broken rule names its field", () => {
    // GIVEN
    const input = {
      orgId: "not-a-uuid",
      groupId: GROUP,
      name: "",
      eventType: "vulns",
      accountId: "1234",
      region: "Europe",
      snykApiUrl: "ftp://x",
      profile: "magic",
    };
    // WHEN
    const issues = issuesOf(input);
    // THEN
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: "spec.orgId", rule: "must be a Snyk org ID (UUID)" },
        { field: "spec.name", rule: "must not be empty" },
        { field: "spec.eventType", rule: 'must be one of "issues", "audit"' },
        { field: "spec.accountId", rule: "must be a 12-digit AWS account ID" },
        { field: "spec.region", rule: "must be an AWS region code such as us-east-1" },
        { field: "spec.snykApiUrl", rule: "must be an http(s) URL such as https://api.eu.snyk.io" },
        { field: "spec.profile", rule: 'must be one of "cloud-events", "existing"' },
      ]),
    );
  });

  test("missing required fields say 'is required'", () => {
    // WHEN
    const issues = issuesOf({});
    // THEN
    for (const field of ["orgId", "name", "eventType", "accountId", "region"]) {
      expect(issues).toContainEqual({ field: `spec.${field}`, rule: "is required" });
    }
  });

  test("an unknown key is an error naming the key, and a token-looking value is never echoed", () => {
    // GIVEN
    const canary = "canary-token-5f1d2c";
    // WHEN
    let message = "";
    try {
      parseIntegrationSpec(specInput({ token: canary }), "--spec spec.json");
    } catch (error) {
      message = (error as Error).message;
    }
    // THEN
    expect(message).toMatch(/^--spec spec.json is invalid/);
    expect(message).toMatch(/spec\.token is not a spec field/);
    expect(message).not.toContain(canary);
  });

  test("the default profile requires groupId; the existing profile does not", () => {
    // WHEN
    const issues = issuesOf(specInput({ groupId: undefined }));
    const existing = parseIntegrationSpec(specInput({ groupId: undefined, profile: "existing" }));
    // THEN
    expect(issues).toEqual([
      { field: "spec.groupId", rule: expect.stringMatching(/required by the "cloud-events" profile/) },
    ]);
    expect(existing.profile).toBe("existing");
  });

  test("partner source name must sit under the org prefix, and not with a suffix", () => {
    // WHEN
    const wrongOrg = issuesOf(specInput({ partnerSourceName: "aws.partner/snyk.io/org_other/issues" }));
    const both = issuesOf(
      specInput({ partnerSourceName: `aws.partner/snyk.io/org_${ORG}/x`, partnerSourceSuffix: "x" }),
    );
    // THEN
    expect(wrongOrg[0]).toEqual({ field: "spec.partnerSourceName", rule: expect.stringMatching(/org_11111111/) });
    expect(both[0]).toEqual({ field: "spec.partnerSourceSuffix", rule: expect.stringMatching(/not be set together/) });
  });

  test("a suffix changes the expected name", () => {
    // WHEN
    const spec = parseIntegrationSpec(specInput({ partnerSourceSuffix: "snyk-issues" }));
    // THEN
    expect(expectedPartnerSourceName(spec)).toBe(`aws.partner/snyk.io/org_${ORG}/snyk-issues`);
  });

  test("wait limits are checked against each other and unknown wait keys are refused", () => {
    // WHEN
    const inverted = issuesOf(specInput({ wait: { minDelayMs: 500, maxDelayMs: 100 } }));
    const unknown = issuesOf(specInput({ wait: { sleep: 5 } }));
    // THEN
    expect(inverted).toEqual([
      { field: "spec.wait.minDelayMs", rule: "must not be greater than wait.maxDelayMs (100)" },
    ]);
    expect(unknown[0].field).toBe("spec.wait.sleep");
  });

  test("a non-object is refused", () => {
    // THEN
    expect(() => parseIntegrationSpec([1, 2])).toThrow(/must be a JSON object/);
    expect(() => parseIntegrationSpec(null)).toThrow(ValidationError);
  });
});
