import { inspect } from "../../../src/provisioner/inspect";
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

describe("provisioner lifecycle against the sandbox over HTTP", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 40 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test("create, no-op re-run (one read per side), associate, status, delete, status", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const expectedSource = `aws.partner/snyk.io/org_${spec.orgId}/issues`;
    // WHEN: create
    const created = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN
    expect(created).toEqual({
      integrationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      integrationName: "sandbox issues",
      profile: "cloud-events",
      partnerSourceName: expectedSource,
      partnerSourceArn: `arn:aws:events:${sandbox.region}::event-source/${expectedSource}`,
      partnerSourceState: "PENDING",
      actions: ["create"],
      duplicatesRemoved: [],
    });
    expect(registrationsOf(sandbox, spec.orgId)).toHaveLength(1);

    // WHEN: the bus is associated, then a re-run
    await associateBus(sandbox, created.partnerSourceName);
    resetRequests(sandbox);
    const again = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // THEN: nothing changed, one Snyk read and one AWS read
    expect(again).toEqual({ ...created, partnerSourceState: "ACTIVE", actions: [] });
    expect(requestCounts(sandbox)).toEqual({
      snyk: ["GET /rest/groups/:id/cloud_events/group_registrations"],
      aws: ["ListEventSources"],
    });

    // WHEN: status
    const status = await withDeps(sandbox, spec, (deps) => inspect(spec, deps));
    expect(status).toEqual(
      expect.objectContaining({ inSync: true, integrationId: created.integrationId, partnerSourceState: "ACTIVE" }),
    );

    // WHEN: delete (the bus still exists, so EventBridge shows the source DELETED)
    const removed = await withDeps(sandbox, spec, (deps) => remove(spec, deps));
    expect(removed).toEqual({
      deleted: [created.integrationId],
      partnerSourceName: expectedSource,
      partnerSourceState: "DELETED",
      actions: ["delete"],
    });
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([]);

    // THEN: status reports the drift, and a second delete is a no-op
    const after = await withDeps(sandbox, spec, (deps) => inspect(spec, deps));
    expect(after.inSync).toBe(false);
    expect(after.drift.map((item) => item.kind)).toEqual(["missing", "source-deleted"]);
    const second = await withDeps(sandbox, spec, (deps) => remove(spec, deps));
    expect(second.actions).toEqual([]);
  });

  test("a new name is applied in place", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const created = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    // WHEN
    const renamedSpec = { ...spec, name: "renamed issues" };
    const renamed = await withDeps(sandbox, renamedSpec, (deps) => reconcile(renamedSpec, deps));
    // THEN
    expect(renamed.actions).toEqual(["update"]);
    expect(renamed.integrationId).toBe(created.integrationId);
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([
      { id: created.integrationId, name: "renamed issues", eventType: "issues" },
    ]);
  });

  test("an immutable change replaces the integration (new first, old deleted)", async () => {
    // GIVEN
    const before = sandboxSpec(sandbox, { eventType: "audit" });
    const old = await withDeps(sandbox, before, (deps) => reconcile(before, deps));
    // WHEN
    const after = { ...before, eventType: "issues" as const };
    const replaced = await withDeps(sandbox, after, (deps) => reconcile(after, deps, { previous: before }));
    // THEN
    expect(replaced.actions).toEqual(["replace"]);
    expect(replaced.integrationId).not.toBe(old.integrationId);
    expect(replaced.partnerSourceName).toBe(`aws.partner/snyk.io/org_${before.orgId}/issues`);
    expect(registrationsOf(sandbox, before.orgId)).toEqual([
      { id: replaced.integrationId, name: "sandbox issues", eventType: "issues" },
    ]);
    expect(sandbox.eventBridge.sources().map((source) => source.name)).not.toContain(old.partnerSourceName);
  });

  test("three concurrent runs end with exactly one integration, and all report it", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN
    const results = await Promise.all([1, 2, 3].map(() => withDeps(sandbox, spec, (deps) => reconcile(spec, deps))));
    // THEN
    const left = registrationsOf(sandbox, spec.orgId);
    expect(left).toHaveLength(1);
    expect(results.map((result) => result.integrationId)).toEqual([left[0].id, left[0].id, left[0].id]);
    expect(results.every((result) => result.partnerSourceName === `aws.partner/snyk.io/org_${spec.orgId}/issues`)).toBe(
      true,
    );
  });

  test("a source with another name fails naming it and the setting; the fixed spec then converges", async () => {
    // GIVEN: a sandbox whose Snyk names sources differently
    const odd = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 10 });
    try {
      await odd.snyk.close();
      const { SnykApiSimulator } = await import("../../../src/sandbox/snyk-api");
      const snyk = await SnykApiSimulator.start({
        token: CANARY_TOKEN,
        partnerSources: odd.eventBridge,
        sourceDelayMs: 10,
        sourceName: (identity) => `aws.partner/snyk.io/org_${identity.orgId}/snyk-${identity.eventType}-events`,
      });
      const wired = { ...odd, snyk, env: { ...odd.env, SNYK_API_URL: snyk.url } };
      try {
        const spec = sandboxSpec(wired);
        // WHEN
        const failure = withDeps(wired, spec, (deps) => reconcile(spec, deps));
        // THEN
        await expect(failure).rejects.toThrow(
          `Snyk created the partner event source "aws.partner/snyk.io/org_${spec.orgId}/snyk-issues-events", but the spec expects "aws.partner/snyk.io/org_${spec.orgId}/issues"`,
        );
        await expect(failure).rejects.toThrow(
          /set spec\.partnerSourceName to .* \(or spec\.partnerSourceSuffix to "snyk-issues-events"\)/,
        );
        const fixed = { ...spec, partnerSourceSuffix: "snyk-issues-events" };
        const result = await withDeps(wired, fixed, (deps) => reconcile(fixed, deps));
        expect(result.actions).toEqual([]);
        expect(registrationsOf(wired, spec.orgId)).toHaveLength(1);
      } finally {
        await snyk.close();
      }
    } finally {
      await odd.close();
    }
  });

  test("the existing profile makes no Snyk call: it verifies the source made by the Snyk UI", async () => {
    // GIVEN: an integration created by hand, whose source exists
    const spec = sandboxSpec(sandbox, { profile: "existing", groupId: undefined });
    const name = `aws.partner/snyk.io/org_${spec.orgId}/issues`;
    sandbox.eventBridge.createPartnerSource({ name, accountId: sandbox.accountId, region: sandbox.region });
    resetRequests(sandbox);
    // WHEN
    const result = await withDeps(sandbox, spec, (deps) => reconcile(spec, deps));
    const removed = await withDeps(sandbox, spec, (deps) => remove(spec, deps));
    // THEN
    expect(result).toEqual(
      expect.objectContaining({
        integrationId: `existing:${spec.orgId}:${sandbox.accountId}:${sandbox.region}:issues`,
        profile: "existing",
        partnerSourceName: name,
        actions: [],
      }),
    );
    expect(removed.note).toMatch(/delete the Amazon EventBridge integration .* in the Snyk UI/);
    expect(requestCounts(sandbox).snyk).toEqual([]);
  });
});
