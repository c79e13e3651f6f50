// API calls per reconcile against the minimum needed, counted from the simulators' request logs (the real
// Snyk client and AWS SDK over HTTP on loopback). Figures: Snyk and AWS requests for a create (with a partner
// source that appears after a delay) and for a no-op re-run, and wall time.
import { randomUUID } from "node:crypto";
import { createProvisionerDeps } from "../src/provisioner/create-provisioner-deps";
import { parseIntegrationSpec } from "../src/provisioner/integration-spec";
import { reconcile } from "../src/provisioner/reconcile";
import { startSandbox } from "../src/sandbox/sandbox";

// Minimum for a create: list integrations, create one (Snyk); one ListEventSources that finds the source
// (AWS). The provisioner adds one Snyk re-list after the create (the concurrency check) and polls AWS while
// Snyk creates the source. Minimum for a no-op: one read on each side.
const MINIMUM = { create: { snyk: 2, aws: 1 }, noop: { snyk: 1, aws: 1 } };
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  for (const sourceDelayMs of [0, 250, 1000]) {
    const sandbox = await startSandbox({ token: `bench-${randomUUID()}`, sourceDelayMs });
    const rows: { snyk: number; aws: number; ms: number; noopSnyk: number; noopAws: number; noopMs: number }[] = [];
    try {
      for (let run = 0; run < RUNS; run += 1) {
        const spec = parseIntegrationSpec({
          orgId: randomUUID(),
          groupId: randomUUID(),
          name: "bench",
          eventType: "issues",
          accountId: sandbox.accountId,
          region: sandbox.region,
          wait: { timeoutSeconds: 30 },
        });
        const deps = createProvisionerDeps(spec, { env: sandbox.env, snykClient: { rateLimit: false } });
        try {
          sandbox.snyk.resetRequests();
          sandbox.eventBridge.clearRecords();
          let start = performance.now();
          await reconcile(spec, deps);
          const ms = performance.now() - start;
          const snyk = sandbox.snyk.requests().length;
          const aws = sandbox.eventBridge.requests().length;
          sandbox.snyk.resetRequests();
          sandbox.eventBridge.clearRecords();
          start = performance.now();
          const noop = await reconcile(spec, deps);
          const noopMs = performance.now() - start;
          if (noop.actions.length !== 0) {
            throw new Error(`re-run was not a no-op: ${noop.actions.join(", ")}`);
          }
          rows.push({
            snyk,
            aws,
            ms,
            noopSnyk: sandbox.snyk.requests().length,
            noopAws: sandbox.eventBridge.requests().length,
            noopMs,
          });
        } finally {
          await deps.close();
        }
      }
    } finally {
      await sandbox.close();
    }
    const avg = (pick: (row: (typeof rows)[number]) => number): number =>
      rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
    const snyk = avg((r) => r.snyk);
    const aws = avg((r) => r.aws);
    console.log(`source appears after ${sourceDelayMs} ms (${RUNS} runs, default wait: 250 ms min, 2 s max delay)`);
    console.log(
      `  create: Snyk ${snyk.toFixed(1)} requests (minimum ${MINIMUM.create.snyk}, ${(snyk / MINIMUM.create.snyk).toFixed(2)}x), ` +
        `AWS ${aws.toFixed(1)} (minimum ${MINIMUM.create.aws}, ${(aws / MINIMUM.create.aws).toFixed(2)}x), ${avg((r) => r.ms).toFixed(0)} ms; ` +
        `overshoot over the source delay ${(avg((r) => r.ms) - sourceDelayMs).toFixed(0)} ms`,
    );
    console.log(
      `  no-op:  Snyk ${avg((r) => r.noopSnyk).toFixed(1)} (minimum ${MINIMUM.noop.snyk}), AWS ${avg((r) => r.noopAws).toFixed(1)} ` +
        `(minimum ${MINIMUM.noop.aws}), ${avg((r) => r.noopMs).toFixed(1)} ms`,
    );
  }
}

void main();
