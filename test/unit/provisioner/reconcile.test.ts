import { ValidationError, TimeoutError } from "../../../src/errors";
import { identityOf, parseIntegrationSpec } from "../../../src/provisioner/integration-spec";
import { reconcile } from "../../../src/provisioner/reconcile";
import { FakeWorld, ORG, specInput } from "./fake-world";

const SOURCE = `aws.partner/snyk.io/org_${ORG}/issues`;

describe("reconcile", () => {
  test("creates the integration, waits for the source and reports it", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.sourceDelayMs = 15;
    const spec = parseIntegrationSpec(specInput());
    // WHEN
    const result = await reconcile(spec, world.deps());
    // THEN
    expect(result).toEqual({
      integrationId: "int-001",
      integrationName: "prod issues",
      profile: "fake",
      partnerSourceName: SOURCE,
      partnerSourceArn: `arn:aws:events:eu-west-1::event-source/${SOURCE}`,
      partnerSourceState: "PENDING",
      actions: ["create"],
      duplicatesRemoved: [],
    });
    expect(world.integrations).toHaveLength(1);
    expect(world.count("snyk.create")).toBe(1);
    expect(world.count("aws.list")).toBeGreaterThan(1);
  });

  test("a re-run is a no-op with one Snyk read and one AWS read", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    world.calls.length = 0;
    // WHEN
    const result = await reconcile(spec, world.deps());
    // THEN
    expect(result.actions).toEqual([]);
    expect(world.calls.sort()).toEqual(["aws.list", "snyk.list"]);
  });

  test("a new name renames in place", async () => {
    // GIVEN
    const world = new FakeWorld();
    await reconcile(parseIntegrationSpec(specInput()), world.deps());
    // WHEN
    const result = await reconcile(parseIntegrationSpec(specInput({ name: "renamed" })), world.deps());
    // THEN
    expect(result.actions).toEqual(["update"]);
    expect(result.integrationId).toBe("int-001");
    expect(world.integrations.map((i) => i.name)).toEqual(["renamed"]);
    expect(world.count("snyk.create")).toBe(1);
  });

  test("an immutable change with the previous spec replaces: new one first, then the old one deleted", async () => {
    // GIVEN
    const world = new FakeWorld();
    const before = parseIntegrationSpec(specInput({ eventType: "audit" }));
    await reconcile(before, world.deps());
    // WHEN
    const after = parseIntegrationSpec(specInput());
    const result = await reconcile(after, world.deps(), { previous: before });
    // THEN
    expect(result.actions).toEqual(["replace"]);
    expect(world.integrations).toEqual([expect.objectContaining({ id: "int-002", eventType: "issues" })]);
    expect(world.sources.map((s) => s.name)).toEqual([SOURCE]);
  });

  test("an existing integration is adopted when the caller expected to create", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    // WHEN
    const result = await reconcile(parseIntegrationSpec(specInput({ name: "other" })), world.deps(), {
      intent: "create",
    });
    // THEN
    expect(result.actions).toEqual(["adopt", "update"]);
    expect(world.integrations).toHaveLength(1);
  });

  test("three concurrent runs end with exactly one integration and agree on it", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.sourceDelayMs = 5;
    const spec = parseIntegrationSpec(specInput());
    // WHEN
    const results = await Promise.all([1, 2, 3].map(() => reconcile(spec, world.deps())));
    // THEN
    expect(world.integrations).toHaveLength(1);
    const survivor = world.integrations[0].id;
    expect(results.map((r) => r.integrationId)).toEqual([survivor, survivor, survivor]);
    expect(world.count("snyk.create")).toBe(3);
    expect(results.flatMap((r) => r.duplicatesRemoved).sort()).toHaveLength(2);
    expect(results.filter((r) => r.actions.includes("create"))).toHaveLength(1);
  });

  test("when Snyk refuses duplicates (409), concurrent runs adopt the winner instead of failing", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.conflictOnDuplicate = true;
    const spec = parseIntegrationSpec(specInput());
    // WHEN
    const results = await Promise.all([1, 2, 3].map(() => reconcile(spec, world.deps())));
    // THEN
    expect(world.integrations).toHaveLength(1);
    expect(results.map((r) => r.actions).sort()).toEqual([["adopt"], ["adopt"], ["create"]]);
    expect(new Set(results.map((r) => r.integrationId))).toEqual(new Set([world.integrations[0].id]));
  });

  test("a 409 without any integration listed fails with a message saying what to check", async () => {
    // GIVEN: Snyk conflicts on an integration it does not list (for example in another group)
    const world = new FakeWorld();
    world.conflictOnDuplicate = true;
    const spec = parseIntegrationSpec(specInput());
    world.integrations.push({ ...identityOf(spec), id: "elsewhere", name: "made elsewhere" });
    const deps = world.deps();
    const hidden = { ...deps, profile: { ...deps.profile, list: async () => [] } };
    // THEN
    await expect(reconcile(spec, hidden)).rejects.toThrow(
      /refused to create .* as a conflict, but lists no such integration/,
    );
  });

  test.each([
    ["before the first Snyk read", { operation: "snyk.list", nth: 1, when: "before" }, 10],
    ["right after create", { operation: "snyk.create", nth: 1, when: "after" }, 10],
    ["during the second look after create", { operation: "snyk.list", nth: 2, when: "before" }, 10],
    ["during the wait", { operation: "aws.list", nth: 2, when: "before" }, 10],
    ["during a later poll of the wait", { operation: "aws.describe", nth: 2, when: "before" }, 10],
    // The source is there at once, so the first DescribeEventSource of the wait finds it.
    ["after the source was found", { operation: "aws.describe", nth: 1, when: "after" }, 0],
  ] as const)("a crash %s then a re-run converges to one integration", async (_label, fault, sourceDelayMs) => {
    // GIVEN
    const world = new FakeWorld();
    world.sourceDelayMs = sourceDelayMs;
    world.faults = [fault];
    const spec = parseIntegrationSpec(specInput());
    await expect(reconcile(spec, world.deps())).rejects.toThrow(/injected crash/);
    world.faults = [];
    // WHEN
    const result = await reconcile(spec, world.deps());
    // THEN
    expect(world.integrations).toHaveLength(1);
    expect(result.integrationId).toBe(world.integrations[0].id);
    expect(result.partnerSourceName).toBe(SOURCE);
    expect(world.count("snyk.create")).toBe(1);
  });

  test("a crash between a duplicate's create and its clean-up is repaired by the next run", async () => {
    // GIVEN: two integrations of the same identity (a run died after its create, before its clean-up)
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    const first = world.integrations[0];
    world.integrations.push({ ...first, id: "int-zzz", createdAt: "2026-06-01T00:00:00.000Z" });
    world.faults = [];
    // WHEN
    const result = await reconcile(spec, world.deps());
    // THEN
    expect(result.duplicatesRemoved).toEqual(["int-zzz"]);
    expect(world.integrations.map((i) => i.id)).toEqual([first.id]);
  });

  test("a source with another name fails naming the real source and the setting to change", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.sourceName = (identity) => `aws.partner/snyk.io/org_${identity.orgId}/snyk-${identity.eventType}`;
    world.sourceDelayMs = 5;
    const spec = parseIntegrationSpec(specInput());
    // WHEN
    const failure = reconcile(spec, world.deps());
    // THEN
    await expect(failure).rejects.toThrow(ValidationError);
    await expect(failure).rejects.toThrow(
      `Snyk created the partner event source "aws.partner/snyk.io/org_${ORG}/snyk-issues", but the spec expects "${SOURCE}"`,
    );
    await expect(failure).rejects.toThrow(/spec\.partnerSourceSuffix to "snyk-issues"/);
    // AND the corrected spec adopts what exists
    const fixed = await reconcile(
      parseIntegrationSpec(specInput({ partnerSourceSuffix: "snyk-issues" })),
      world.deps(),
    );
    expect(fixed.actions).toEqual([]);
    expect(world.integrations).toHaveLength(1);
  });

  test("a source that never appears ends with a TimeoutError that says what to check", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.createsSources = false;
    const spec = parseIntegrationSpec(specInput({ wait: { timeoutSeconds: 0.05, minDelayMs: 2, maxDelayMs: 5 } }));
    // WHEN
    const failure = reconcile(spec, world.deps());
    // THEN
    await expect(failure).rejects.toThrow(TimeoutError);
    await expect(failure).rejects.toThrow(
      `waiting for the Snyk partner event source with the name ${SOURCE} under aws.partner/snyk.io/org_${ORG}/ to ` +
        "appear in account 123456789012, region eu-west-1",
    );
    await expect(failure).rejects.toThrow(/Credentials: account 123456789012, the integration's account/);
    await expect(failure).rejects.toThrow(/then run again or raise the wait timeout/);
    // AND it waited the whole deadline
    const waitedMs = await failure.then(
      () => 0,
      (error: TimeoutError) => error.waitedMs,
    );
    expect(waitedMs).toBeGreaterThanOrEqual(50);
  });

  test("a source in another account is not seen (wrong credentials)", async () => {
    // GIVEN
    const world = new FakeWorld("210987654321");
    const spec = parseIntegrationSpec(specInput({ wait: { timeoutSeconds: 0.03, minDelayMs: 2, maxDelayMs: 5 } }));
    // WHEN
    const failure = reconcile(spec, world.deps());
    // THEN
    await expect(failure).rejects.toThrow(TimeoutError);
    await expect(failure).rejects.toThrow(/Sources under aws\.partner\/snyk\.io\/org_\S+: none\./);
    await expect(failure).rejects.toThrow(
      /they belong to account 210987654321, but the integration targets account 123456789012/,
    );
  });

  test("an abort stops the wait", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.createsSources = false;
    const controller = new AbortController();
    const spec = parseIntegrationSpec(specInput({ wait: { timeoutSeconds: 60, minDelayMs: 5, maxDelayMs: 10 } }));
    // WHEN
    setTimeout(() => controller.abort(new Error("stop now")), 20);
    // THEN
    await expect(reconcile(spec, world.deps({ signal: controller.signal }))).rejects.toThrow("stop now");
  });

  test("a read-only profile never writes and relies on the source", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.addSource(SOURCE, "ACTIVE");
    const spec = parseIntegrationSpec(specInput({ profile: "existing", groupId: undefined }));
    // WHEN
    const result = await reconcile(spec, world.deps({ readOnly: true }));
    // THEN
    expect(result.integrationId).toBe(`existing:${ORG}:123456789012:eu-west-1:issues`);
    expect(result.partnerSourceState).toBe("ACTIVE");
    expect(result.actions).toEqual([]);
    expect(world.count("snyk.create")).toBe(0);
  });
});
