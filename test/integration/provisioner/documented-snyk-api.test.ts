import { SnykApiError } from "../../../src/errors";
import { inspect } from "../../../src/provisioner/inspect";
import { reconcile } from "../../../src/provisioner/reconcile";
import { remove } from "../../../src/provisioner/remove";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { CANARY_TOKEN, GROUP_ID, registrationRefusedMessage, sandboxSpec, withDeps } from "./sandbox-fixture";

/** The AWS operations the sandbox received that change something (anything but reads). */
function awsWrites(sandbox: Sandbox): string[] {
  return sandbox.eventBridge
    .requests()
    .map((request) => request.operation)
    .filter((operation) => !/^(List|Describe|Get|TestEventPattern)/.test(operation));
}

async function rejection(promise: Promise<unknown>): Promise<SnykApiError> {
  try {
    await promise;
  } catch (error) {
    if (SnykApiError.isSnykApiError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a SnykApiError");
}

describe("the provisioner against a Snyk API that serves only what Snyk documents", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 30, snykApi: "documented" });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.snyk.setMode("documented");
    sandbox.snyk.resetRequests();
    sandbox.eventBridge.clearRecords();
  });

  test("cloud-events: Snyk refuses the EventBridge registration, and the run stops before any AWS change", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const error = await rejection(withDeps(sandbox, spec, (deps) => reconcile(spec, deps)));
    // THEN the message says Snyk did not accept it, quotes Snyk's detail and request ID, and names the way out
    const post = sandbox.snyk.requests().find((request) => request.method === "POST");
    expect(error.message).toBe(registrationRefusedMessage(spec, post?.requestId));
    expect(error).toMatchObject({ status: 400, retryable: false, requestId: post?.requestId });
    // AND AWS was only read, Snyk holds nothing, and no partner source exists
    expect(awsWrites(sandbox)).toEqual([]);
    expect(sandbox.snyk.registrations()).toEqual([]);
    expect(sandbox.eventBridge.sources()).toEqual([]);
  });

  test("cloud-events: a rename Snyk refuses fails with its own message, and the integration keeps its name", async () => {
    // GIVEN an integration made while the assumed API was served (the only way one exists)
    sandbox.snyk.setMode("assumed");
    const spec = sandboxSpec(sandbox, { name: "before" });
    await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    const [registration] = sandbox.snyk.registrations(GROUP_ID).filter((item) => item.config.org_id === spec.orgId);
    sandbox.snyk.setMode("documented");
    sandbox.snyk.resetRequests();
    const renamed = sandboxSpec(sandbox, { orgId: spec.orgId, name: "after" });
    // WHEN
    const error = await rejection(withDeps(sandbox, renamed, (deps) => reconcile(renamed, deps)));
    const drift = await withDeps(sandbox, renamed, (deps) => inspect(renamed, deps));
    // THEN
    const patch = sandbox.snyk.requests().find((request) => request.method === "PATCH");
    expect(error.message).toBe(
      `Snyk refused to rename integration ${registration.id} to "after": HTTP 405: Method Not Allowed: PATCH is not ` +
        `allowed here; use DELETE (Snyk request ID ${patch?.requestId}). Snyk documents no way to rename a Cloud Events ` +
        "registration (no PATCH). Rename it in the Snyk UI, or set the spec's name back to the name it has in Snyk; to " +
        "take the new name through the API, run delete and then reconcile, which replaces the integration and its " +
        'partner event source. Its name in Snyk is "before".',
    );
    expect(sandbox.snyk.registrations(GROUP_ID).find((item) => item.id === registration.id)?.name).toBe("before");
    expect(drift.drift.map((item) => item.kind)).toEqual(["renamed"]);
    // AND delete, which Snyk documents, still works
    const removed = await withDeps(sandbox, renamed, (deps) => remove(renamed, deps));
    expect(removed.deleted).toEqual([registration.id]);
  });

  test("existing: the integration made in the Snyk UI is waited for, checked and left alone", async () => {
    // GIVEN someone created the integration in the Snyk UI
    const spec = sandboxSpec(sandbox, { profile: "existing" });
    const ui = { orgId: spec.orgId, accountId: spec.accountId, region: spec.region, eventType: "issues" };
    const source = sandbox.snyk.addUiIntegration(ui);
    try {
      // WHEN
      const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
      const report = await withDeps(sandbox, spec, (deps) => inspect(spec, deps));
      const removed = await withDeps(sandbox, spec, (deps) => remove(spec, deps));
      // THEN
      expect(result).toMatchObject({ profile: "existing", partnerSourceName: source, actions: [] });
      expect(report).toMatchObject({ inSync: true, partnerSourceName: source });
      expect(removed.deleted).toEqual([]);
      expect(removed.note).toMatch(/^The existing profile makes no Snyk writes: delete the Amazon EventBridge/);
      expect(sandbox.snyk.requests()).toEqual([]);
      expect(awsWrites(sandbox)).toEqual([]);
    } finally {
      sandbox.snyk.removeUiIntegration(ui);
    }
  });
});
