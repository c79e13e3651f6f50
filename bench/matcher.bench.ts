// Matcher benchmark: conformance on the AWS-validated corpus and throughput on a realistic Snyk rule set,
// side by side with serverless-offline-aws-eventbridge (the best JavaScript matcher we found), measured in the
// same run. Run with `npm run bench matcher`.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import JSON5 from "json5";
import type { EventPattern } from "../src/events/event-pattern";
import { Match } from "../src/events/match";
import { anyPattern, allPatterns } from "../src/events/pattern-compose";
import { compileEventPattern, matches } from "../src/events/pattern-matcher";
import { validateEventPattern } from "../src/events/pattern-validator";
import { SAMPLE_EVENTS, SAMPLE_ORG_ID } from "../src/events/sample-events";
import { SnykPatterns } from "../src/events/snyk-patterns";

const CORPUS = resolve(__dirname, "../test/conformance/data/eventbridge-patterns");

/** A PutEvents entry, the input serverless-offline-aws-eventbridge matches. */
interface Entry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: string;
}

interface PeerPlugin {
  verifyIsSubscribed(subscriber: { functionKey: string; event: { pattern: unknown } }, entry: Entry): boolean;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PeerClass = require("serverless-offline-aws-eventbridge") as new (
  serverless: unknown,
  options: unknown,
  logging: unknown,
) => PeerPlugin;
const peer = new PeerClass({}, {}, { log: { notice: () => undefined } });

function peerMatches(pattern: unknown, event: Record<string, unknown>): boolean {
  return peer.verifyIsSubscribed({ functionKey: "bench", event: { pattern } }, toEntry(event));
}

function toEntry(event: Record<string, unknown>): Entry {
  return {
    Source: event.source,
    DetailType: event["detail-type"],
    Detail: event.detail === undefined ? undefined : JSON.stringify(event.detail),
  };
}

type Outcome = "match" | "no-match" | "invalid";

function conformance(): void {
  if (!existsSync(CORPUS)) {
    console.log(`conformance: skipped, ${CORPUS} is not present`);
    return;
  }
  const files = readdirSync(CORPUS)
    .filter((file) => file.endsWith(".json5"))
    .sort();
  let ours = 0;
  let theirs = 0;
  for (const file of files) {
    const name = file.slice(0, -".json5".length);
    const { Event, EventPattern } = JSON5.parse(readFileSync(join(CORPUS, file), "utf8")) as {
      Event: Record<string, unknown>;
      EventPattern: EventPattern;
    };
    const expected: Outcome = name.endsWith("_EXC") ? "invalid" : name.endsWith("_NEG") ? "no-match" : "match";
    const validation = validateEventPattern(EventPattern);
    const our: Outcome = !validation.valid ? "invalid" : matches(EventPattern, Event) ? "match" : "no-match";
    let their: Outcome;
    try {
      // The peer has no validator: a pattern it cannot evaluate (it throws) counts as rejected.
      their = peerMatches(EventPattern, Event) ? "match" : "no-match";
    } catch {
      their = "invalid";
    }
    ours += our === expected ? 1 : 0;
    theirs += their === expected ? 1 : 0;
  }
  console.log(`conformance (${files.length} AWS-validated cases):`);
  console.log(`  ours                               ${ours}/${files.length}`);
  console.log(`  serverless-offline-aws-eventbridge ${theirs}/${files.length}`);
}

/** Rules a Snyk customer plausibly runs; only operators the peer supports, so both sides evaluate them. */
function ruleSet(): EventPattern[] {
  return [
    allPatterns(SnykPatterns.fromOrg(SAMPLE_ORG_ID), SnykPatterns.severityAtLeast("high")),
    SnykPatterns.actionableHighSeverity(),
    SnykPatterns.fixAvailable(),
    SnykPatterns.issueCreated(),
    SnykPatterns.cvssAtLeast(7),
    SnykPatterns.sensitiveAuditActions(),
    SnykPatterns.auditEvent("api.access"),
    {
      source: Match.prefix("aws.partner/snyk.io/"),
      detail: { event: Match.anythingBut("api.access", "org.project.add") },
    },
    { detail: anyPattern({ severity_id: [5] }, { event: ["org.integration.delete"] }) },
    { detail: { finding: { title: Match.equalsIgnoreCase("remote code execution (rce)") } } },
  ];
}

function measure(label: string, perEvent: () => void, events: number): number {
  const deadline = 1000;
  for (let warm = 0; warm < 2000; warm += 1) {
    perEvent();
  }
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < deadline) {
    for (let batch = 0; batch < 200; batch += 1) {
      perEvent();
    }
    rounds += 200;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const rate = (rounds * events) / (elapsed / 1000);
  console.log(`  ${label.padEnd(44)} ${Math.round(rate).toLocaleString("en-US").padStart(12)} events/s`);
  return rate;
}

function throughput(): void {
  const rules = ruleSet();
  const events = SAMPLE_EVENTS as unknown as Record<string, unknown>[];
  const compiled = rules.map((rule) => compileEventPattern(rule));
  const entries = events.map(toEntry);
  let agreements = 0;
  for (const rule of rules) {
    for (const event of events) {
      agreements += matches(rule, event) === peerMatches(rule, event) ? 1 : 0;
    }
  }
  let sink = 0;
  console.log(
    `throughput (${rules.length} rules x ${events.length} illustrative Snyk events, each event against every rule):`,
  );
  const ourObjects = measure(
    "ours, event objects",
    () => {
      for (const event of events) {
        for (const rule of compiled) {
          sink += rule(event) ? 1 : 0;
        }
      }
    },
    events.length,
  );
  const ourEntries = measure(
    "ours, from PutEvents entries (parse Detail)",
    () => {
      for (const entry of entries) {
        const event = {
          source: entry.Source,
          "detail-type": entry.DetailType,
          detail: JSON.parse(entry.Detail as string),
        };
        for (const rule of compiled) {
          sink += rule(event) ? 1 : 0;
        }
      }
    },
    events.length,
  );
  const theirs = measure(
    "serverless-offline-aws-eventbridge",
    () => {
      for (const entry of entries) {
        for (const rule of rules) {
          sink += peer.verifyIsSubscribed({ functionKey: "bench", event: { pattern: rule } }, entry) ? 1 : 0;
        }
      }
    },
    events.length,
  );
  console.log(`  ratio ours/peer (same PutEvents input)            ${(ourEntries / theirs).toFixed(1)}x`);
  console.log(`  ratio ours/peer (ours on objects)                 ${(ourObjects / theirs).toFixed(1)}x`);
  console.log(`  rule/event outcomes where the peer agrees with us: ${agreements}/${rules.length * events.length}`);
  if (sink < 0) {
    console.log(sink);
  }
}

conformance();
throughput();
