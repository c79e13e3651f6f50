// Synth benchmark: synth time and peak memory of 1, 50 and 200 integrations with sample rules, side by side with
// a hand-written stack of the same resources (per-resource provider imports), measured in the same run. Each
// case runs in its own child process (three times; medians reported) so peak memory figures are clean.
// Run with `npm run bench synth`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Construct } from "constructs";

type HandWritten = (scope: Construct, id: string, orgId: string, index: number) => void;

/**
 * The same resources as one integration with sample rules, written by hand with per-resource imports: what a
 * user would write without the library (terraform_data as a plain resource too, since cdktf's DataResource
 * runs `terraform version` per instance). Loaded only in the hand-written cases.
 */
async function loadHandWritten(): Promise<HandWritten> {
  const { AssetType, Fn, TerraformAsset, TerraformOutput, TerraformResource, TerraformStack } = await import("cdktf");
  const { Construct } = await import("constructs");
  const { CloudwatchEventBus } = await import("@cdktf/provider-aws/lib/cloudwatch-event-bus");
  const { CloudwatchEventRule } = await import("@cdktf/provider-aws/lib/cloudwatch-event-rule");
  const { CloudwatchEventTarget } = await import("@cdktf/provider-aws/lib/cloudwatch-event-target");
  const { CloudwatchLogGroup } = await import("@cdktf/provider-aws/lib/cloudwatch-log-group");
  const { CloudwatchLogResourcePolicy } = await import("@cdktf/provider-aws/lib/cloudwatch-log-resource-policy");
  const { DataAwsCallerIdentity } = await import("@cdktf/provider-aws/lib/data-aws-caller-identity");
  const { DataAwsRegion } = await import("@cdktf/provider-aws/lib/data-aws-region");
  const { SnsTopic } = await import("@cdktf/provider-aws/lib/sns-topic");
  const { SnsTopicPolicy } = await import("@cdktf/provider-aws/lib/sns-topic-policy");
  const { SqsQueue } = await import("@cdktf/provider-aws/lib/sqs-queue");
  const { SqsQueuePolicy } = await import("@cdktf/provider-aws/lib/sqs-queue-policy");

  class Data extends TerraformResource {
    constructor(
      scope: Construct,
      id: string,
      private readonly attributes: Record<string, unknown>,
      provisioners: { type: "local-exec"; command: string; when?: "destroy"; environment: Record<string, string> }[],
    ) {
      super(scope, id, { terraformResourceType: "terraform_data", provisioners });
    }
    protected synthesizeAttributes(): Record<string, unknown> {
      return this.attributes;
    }
  }
  const shared = new Map<unknown, { cli: string; account: string; region: string }>();
  const allow = (action: string, resource: string, sourceArn: string): string =>
    Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: action,
          Resource: resource,
          Condition: { ArnEquals: { "aws:SourceArn": sourceArn } },
        },
      ],
    });
  return (scope, id, orgId, index) => {
    const stack = TerraformStack.of(scope);
    if (!shared.has(stack)) {
      stack.addOverride("terraform.required_version", ">= 1.4");
      const asset = new TerraformAsset(stack, "Cli", {
        path: join(__dirname, "..", "dist", "bin", "snyk-eventbridge.js"),
        type: AssetType.FILE,
      });
      new CloudwatchLogResourcePolicy(stack, "LogPolicy", {
        policyName: "events-to-logs",
        policyDocument: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
              Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: "arn:aws:logs:*:*:log-group:/aws/events/*:*",
            },
          ],
        }),
      });
      shared.set(stack, {
        cli: `node ${asset.path}`,
        account: new DataAwsCallerIdentity(stack, "Caller").accountId,
        region: new DataAwsRegion(stack, "Region").name,
      });
    }
    const { cli, account, region } = shared.get(stack) as { cli: string; account: string; region: string };
    const unit = new Construct(scope, id);
    const spec = Fn.jsonencode({
      orgId,
      groupId: GROUP,
      name: `integration-${index}`,
      eventType: "issues",
      accountId: account,
      region,
    });
    const identity = new Data(
      unit,
      "Integration",
      { triggers_replace: { orgId, accountId: account, region }, input: { spec } },
      [
        {
          type: "local-exec",
          when: "destroy",
          command: `${cli} delete --spec-env SNYK_EVENTBRIDGE_SPEC`,
          environment: { SNYK_EVENTBRIDGE_SPEC: "${self.input.spec}" },
        },
      ],
    );
    const reconcile = new Data(
      unit,
      "Reconcile",
      { triggers_replace: { spec, integration: identity.getStringAttribute("id") } },
      [
        {
          type: "local-exec",
          command: `${cli} reconcile --spec-env SNYK_EVENTBRIDGE_SPEC`,
          environment: { SNYK_EVENTBRIDGE_SPEC: spec },
        },
      ],
    );
    const source = `aws.partner/snyk.io/org_${orgId}/issues`;
    const bus = new CloudwatchEventBus(unit, "Bus", { name: source, eventSourceName: source, dependsOn: [reconcile] });
    const topic = new SnsTopic(unit, "Topic", { name: `topic-${index}` });
    const queue = new SqsQueue(unit, "Queue", { name: `queue-${index}` });
    const dlq = new SqsQueue(unit, "Dlq", { name: `dlq-${index}` });
    const logGroup = new CloudwatchLogGroup(unit, "Logs", { name: `/aws/events/snyk/${index}`, retentionInDays: 30 });
    const rules = [
      [
        "High",
        { source: [{ prefix: "aws.partner/snyk.io/" }], detail: { class_uid: [2001], severity_id: [4, 5] } },
        topic.arn,
      ],
      [
        "Fix",
        {
          source: [{ prefix: "aws.partner/snyk.io/" }],
          detail: { class_uid: [2001], finding: { remediation: { desc: [{ exists: true }] } } },
        },
        queue.arn,
      ],
      ["All", { source: [{ prefix: "aws.partner/snyk.io/" }], detail: { class_uid: [2001] } }, logGroup.arn],
    ] as const;
    const created = rules.map(([ruleId, pattern, arn]) => ({
      rule: new CloudwatchEventRule(unit, ruleId, {
        name: `${ruleId}-${index}`,
        eventBusName: bus.name,
        eventPattern: JSON.stringify(pattern),
      }),
      arn,
    }));
    const topicPolicy = new SnsTopicPolicy(unit, "TopicPolicy", {
      arn: topic.arn,
      policy: allow("sns:Publish", topic.arn, created[0].rule.arn),
    });
    const queuePolicy = new SqsQueuePolicy(unit, "QueuePolicy", {
      queueUrl: queue.url,
      policy: allow("sqs:SendMessage", queue.arn, created[1].rule.arn),
    });
    const dlqPolicy = new SqsQueuePolicy(unit, "DlqPolicy", {
      queueUrl: dlq.url,
      policy: allow("sqs:SendMessage", dlq.arn, created[0].rule.arn),
    });
    const policies = [topicPolicy, queuePolicy, dlqPolicy];
    created.forEach(({ rule, arn }, n) => {
      new CloudwatchEventTarget(unit, `Target${n}`, {
        rule: rule.name,
        eventBusName: bus.name,
        targetId: "Target0",
        arn,
        deadLetterConfig: { arn: dlq.arn },
        dependsOn: [policies[n], dlqPolicy],
      });
    });
    new TerraformOutput(unit, "bus_name", { value: bus.name });
    new TerraformOutput(unit, "bus_arn", { value: bus.arn });
    new TerraformOutput(unit, "source_name", { value: source });
    new TerraformOutput(unit, "source_arn", { value: `arn:aws:events:${region}::event-source/${source}` });
  };
}

const SIZES = [1, 50, 200] as const;
// Cases run round-robin, RUNS times each, so that load from other processes spreads over all of them.
const RUNS = 5;
const TARGETS = { oneIntegrationMs: 400, oneIntegrationMb: 60, perResourceRatio: 1.5 };

interface CaseResult {
  readonly name: string;
  readonly importMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  /** CPU time (user + system) of the whole process, less sensitive to other load on the machine than wall time. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly resources: number;
}

const ORG = (i: number): string => `${i.toString(16).padStart(8, "0")}-1111-4222-8333-444455556666`;
const GROUP = "9a9b9c9d-1111-4222-8333-444455556666";

async function runCase(name: string): Promise<CaseResult> {
  const started = performance.now();
  const cdktf = await import("cdktf");
  const { AwsProvider } = await import("@cdktf/provider-aws/lib/provider");
  const [kind, sizeText] = name.split("-");
  const size = Number(sizeText ?? 0);
  // `modules` imports the constructs alone; `import` and `lib` import the package entry, as users do.
  const library = kind === "lib" || kind === "import" ? await import("../index") : undefined;
  if (kind === "modules") {
    await import("../modules/index");
  }
  const hand = kind === "hand" ? await loadHandWritten() : undefined;
  const imported = performance.now();
  const outdir = mkdtempSync(join(tmpdir(), "synth-bench-"));
  const app = new cdktf.App({ outdir });
  const stack = new cdktf.TerraformStack(app, "bench");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  for (let i = 0; i < size; i += 1) {
    if (library !== undefined) {
      new library.SnykEventBridgeIntegration(stack, `I${i}`, {
        orgId: ORG(i),
        groupId: GROUP,
        name: `integration-${i}`,
        eventType: library.SnykEventType.ISSUES,
      });
    } else if (hand !== undefined) {
      hand(stack, `I${i}`, ORG(i), i);
    }
  }
  const built = performance.now();
  app.synth();
  const synthesized = performance.now();
  const config = JSON.parse(readFileSync(join(outdir, "stacks", "bench", "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  const resources = Object.values(config.resource ?? {}).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
  rmSync(outdir, { recursive: true, force: true });
  return {
    name,
    importMs: imported - started,
    buildMs: built - imported,
    synthMs: synthesized - built,
    totalMs: synthesized - started,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    resources,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function runOnce(name: string): CaseResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", __filename, name], { encoding: "utf8" });
  if (child.status !== 0) {
    throw new Error(`case ${name} failed:\n${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split("\n").pop() as string) as CaseResult;
}

function summarize(name: string, runs: CaseResult[]): CaseResult {
  const pick = (key: keyof Omit<CaseResult, "name">): number => median(runs.map((result) => result[key]));
  return {
    name,
    importMs: pick("importMs"),
    buildMs: pick("buildMs"),
    synthMs: pick("synthMs"),
    totalMs: pick("totalMs"),
    cpuMs: pick("cpuMs"),
    peakRssMb: pick("peakRssMb"),
    resources: pick("resources"),
  };
}

function fmt(value: number, digits = 0): string {
  return value.toFixed(digits).padStart(8);
}

function verdict(ok: boolean): string {
  return ok ? "OK" : "OVER TARGET";
}

function orchestrate(): void {
  const names = ["empty", "modules-0", "import-0", ...SIZES.flatMap((size) => [`lib-${size}`, `hand-${size}`])];
  const runs = new Map<string, CaseResult[]>(names.map((name) => [name, []]));
  for (let run = 0; run < RUNS; run += 1) {
    for (const name of names) {
      runs.get(name)?.push(runOnce(name));
    }
  }
  const results = new Map<string, CaseResult>();
  console.log(
    `case        import ms  build ms  synth ms  total ms    cpu ms   peak MB  resources   (median of ${RUNS} runs)`,
  );
  for (const name of names) {
    const result = summarize(name, runs.get(name) ?? []);
    results.set(name, result);
    console.log(
      `${name.padEnd(10)} ${fmt(result.importMs)}  ${fmt(result.buildMs)}  ${fmt(result.synthMs)}  ${fmt(result.totalMs)}  ${fmt(result.cpuMs)}  ${fmt(result.peakRssMb)}  ${fmt(result.resources)}`,
    );
  }
  const get = (name: string): CaseResult => results.get(name) as CaseResult;
  const empty = get("empty");
  const importCost = get("import-0");
  const one = get("lib-1");
  console.log("");
  const constructsOnly = get("modules-0");
  const over = (result: CaseResult): string =>
    `+${(result.totalMs - empty.totalMs).toFixed(0)} ms wall, +${(result.cpuMs - empty.cpuMs).toFixed(0)} ms CPU, +${(result.peakRssMb - empty.peakRssMb).toFixed(1)} MB`;
  console.log(
    `library import over an empty app: package entry ${over(importCost)}; constructs alone (modules/index) ${over(constructsOnly)}`,
  );
  const addedMs = one.totalMs - empty.totalMs;
  const addedCpu = one.cpuMs - empty.cpuMs;
  const addedMb = one.peakRssMb - empty.peakRssMb;
  console.log(
    `one integration with sample rules over an empty app (package entry import included): ${over(one)}; targets < ${TARGETS.oneIntegrationMs} ms: wall ${verdict(addedMs < TARGETS.oneIntegrationMs)}, CPU ${verdict(addedCpu < TARGETS.oneIntegrationMs)}; < ${TARGETS.oneIntegrationMb} MB: ${verdict(addedMb < TARGETS.oneIntegrationMb)}`,
  );
  const buildAndSynth = (result: CaseResult): number => result.buildMs + result.synthMs;
  console.log(
    `one integration, build + synth only (imports excluded): library ${buildAndSynth(one).toFixed(0)} ms vs hand-written ${buildAndSynth(get("hand-1")).toFixed(0)} ms`,
  );
  const first = SIZES[0];
  const last = SIZES[SIZES.length - 1];
  const marginal = (kind: string): { msPerResource: number; kbPerResource: number } => {
    const small = get(`${kind}-${first}`);
    const large = get(`${kind}-${last}`);
    const resources = large.resources - small.resources;
    return {
      msPerResource: (large.buildMs + large.synthMs - small.buildMs - small.synthMs) / resources,
      kbPerResource: ((large.peakRssMb - small.peakRssMb) * 1024) / resources,
    };
  };
  const lib = marginal("lib");
  const hand = marginal("hand");
  const ratio = lib.msPerResource / hand.msPerResource;
  console.log(
    `marginal cost per resource (${first} -> ${last} integrations): library ${lib.msPerResource.toFixed(3)} ms, ${lib.kbPerResource.toFixed(1)} KB; hand-written ${hand.msPerResource.toFixed(3)} ms, ${hand.kbPerResource.toFixed(1)} KB`,
  );
  console.log(
    `ratio library / hand-written per resource: time ${ratio.toFixed(2)}x (target <= ${TARGETS.perResourceRatio}x: ${verdict(ratio <= TARGETS.perResourceRatio)}), memory ${(lib.kbPerResource / hand.kbPerResource).toFixed(2)}x`,
  );
  for (const size of SIZES) {
    const l = get(`lib-${size}`);
    const h = get(`hand-${size}`);
    console.log(
      `${String(size).padStart(3)} integrations: library ${l.totalMs.toFixed(0)} ms / ${l.peakRssMb.toFixed(0)} MB vs hand-written ${h.totalMs.toFixed(0)} ms / ${h.peakRssMb.toFixed(0)} MB (${(l.totalMs / h.totalMs).toFixed(2)}x time, ${l.resources} vs ${h.resources} resources)`,
    );
  }
}

const requested = process.argv[2];
if (requested === undefined) {
  orchestrate();
} else {
  runCase(requested).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
