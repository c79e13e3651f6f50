import { parseIntegrationSpec } from "../../../src/provisioner/integration-spec";
import { inspect } from "../../../src/provisioner/inspect";
import { reconcile } from "../../../src/provisioner/reconcile";
import { remove } from "../../../src/provisioner/remove";
import { FakeWorld, ORG, specInput } from "./fake-world";

const SOURCE = `aws.partner/snyk.io/org_${ORG}/issues`;

describe("remove", () => {
  test("deletes the integration and confirms the source is gone; a second run is a no-op", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    // WHEN
    const first = await remove(spec, world.deps());
    const second = await remove(spec, world.deps());
    // THEN
    expect(first).toEqual({
      deleted: ["int-001"],
      partnerSourceName: SOURCE,
      partnerSourceState: "absent",
      actions: ["delete"],
    });
    expect(second.actions).toEqual([]);
    expect(world.integrations).toEqual([]);
  });

  test("waits while the source is still there, and reports DELETED", async () => {
    // GIVEN: Snyk leaves the source in place for a moment, then marks it DELETED
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    world.sourceName = () => "unrelated";
    setTimeout(() => {
      world.sources[0] = { ...world.sources[0], state: "DELETED" };
    }, 15);
    // WHEN
    const result = await remove(spec, world.deps());
    // THEN
    expect(result.partnerSourceState).toBe("DELETED");
    expect(world.count("aws.list")).toBeGreaterThan(2);
  });

  test("a source that never goes ends with a TimeoutError naming it", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput({ wait: { timeoutSeconds: 0.03, minDelayMs: 2, maxDelayMs: 5 } }));
    await reconcile(spec, world.deps());
    world.sourceName = () => "unrelated";
    // THEN
    await expect(remove(spec, world.deps())).rejects.toThrow(`"${SOURCE}" is still PENDING`);
  });

  test("a crash after the delete, then a re-run, succeeds", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    world.faults = [{ operation: "snyk.delete", nth: 1, when: "after" }];
    await expect(remove(spec, world.deps())).rejects.toThrow(/injected crash/);
    world.faults = [];
    // WHEN
    const result = await remove(spec, world.deps());
    // THEN
    expect(result.actions).toEqual([]);
    expect(result.partnerSourceState).toBe("absent");
  });

  test("a read-only profile deletes nothing and says what to do", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput({ profile: "existing" }));
    // WHEN
    const result = await remove(spec, world.deps({ readOnly: true }));
    // THEN
    expect(result.note).toMatch(/delete the Amazon EventBridge integration of org .* in the Snyk UI/);
    expect(world.calls).toEqual([]);
  });
});

describe("inspect", () => {
  test("in sync after reconcile, with one read per side", async () => {
    // GIVEN
    const world = new FakeWorld();
    const spec = parseIntegrationSpec(specInput());
    await reconcile(spec, world.deps());
    world.calls.length = 0;
    // WHEN
    const report = await inspect(spec, world.deps());
    // THEN
    expect(report).toEqual(
      expect.objectContaining({ inSync: true, integrationId: "int-001", partnerSourceState: "PENDING", drift: [] }),
    );
    expect(world.calls.sort()).toEqual(["aws.list", "snyk.list"]);
  });

  test("reports a missing integration and one with the same name but another account", async () => {
    // GIVEN
    const world = new FakeWorld();
    await reconcile(parseIntegrationSpec(specInput({ accountId: "123456789012" })), world.deps());
    // WHEN
    const report = await inspect(parseIntegrationSpec(specInput({ accountId: "000000000000" })), world.deps());
    // THEN
    expect(report.inSync).toBe(false);
    expect(report.drift.map((d) => d.kind)).toEqual(["missing", "identity-mismatch"]);
    expect(report.drift[1].message).toMatch(/account 123456789012/);
    expect(world.count("snyk.create")).toBe(1);
  });

  test("reports a rename and a DELETED source without writing", async () => {
    // GIVEN
    const world = new FakeWorld();
    await reconcile(parseIntegrationSpec(specInput()), world.deps());
    world.sources[0] = { ...world.sources[0], state: "DELETED" };
    world.calls.length = 0;
    // WHEN
    const report = await inspect(parseIntegrationSpec(specInput({ name: "new name" })), world.deps());
    // THEN
    expect(report.drift.map((d) => d.kind)).toEqual(["renamed", "source-deleted"]);
    expect(world.calls.filter((c) => c !== "snyk.list" && c !== "aws.list")).toEqual([]);
  });

  test("reports a source under another name", async () => {
    // GIVEN
    const world = new FakeWorld();
    world.sourceName = (identity) => `aws.partner/snyk.io/org_${identity.orgId}/x-issues`;
    await expect(reconcile(parseIntegrationSpec(specInput()), world.deps())).rejects.toThrow(/x-issues/);
    // WHEN
    const report = await inspect(parseIntegrationSpec(specInput()), world.deps());
    // THEN
    expect(report.drift).toEqual([
      {
        kind: "source-name-mismatch",
        message: expect.stringMatching(/x-issues\. If that is this integration's, set spec.partnerSourceName/),
      },
    ]);
  });
});
