import { SnykApiError, SnykEventBridgeError, TimeoutError, ValidationError } from "../../src/errors";

describe("error family", () => {
  test("ValidationError.fromIssues names every field, rule and value", () => {
    // WHEN
    const error = ValidationError.fromIssues("spec", [
      { field: "accountId", rule: "must be 12 digits", value: "123" },
      { field: "region", rule: "is required" },
    ]);
    // THEN
    expect(error.message).toBe('spec is invalid:\n  - accountId must be 12 digits (got "123")\n  - region is required');
    expect(error.issues).toHaveLength(2);
    expect(ValidationError.isValidationError(error)).toBe(true);
  });

  test("brands are recognised without instanceof and do not cross kinds", () => {
    // GIVEN
    const api = new SnykApiError("Snyk said no", { status: 429, requestId: "req-1", retryable: true });
    const timeout = new TimeoutError("gave up", 1000);
    // THEN
    expect(SnykEventBridgeError.isInstance(api)).toBe(true);
    expect(SnykApiError.isSnykApiError(api)).toBe(true);
    expect(SnykApiError.isSnykApiError(timeout)).toBe(false);
    expect(TimeoutError.isTimeoutError(timeout)).toBe(true);
    expect(SnykEventBridgeError.isInstance(new Error("plain"))).toBe(false);
    expect(api).toMatchObject({ status: 429, requestId: "req-1", retryable: true, name: "SnykApiError" });
  });
});
