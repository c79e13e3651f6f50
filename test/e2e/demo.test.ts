import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatDemoReport, runDemo } from "../../src/sandbox/demo";
import type { DemoReport } from "../../src/sandbox/demo";
import { DEMO_BUNDLES, ensureBundles } from "../../src/sandbox/demo/bundles";
import { findLeftovers } from "../../src/sandbox/demo/leftovers";
import { startSandbox } from "../../src/sandbox/sandbox";

describe("the demo runner (what npm start runs), in process", () => {
  test("--keep leaves the stack applied in a running sandbox until teardown, which leaves nothing", async () => {
    // GIVEN
    const progress: string[] = [];

    // WHEN
    const session = await runDemo({ keep: true, sourceDelayMs: 50, onProgress: (line) => progress.push(line) });

    try {
      // THEN the stack is applied and the report has no destroy yet
      const sandbox = session.sandbox;
      expect(sandbox).toBeDefined();
      expect(session.report.leftovers).toBeUndefined();
      expect(session.report.timings.destroyMs).toBeUndefined();
      expect(sandbox?.eventBridge.buses().map((bus) => bus.name)).toContain(
        session.report.integrations[0].partnerSource,
      );
      expect(session.report.rules.map((rule) => [rule.ruleName.split("-")[0], rule.matched.length])).toEqual([
        ["AllIssues", 5],
        ["FixAvailableIssues", 3],
        ["HighAndCriticalIssues", 3],
      ]);
      expect(session.report.unmatched).toEqual([]);
      expect(progress).toContain("Publishing the sample Snyk events through the partner source (PutPartnerEvents)");
    } finally {
      // WHEN
      const final = await session.teardown();

      // THEN
      expect(final.leftovers).toEqual([]);
      expect(final.resourcesDestroyed).toBe(final.resourcesCreated);
      expect(await session.teardown()).toBe(final);
    }
  }, 60_000);

  test("the leftover check names what a destroy left behind", async () => {
    // GIVEN a partner source nobody removed
    const sandbox = await startSandbox({ sourceDelayMs: 10 });
    try {
      sandbox.eventBridge.createPartnerSource({
        name: "aws.partner/snyk.io/org_x/issues",
        accountId: sandbox.accountId,
        region: sandbox.region,
      });

      // WHEN / THEN
      expect(findLeftovers(sandbox)).toEqual(["partner event source aws.partner/snyk.io/org_x/issues (PENDING)"]);
      expect(findLeftovers(sandbox, ["aws.partner/snyk.io/org_x/issues"])).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  test("the report says plainly when something was left behind or an event was refused", () => {
    // GIVEN
    const report: DemoReport = {
      sandbox: {
        snykApiUrl: "http://127.0.0.1:1",
        awsEndpoint: "http://127.0.0.1:2",
        accountId: "123456789012",
        region: "us-east-1",
      },
      stackName: "s",
      resourcesCreated: 2,
      integrations: [
        { name: "n", eventType: "issues", partnerSource: "aws.partner/snyk.io/org_x/issues", sourceState: "ACTIVE" },
      ],
      published: [
        { sample: "a", source: "aws.partner/snyk.io/org_x/issues", eventId: "e1" },
        { sample: "b", source: "aws.partner/snyk.io/org_x/issues", error: "InvalidArgument: too big" },
      ],
      rules: [
        { busName: "aws.partner/snyk.io/org_x/issues", ruleName: "R", state: "DISABLED", matched: [], targets: [] },
      ],
      unmatched: ["a"],
      resourcesDestroyed: 1,
      leftovers: ["Snyk registration r1 (n)"],
      timings: {
        sandboxMs: 1,
        bundleMs: 0,
        synthMs: 1000,
        applyMs: 1500,
        publishMs: 10,
        destroyMs: 500,
        totalMs: 3011,
      },
    };

    // WHEN
    const text = formatDemoReport(report);

    // THEN
    expect(text).toContain('Integration     "n" (issues events), adopted');
    expect(text).toContain("Published       2 sample Snyk events with PutPartnerEvents: 1 accepted, 1 refused");
    expect(text).toContain("  refused b: InvalidArgument: too big");
    expect(text).toContain("Rule R (DISABLED)\n  matched 0: none");
    expect(text).toContain("No rule matched 1: a");
    expect(text).toContain("LEFT BEHIND     Snyk registration r1 (n)");
    expect(text).toContain("total 3.01 s");
  });

  test("on a fresh clone (no dist/) the bundles are built once, then left alone", async () => {
    // GIVEN a checkout without dist/ (its sources and node_modules linked from this one)
    const root = resolve(__dirname, "..", "..");
    const fresh = mkdtempSync(join(tmpdir(), "e2e-fresh-"));
    try {
      for (const entry of ["scripts", "src", "node_modules", "package.json"]) {
        symlinkSync(join(root, entry), join(fresh, entry));
      }

      // WHEN / THEN
      expect(await ensureBundles(fresh)).toBe(true);
      expect(DEMO_BUNDLES.map((bundle) => existsSync(join(fresh, bundle)))).toEqual([true, true]);
      expect(await ensureBundles(fresh)).toBe(false);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 60_000);
});
