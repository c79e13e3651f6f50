import { SlidingWindowRateLimiter, sharedRateLimiter } from "../../../src/snyk/rate-limiter";
import { ValidationError } from "../../../src/errors";

describe("SlidingWindowRateLimiter", () => {
  test("grants the budget at once and the rest one window after the slots were released", async () => {
    // GIVEN 2 requests per 100 ms
    const limiter = new SlidingWindowRateLimiter({ requests: 2, intervalMs: 100 });
    const started = Date.now();
    const grantedAt: number[] = [];
    // WHEN five requests each take no time
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const release = await limiter.acquire();
        grantedAt.push(Date.now() - started);
        release();
      }),
    );
    // THEN two per window
    grantedAt.sort((a, b) => a - b);
    expect(grantedAt[1]).toBeLessThan(80);
    expect(grantedAt[2]).toBeGreaterThanOrEqual(100);
    expect(grantedAt[4]).toBeGreaterThanOrEqual(200);
  });

  test("a slot in flight is not reused until it is released and its window has passed", async () => {
    // GIVEN a budget of one, held by a slow request
    const limiter = new SlidingWindowRateLimiter({ requests: 1, intervalMs: 30 });
    const release = await limiter.acquire();
    const started = Date.now();
    const next = limiter.acquire();
    // WHEN the slow request ends after 60 ms
    setTimeout(release, 60);
    await next;
    // THEN the next one starts a window after the release, not after the grant
    expect(Date.now() - started).toBeGreaterThanOrEqual(88);
  });

  test("an aborted waiter leaves the queue with the abort reason", async () => {
    // GIVEN
    const limiter = new SlidingWindowRateLimiter({ requests: 1, intervalMs: 10_000 });
    (await limiter.acquire())();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    // WHEN
    controller.abort(new Error("gave up"));
    // THEN
    await expect(waiting).rejects.toThrow("gave up");
    expect(limiter.pending).toBe(0);
  });

  test("invalid budgets are validation errors", () => {
    expect(() => new SlidingWindowRateLimiter({ requests: 0, intervalMs: 10 })).toThrow(ValidationError);
    expect(() => new SlidingWindowRateLimiter({ requests: 1.5, intervalMs: 10 })).toThrow(/requests >= 1/);
  });

  test("limiters are shared per token and budget", () => {
    expect(sharedRateLimiter("token-a-1234", { requests: 3, intervalMs: 10 })).toBe(
      sharedRateLimiter("token-a-1234", { requests: 3, intervalMs: 10 }),
    );
    expect(sharedRateLimiter("token-a-1234", { requests: 3, intervalMs: 10 })).not.toBe(
      sharedRateLimiter("token-b-1234", { requests: 3, intervalMs: 10 }),
    );
  });
});
