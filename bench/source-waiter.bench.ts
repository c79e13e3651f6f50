/**
 * How long after Snyk creates the partner event source the waiter returns, against a fixed sleep.
 *
 * For each creation delay the simulator creates the source that long after the wait starts; the waiter
 * (defaults: 250 ms minimum, 1 s cap, jitter) polls it over real HTTP through @aws-sdk/client-eventbridge.
 * The overshoot is the time from creation (the physical floor) to the waiter returning. The baseline is the
 * usual Terraform workaround, a `time_sleep` of 60 s, modelled as a constant: it always takes 60 s, and
 * breaks when the source takes longer.
 *
 * Run: npm run bench source-waiter
 */
import { performance } from "node:perf_hooks";
import { createEventBridgeApi } from "../src/aws/eventbridge-api";
import { waitForPartnerSource } from "../src/aws/partner-source-waiter";
import { EventBridgeSimulator } from "../src/sandbox/eventbridge";

const DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000];
const REPETITIONS = 3;
const FIXED_SLEEP_MS = 60_000;
const OVERSHOOT_TARGET_MS = 500;

interface Run {
  readonly delayMs: number;
  readonly totalMs: number;
  readonly overshootMs: number;
  readonly polls: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fmt(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main(): Promise<void> {
  const simulator = await EventBridgeSimulator.start();
  const api = createEventBridgeApi({
    endpoint: simulator.endpoint,
    region: simulator.region,
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" },
  });
  // Warm up the SDK (module load, first connection) so the first measured run is not penalised.
  await api.listEventSources({ NamePrefix: "aws.partner/snyk.io/org_warmup/" });

  const runs: Run[] = [];
  let orgIndex = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
    for (const delayMs of DELAYS_MS) {
      orgIndex += 1;
      const orgId = `bench-${orgIndex}`;
      const name = `aws.partner/snyk.io/org_${orgId}/issues`;
      simulator.clearRecords();
      const start = performance.now();
      let createdAt = Number.NaN;
      const timer = setTimeout(() => {
        simulator.createPartnerSource({ name, accountId: simulator.accountId, region: simulator.region });
        createdAt = performance.now();
      }, delayMs);
      const found = await waitForPartnerSource({ api, orgId, expectedName: name, timeoutMs: 60_000 });
      const end = performance.now();
      clearTimeout(timer);
      runs.push({
        delayMs,
        totalMs: end - start,
        overshootMs: end - createdAt,
        polls: simulator.requests().length,
      });
      if (found.name !== name) {
        throw new Error(`waiter returned ${found.name}, expected ${name}`);
      }
    }
  }
  await simulator.close();

  console.log(
    `waiter (min 250 ms, cap 1 s, jitter) vs fixed time_sleep of ${FIXED_SLEEP_MS / 1000} s; ${REPETITIONS} runs per delay`,
  );
  console.log("");
  console.log(
    "creation delay | waiter total (median) | overshoot median | overshoot max | API calls (median) | fixed sleep | speed-up",
  );
  for (const delayMs of DELAYS_MS) {
    const mine = runs.filter((run) => run.delayMs === delayMs);
    const total = median(mine.map((run) => run.totalMs));
    console.log(
      [
        fmt(delayMs).padStart(14),
        fmt(total).padStart(21),
        fmt(median(mine.map((run) => run.overshootMs))).padStart(16),
        fmt(Math.max(...mine.map((run) => run.overshootMs))).padStart(13),
        String(median(mine.map((run) => run.polls))).padStart(14),
        fmt(FIXED_SLEEP_MS).padStart(11),
        `${(FIXED_SLEEP_MS / total).toFixed(1)}x`.padStart(8),
      ].join(" | "),
    );
  }
  const overall = median(runs.map((run) => run.overshootMs));
  const totalWaiter = runs.reduce((sum, run) => sum + run.totalMs, 0);
  console.log("");
  console.log(`median overshoot over all ${runs.length} runs: ${fmt(overall)} (target < ${OVERSHOOT_TARGET_MS} ms)`);
  console.log(
    `time spent waiting: waiter ${fmt(totalWaiter)} vs fixed sleep ${fmt(FIXED_SLEEP_MS * runs.length)} ` +
      `(ratio ${(totalWaiter / (FIXED_SLEEP_MS * runs.length)).toFixed(3)})`,
  );
  console.log(`target met: ${overall < OVERSHOOT_TARGET_MS ? "yes" : "NO"}`);
  if (overall >= OVERSHOOT_TARGET_MS) {
    process.exitCode = 1;
  }
}

void main();
