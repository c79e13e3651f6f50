import type { Delivery, SimulatedBus } from "../eventbridge";
import type { PublishedEvent } from "./publish";

/** One target of a rule and what reached it. */
export interface TargetReport {
  readonly id: string;
  readonly arn: string;
  /** The AWS service of the target ARN (`sns`, `sqs`, `logs`, `events`, `lambda`). */
  readonly service: string;
  readonly deliveries: number;
}

/** One rule, the sample events it matched and the targets they reached. */
export interface RuleReport {
  readonly busName: string;
  readonly ruleName: string;
  readonly state: string;
  /** The names of the samples the rule matched, in publishing order. */
  readonly matched: readonly string[];
  readonly targets: readonly TargetReport[];
}

/** One integration as applied. */
export interface IntegrationReport {
  readonly name: string;
  readonly eventType: string;
  /** The Snyk registration ID. @default - none (an integration adopted from the Snyk UI) */
  readonly registrationId?: string;
  readonly partnerSource: string;
  readonly sourceState: string;
}

/** Durations of the demo's steps, in milliseconds. */
export interface DemoTimings {
  readonly sandboxMs: number;
  readonly bundleMs: number;
  readonly synthMs: number;
  readonly applyMs: number;
  readonly publishMs: number;
  /** @default - undefined while the sandbox is kept running */
  readonly destroyMs?: number;
  readonly totalMs: number;
}

/** Everything the demo did, for printing or for tests. */
export interface DemoReport {
  readonly sandbox: {
    readonly snykApiUrl: string;
    readonly awsEndpoint: string;
    readonly accountId: string;
    readonly region: string;
  };
  readonly stackName: string;
  /** Resources created by the apply. */
  readonly resourcesCreated: number;
  readonly integrations: readonly IntegrationReport[];
  readonly published: readonly PublishedEvent[];
  readonly rules: readonly RuleReport[];
  /** Samples accepted by EventBridge that no rule matched. */
  readonly unmatched: readonly string[];
  /** Resources deleted by the destroy. @default - undefined while the sandbox is kept running */
  readonly resourcesDestroyed?: number;
  /** What the destroy left behind (empty: nothing). @default - undefined while the sandbox is kept running */
  readonly leftovers?: readonly string[];
  readonly timings: DemoTimings;
}

/**
 * Relates the deliveries the EventBridge simulator recorded to the rules of the applied buses and to the
 * published samples (by event ID).
 */
export function ruleReports(
  buses: readonly SimulatedBus[],
  deliveries: readonly Delivery[],
  published: readonly PublishedEvent[],
): { rules: RuleReport[]; unmatched: string[] } {
  const sampleOf = new Map(
    published.flatMap((event) => (event.eventId === undefined ? [] : [[event.eventId, event.sample]])),
  );
  const reached = new Set<string>();
  const rules = buses
    .filter((bus) => bus.name !== "default" || bus.rules.length > 0)
    .flatMap((bus) =>
      bus.rules.map((rule): RuleReport => {
        const mine = deliveries.filter((delivery) => delivery.busName === bus.name && delivery.ruleName === rule.name);
        const matchedIds = new Set(mine.map((delivery) => delivery.eventId));
        matchedIds.forEach((id) => reached.add(id));
        return {
          busName: bus.name,
          ruleName: rule.name,
          state: rule.state,
          matched: published
            .filter((event) => event.eventId !== undefined && matchedIds.has(event.eventId))
            .map((event) => event.sample),
          targets: rule.targets.map((target) => {
            const id = String(target.Id);
            const arn = String(target.Arn);
            return {
              id,
              arn,
              service: arn.split(":")[2] ?? "unknown",
              deliveries: mine.filter((delivery) => delivery.targetId === id).length,
            };
          }),
        };
      }),
    );
  const unmatched = [...sampleOf.entries()].filter(([id]) => !reached.has(id)).map(([, sample]) => sample);
  return { rules, unmatched };
}

/** The report as short readable text (one line per fact; no colour codes, so it reads the same in CI logs). */
export function formatDemoReport(report: DemoReport): string {
  const lines: string[] = [];
  const { sandbox, timings } = report;
  lines.push(
    "snyk-eventbridge: the reference app applied to the local sandbox (no AWS account, Snyk token or terraform)",
  );
  lines.push("");
  lines.push(`Sandbox         Snyk API ${sandbox.snykApiUrl}, EventBridge ${sandbox.awsEndpoint}`);
  lines.push(`                account ${sandbox.accountId}, region ${sandbox.region}`);
  lines.push(
    `Applied         stack ${report.stackName}: ${report.resourcesCreated} resources created in ${seconds(timings.applyMs)}`,
  );
  for (const integration of report.integrations) {
    lines.push(
      `Integration     "${integration.name}" (${integration.eventType} events)` +
        (integration.registrationId === undefined ? ", adopted" : `, Snyk registration ${integration.registrationId}`),
    );
    lines.push(`Partner source  ${integration.partnerSource} (${integration.sourceState})`);
    const rules = report.rules.filter((rule) => rule.busName === integration.partnerSource).length;
    lines.push(`Event bus       ${integration.partnerSource} (associated with the source, ${rules} rules)`);
  }
  const accepted = report.published.filter((event) => event.eventId !== undefined).length;
  lines.push("");
  lines.push(
    `Published       ${report.published.length} sample Snyk events with PutPartnerEvents: ${accepted} accepted` +
      (accepted === report.published.length ? "" : `, ${report.published.length - accepted} refused`),
  );
  for (const event of report.published.filter((candidate) => candidate.error !== undefined)) {
    lines.push(`  refused ${event.sample}: ${event.error ?? ""}`);
  }
  for (const rule of report.rules) {
    lines.push(`Rule ${rule.ruleName}${rule.state === "ENABLED" ? "" : ` (${rule.state})`}`);
    lines.push(`  matched ${rule.matched.length}: ${rule.matched.length === 0 ? "none" : rule.matched.join(", ")}`);
    for (const target of rule.targets) {
      lines.push(`  -> ${target.service.padEnd(6)} ${target.arn}: ${target.deliveries} delivered`);
    }
  }
  if (report.unmatched.length > 0) {
    lines.push(`No rule matched ${report.unmatched.length}: ${report.unmatched.join(", ")}`);
  }
  lines.push("");
  if (report.resourcesDestroyed !== undefined && timings.destroyMs !== undefined) {
    lines.push(`Destroyed       ${report.resourcesDestroyed} resources in ${seconds(timings.destroyMs)}`);
  }
  if (report.leftovers !== undefined) {
    const adopted = report.integrations.some((integration) => integration.registrationId === undefined);
    lines.push(
      report.leftovers.length === 0
        ? "Verified        nothing left: no Snyk registration, no bus but the default one, no partner source" +
            (adopted ? " (but the adopted integrations' own, which Snyk keeps)" : "")
        : `LEFT BEHIND     ${report.leftovers.join("; ")}`,
    );
  }
  lines.push(
    `Timings         sandbox ${seconds(timings.sandboxMs)}, bundles ${seconds(timings.bundleMs)}, synth ${seconds(timings.synthMs)}, ` +
      `apply ${seconds(timings.applyMs)}, events ${seconds(timings.publishMs)}` +
      (timings.destroyMs === undefined ? "" : `, destroy ${seconds(timings.destroyMs)}`) +
      `, total ${seconds(timings.totalMs)}`,
  );
  return lines.join("\n");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
