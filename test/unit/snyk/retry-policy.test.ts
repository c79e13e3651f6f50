import {
  backoffDelay,
  isRetryableStatus,
  resolveRetryOptions,
  serverRequestedDelay,
} from "../../../src/snyk/retry-policy";

describe("retry policy", () => {
  test.each([
    [429, true],
    [500, true],
    [503, true],
    [599, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [200, false],
  ])("status %i retryable: %s", (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  test("backoff doubles from the base, is capped, and jitters within the upper half", () => {
    // GIVEN
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });
    // THEN
    expect([1, 2, 3].map((retry) => backoffDelay(retry, options, 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, options, 0.999))).toEqual([100, 200, 400]);
    expect(backoffDelay(10, options, 0.999)).toBe(1000);
    expect(backoffDelay(10, options, 0)).toBe(500);
  });

  test("defaults: 5 attempts, 500 ms doubling to 8 s, server waits honoured up to 60 s", () => {
    expect(resolveRetryOptions()).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 8000,
      maxServerDelayMs: 60_000,
    });
  });

  test("Retry-After in seconds or as an HTTP date, and X-RateLimit-Reset as a delta or an epoch time", () => {
    // GIVEN
    const now = Date.parse("2026-01-01T00:00:00Z");
    // THEN
    expect(serverRequestedDelay({ "retry-after": "3" }, now)).toBe(3000);
    expect(serverRequestedDelay({ "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }, now)).toBe(7000);
    expect(serverRequestedDelay({ "x-ratelimit-reset": "2" }, now)).toBe(2000);
    expect(serverRequestedDelay({ "x-ratelimit-reset": String(now / 1000 + 5) }, now)).toBe(5000);
    expect(serverRequestedDelay({ "retry-after": "1", "x-ratelimit-reset": "9" }, now)).toBe(1000);
    expect(serverRequestedDelay({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(serverRequestedDelay({}, now)).toBeUndefined();
    expect(serverRequestedDelay({ "retry-after": "Thu, 01 Jan 2025 00:00:00 GMT" }, now)).toBe(0);
  });
});
