import { SnykApiError, TimeoutError } from "../../../src/errors";
import type { ProvisionerDeps } from "../../../src/provisioner/provisioner-deps";
import { reconcile } from "../../../src/provisioner/reconcile";
import { remove } from "../../../src/provisioner/remove";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import {
  associateBus,
  CANARY_TOKEN,
  registrationsOf,
  requestCounts,
  resetRequests,
  sandboxSpec,
  withDeps,
} from "./sandbox-fixture";

/** Deps whose profile "crashes" (throws) right after `operation` has taken effect in Snyk. */
function crashingAfter(deps: ProvisionerDeps, operation: "create" | "delete" | "rename"): ProvisionerDeps {
  const profile = deps.profile;
  return {
    ...deps,
    profile: {
      name: profile.name,
      readOnly: profile.readOnly,
      list: (scope, options) => profile.list(scope, options),
      get: (scope, id, options) => profile.get(scope, id, options),
      create: async (desired, options) => {
        const created = await profile.create(desired, options);
        if (operation === "create") {
          throw new Error("process killed after create");
        }
        return created;
      },
      rename: async (scope, id, name, options) => {
        await profile.rename(scope, id, name, options);
        throw new Error("process killed after rename");
      },
      delete: async (scope, id, options) => {
        await profile.delete(scope, id, options);
        throw new Error("process killed after delete");
      },
    },
  };
}

describe("crash points and faults against the sandbox", () => {
  let sandbox: Sandbox;
  const errors: unknown[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 60 });
  });
  afterEach(() => {
    sandbox.snyk.clearFaults();
    sandbox.eventBridge.faults.clear();
  });
  afterAll(async () => {
    await sandbox.close();
    // THEN (for every test in this file): the token never reached an error message
    for (const error of errors) {
      expect(String((error as Error).message)).not.toContain(CANARY_TOKEN);
      expect(JSON.stringify(error)).not.toContain(CANARY_TOKEN);
    }
  });
  async function failing<T>(promise: Promise<T>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      errors.push(error);
      return error;
    }
    throw new Error("expected a failure");
  }

  test("crash right after create, then a re-run converges to the one integration", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const crash = await failing(withDeps(sandbox, spec, (deps) => reconcile(spec, crashingAfter(deps, "create"))));
    expect(crash).toEqual(new Error("process killed after create"));
    const leftByCrash = registrationsOf(sandbox, spec.orgId);
    // WHEN
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(leftByCrash).toHaveLength(1);
    expect(registrationsOf(sandbox, spec.orgId)).toEqual(leftByCrash);
    expect(result.integrationId).toBe(leftByCrash[0].id);
    expect(result.actions).toEqual([]);
  });

  test("crash during the wait (killed), then a re-run resumes the wait without a new create", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const kill = new AbortController();
    const crash = await failing(
      withDeps(sandbox, spec, (deps) => reconcile(spec, deps), {
        signal: kill.signal,
        onProgress: (event) => {
          if (event.phase === "wait") {
            kill.abort(new Error("killed while waiting"));
          }
        },
      }),
    );
    expect((crash as Error).message).toBe("killed while waiting");
    // WHEN
    resetRequests(sandbox);
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([expect.objectContaining({ id: result.integrationId })]);
    expect(requestCounts(sandbox).snyk.filter((call) => call.startsWith("POST"))).toEqual([]);
    expect(result.partnerSourceState).toBe("PENDING");
  });

  test("crash after association, then a re-run is a no-op that sees ACTIVE", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const first = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    await associateBus(sandbox, first.partnerSourceName);
    // WHEN
    const again = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(again).toEqual({ ...first, partnerSourceState: "ACTIVE", actions: [] });
  });

  test("crash after a rename, and after a delete, then re-runs converge", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    const renamed = { ...spec, name: "renamed" };
    await failing(withDeps(sandbox, renamed, (deps) => reconcile(renamed, crashingAfter(deps, "rename"))));
    // WHEN / THEN: the rename had taken effect; the re-run has nothing to do
    const again = await withDeps(sandbox, renamed, (deps) => reconcile(renamed, deps));
    expect(again.actions).toEqual([]);
    expect(again.integrationName).toBe("renamed");
    // WHEN / THEN: delete crashes after Snyk deleted; the re-run succeeds with nothing left
    await failing(withDeps(sandbox, renamed, (deps) => remove(renamed, crashingAfter(deps, "delete"))));
    const removed = await withDeps(sandbox, renamed, (deps) => remove(renamed, deps));
    expect(removed).toEqual(expect.objectContaining({ deleted: [], actions: [], partnerSourceState: "absent" }));
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([]);
  });

  test("a storm of 429s and 5xx on Snyk reads is ridden out with retries", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    sandbox.snyk.injectFault({ kind: "rate-limit", retryAfterSeconds: 0 }, { times: 2, method: "GET" });
    sandbox.snyk.injectFault({ kind: "server-error", status: 502 }, { times: 1, method: "GET" });
    sandbox.snyk.injectFault({ kind: "server-error", status: 503 }, { times: 1, method: "GET" });
    resetRequests(sandbox);
    // WHEN
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(result.actions).toEqual(["create"]);
    expect(registrationsOf(sandbox, spec.orgId)).toHaveLength(1);
    const statuses = sandbox.snyk.requests().map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(statuses.filter((status) => status >= 500)).toHaveLength(2);
    expect(sandbox.snyk.pendingFaults).toBe(0);
  });

  test("a 5xx on create is not retried blindly (it may have been applied); the re-run converges", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    sandbox.snyk.injectFault({ kind: "server-error", status: 503 }, { times: 1, method: "POST" });
    const error = await failing(withDeps(sandbox, spec, (deps) => reconcile(spec, deps)));
    expect(SnykApiError.isSnykApiError(error) && error.status === 503 && error.retryable).toBe(true);
    // WHEN
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(result.actions).toEqual(["create"]);
    expect(registrationsOf(sandbox, spec.orgId)).toHaveLength(1);
  });

  test("EventBridge throttling while waiting is retried", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    sandbox.eventBridge.faults.throttle({ operations: ["ListEventSources"], count: 1 });
    sandbox.eventBridge.faults.throttle({ operations: ["DescribeEventSource"], count: 4 });
    try {
      // WHEN
      const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
      // THEN
      expect(result.partnerSourceState).toBe("PENDING");
      const throttled = sandbox.eventBridge.requests().filter((request) => request.errorType === "ThrottlingException");
      expect(throttled).toHaveLength(5);
    } finally {
      sandbox.eventBridge.faults.clear();
    }
  });

  test("a storm longer than the retry budget fails as retryable, and a re-run after it succeeds", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    sandbox.snyk.injectFault({ kind: "server-error", status: 500 }, { times: 5, method: "GET" });
    // WHEN
    const error = await failing(withDeps(sandbox, spec, (deps) => reconcile(spec, deps)));
    // THEN
    expect(SnykApiError.isSnykApiError(error) && error.retryable && error.status === 500).toBe(true);
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    expect(result.actions).toEqual(["create"]);
  });

  test("a source that never appears (credentials for another account) times out saying what to check", async () => {
    // GIVEN: Snyk creates the source in 210987654321; the credentials belong to the sandbox's 123456789012
    const spec = sandboxSpec(sandbox, {
      accountId: "210987654321",
      wait: { timeoutSeconds: 0.4, minDelayMs: 10, maxDelayMs: 40 },
    });
    // WHEN
    const error = await failing(withDeps(sandbox, spec, (deps) => reconcile(spec, deps)));
    // THEN
    expect(TimeoutError.isTimeoutError(error)).toBe(true);
    expect((error as Error).message).toMatch(/210987654321/);
    expect((error as Error).message).toMatch(/123456789012/);
    expect(registrationsOf(sandbox, spec.orgId)).toHaveLength(1);
  });

  test("a wrong token is a 401 with a clear message and no write", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const error = await failing(
      withDeps(sandbox, spec, (deps) => reconcile(spec, deps), { token: "canary-wrong-token-0000" }),
    );
    // THEN
    expect(SnykApiError.isSnykApiError(error) && error.status === 401 && !error.retryable).toBe(true);
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain("canary-wrong-token-0000");
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([]);
  });
});
