import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { partnerSourcePrefix } from "../../src/consts";
import {
  SAMPLE_AUDIT_EVENTS,
  SAMPLE_ISSUE_EVENTS,
  SAMPLE_ORG_ID,
  SAMPLE_SOURCES,
} from "../../src/events/sample-events";
import type { ApplyEvent, ApplyStackOptions } from "../../src/sandbox/apply";
import { applyStack, destroyStack } from "../../src/sandbox/apply";
import { ensureBundles } from "../../src/sandbox/demo/bundles";
import { findLeftovers } from "../../src/sandbox/demo/leftovers";
import type { PublishedEvent } from "../../src/sandbox/demo/publish";
import { publishPartnerEvents } from "../../src/sandbox/demo/publish";
import type { SynthesizedStack } from "../../src/sandbox/demo/synthesize";
import { synthesizeApp } from "../../src/sandbox/demo/synthesize";
import type { Delivery } from "../../src/sandbox/eventbridge";
import type { Sandbox } from "../../src/sandbox/sandbox";
import { startSandbox } from "../../src/sandbox/sandbox";

const ROOT = resolve(__dirname, "..", "..");
const CANARY_TOKEN = "canary-snyk-token-e2e-3f9a1c";
const SLACK_CANARY = "xoxb-canary-slack-token-e2e";
const EXAMPLES = [
  "issue-events",
  "audit-events",
  "slack-critical-issues",
  "lambda-host",
  "existing-integration",
  "central-security-bus",
] as const;
type Example = (typeof EXAMPLES)[number];

/** Every example synthesized once, as `cdktf synth` runs it (`npx tsx main.ts`), in a child process. */
describe("examples/: synthesized, applied to the sandbox, sample events routed, destroyed", () => {
  let sandbox: Sandbox;
  let workDir: string;
  const stacks = new Map<Example, SynthesizedStack>();

  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 50 });
    workDir = mkdtempSync(join(tmpdir(), "e2e-examples-"));
    await ensureBundles(ROOT);
    // Two at a time: each synth is its own node process, and the machine has two cores.
    const queue = [...EXAMPLES];
    const worker = async (): Promise<void> => {
      for (let example = queue.shift(); example !== undefined; example = queue.shift()) {
        const [stack] = await synthesizeApp({
          appFile: join("examples", example, "main.ts"),
          cwd: ROOT,
          outdir: join(workDir, example),
          env: { AWS_REGION: sandbox.region, SNYK_API_URL: sandbox.snykApiUrl },
        });
        stacks.set(example, stack);
      }
    };
    await Promise.all([worker(), worker()]);
  }, 120_000);

  afterAll(async () => {
    await sandbox.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    sandbox.eventBridge.clearRecords();
  });

  function optionsFor(example: Example, events: ApplyEvent[]): ApplyStackOptions {
    return {
      stackDir: (stacks.get(example) as SynthesizedStack).dir,
      sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
      env: { PATH: process.env.PATH, ...sandbox.env, TF_VAR_slack_bot_token: SLACK_CANARY },
      secrets: { "snyk/eventbridge-token": CANARY_TOKEN },
      onEvent: (event) => events.push(event),
    };
  }

  async function publish(
    source: string,
    samples: Parameters<typeof publishPartnerEvents>[2],
  ): Promise<PublishedEvent[]> {
    const published = await publishPartnerEvents(
      {
        endpoint: sandbox.awsEndpoint,
        region: sandbox.region,
        credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY },
      },
      source,
      samples,
    );
    expect(published.filter((event) => event.error !== undefined)).toEqual([]);
    return published;
  }

  /** The sample names each target service received, from the recorded deliveries. */
  function receivedBy(
    published: readonly PublishedEvent[],
    service: string,
    deliveries: readonly Delivery[],
  ): string[] {
    const sampleOf = new Map(published.map((event) => [event.eventId, event.sample]));
    return deliveries
      .filter((delivery) => delivery.targetArn.split(":")[2] === service)
      .map((delivery) => sampleOf.get(delivery.eventId) ?? delivery.eventId)
      .sort();
  }

  function expectNoSecrets(example: Example, stateFile: string, events: readonly ApplyEvent[]): void {
    const stackDir = (stacks.get(example) as SynthesizedStack).dir;
    for (const text of [
      readFileSync(join(stackDir, "cdk.tf.json"), "utf8"),
      readFileSync(stateFile, "utf8"),
      JSON.stringify(events),
    ]) {
      expect(text).not.toContain(CANARY_TOKEN);
    }
    expect(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")).not.toContain(SLACK_CANARY);
  }

  test("issue-events: sample rules route critical and high to SNS, fixable to SQS, all to the log group", async () => {
    // GIVEN
    const events: ApplyEvent[] = [];
    const options = optionsFor("issue-events", events);

    // WHEN
    const applied = await applyStack(options);
    const published = await publish(SAMPLE_SOURCES.ISSUES, SAMPLE_ISSUE_EVENTS);

    // THEN one Snyk registration, the partner bus with three rules and an archive
    expect(sandbox.snyk.registrations()).toHaveLength(1);
    expect(sandbox.eventBridge.buses().find((bus) => bus.name === SAMPLE_SOURCES.ISSUES)?.rules).toHaveLength(3);
    expect(sandbox.eventBridge.archives()).toHaveLength(1);
    const deliveries = sandbox.eventBridge.deliveries();
    expect(receivedBy(published, "sns", deliveries)).toEqual([
      "criticalWithFixCreated",
      "highNoFixCreated",
      "highWithFixUpdated",
    ]);
    expect(receivedBy(published, "sqs", deliveries)).toEqual([
      "criticalWithFixCreated",
      "highWithFixUpdated",
      "mediumWithFixNoCveCreated",
    ]);
    expect(receivedBy(published, "logs", deliveries)).toHaveLength(5);
    expect(Object.values(applied.outputs)).toContain(SAMPLE_SOURCES.ISSUES);
    expectNoSecrets("issue-events", applied.stateFile, events);

    // WHEN
    await destroyStack(options);

    // THEN
    expect(findLeftovers(sandbox)).toEqual([]);
  }, 60_000);

  test("audit-events: every entry to the log group, the five sensitive ones to the alerts topic", async () => {
    // GIVEN
    const events: ApplyEvent[] = [];
    const options = optionsFor("audit-events", events);

    // WHEN
    const applied = await applyStack(options);
    const published = await publish(SAMPLE_SOURCES.AUDIT, SAMPLE_AUDIT_EVENTS);

    // THEN
    const deliveries = sandbox.eventBridge.deliveries();
    expect(receivedBy(published, "sns", deliveries)).toEqual([
      "groupRoleChanged",
      "groupServiceAccountEdited",
      "issueIgnored",
      "serviceAccountCreated",
      "userRoleChanged",
    ]);
    expect(deliveries.filter((delivery) => delivery.targetArn.split(":")[2] === "sns").map((d) => d.targetArn)).toEqual(
      Array(5).fill(`arn:aws:sns:${sandbox.region}:${sandbox.accountId}:snyk-audit-alerts`),
    );
    const logged = deliveries.filter((delivery) => delivery.targetArn.includes(":log-group:/aws/events/snyk/audit"));
    expect(logged).toHaveLength(8);
    expectNoSecrets("audit-events", applied.stateFile, events);

    // WHEN
    await destroyStack(options);

    // THEN
    expect(findLeftovers(sandbox)).toEqual([]);
  }, 60_000);

  test("slack-critical-issues: only the critical issue reaches the API destination, as a Slack message", async () => {
    // GIVEN
    const events: ApplyEvent[] = [];
    const options = optionsFor("slack-critical-issues", events);

    // WHEN
    const applied = await applyStack(options);
    await publish(SAMPLE_SOURCES.ISSUES, SAMPLE_ISSUE_EVENTS);

    // THEN exactly one delivery, to the API destination, shaped by the input transformer
    const deliveries = sandbox.eventBridge.deliveries();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].targetArn).toMatch(
      new RegExp(`^arn:aws:events:${sandbox.region}:${sandbox.accountId}:api-destination/`),
    );
    const message = JSON.parse(deliveries[0].input) as { channel: string; text: string };
    expect(message.channel).toBe("#security-alerts");
    expect(message.text).toBe(
      ":rotating_light: Critical Snyk issue: Remote Code Execution (RCE) (SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720)",
    );
    // AND the Slack token stays out of the synthesized JSON and the progress (it is in state, as with Terraform)
    expect(JSON.stringify(events)).not.toContain(SLACK_CANARY);
    expectNoSecrets("slack-critical-issues", applied.stateFile, events);

    // WHEN
    await destroyStack(options);

    // THEN
    expect(findLeftovers(sandbox)).toEqual([]);
  }, 60_000);

  test("lambda-host: the handler reads the token from Secrets Manager and reports the integration ID", async () => {
    // GIVEN
    const events: ApplyEvent[] = [];
    const options = optionsFor("lambda-host", events);

    // WHEN
    const applied = await applyStack(options);
    const published = await publish(SAMPLE_SOURCES.ISSUES, SAMPLE_ISSUE_EVENTS);

    // THEN the integration was created by the Lambda invocation and its ID flowed into the outputs
    const [registration] = sandbox.snyk.registrations();
    expect(registration.name).toBe("platform-issues-lambda");
    expect(applied.outputs.snyk_integration_id).toBe(registration.id);
    expect(events.some((event) => event.kind === "invoke")).toBe(true);
    expect(receivedBy(published, "logs", sandbox.eventBridge.deliveries())).toHaveLength(5);
    expectNoSecrets("lambda-host", applied.stateFile, events);

    // WHEN the CRUD delete runs from state
    await destroyStack(options);

    // THEN
    expect(findLeftovers(sandbox)).toEqual([]);
  }, 60_000);

  test("existing-integration: adopts a source made in the Snyk UI, writes nothing to Snyk, leaves it on destroy", async () => {
    // GIVEN the integration was created in the Snyk UI, so its partner source exists already
    const source = `${partnerSourcePrefix(SAMPLE_ORG_ID)}issues`;
    sandbox.eventBridge.createPartnerSource({ name: source, accountId: sandbox.accountId, region: sandbox.region });
    sandbox.snyk.resetRequests();
    const events: ApplyEvent[] = [];
    const options = optionsFor("existing-integration", events);

    try {
      // WHEN
      const applied = await applyStack(options);
      const published = await publish(source, SAMPLE_ISSUE_EVENTS);

      // THEN the bus is associated and the sample rules route, without a single Snyk write
      expect(sandbox.eventBridge.buses().find((bus) => bus.name === source)?.eventSourceName).toBe(source);
      expect(receivedBy(published, "sns", sandbox.eventBridge.deliveries())).toHaveLength(3);
      expect(sandbox.snyk.registrations()).toEqual([]);
      expect(sandbox.snyk.requests().filter((request) => request.method !== "GET")).toEqual([]);
      expectNoSecrets("existing-integration", applied.stateFile, events);

      // WHEN
      await destroyStack(options);

      // THEN the AWS side is gone and the source Snyk owns is still there, PENDING again without its bus (as in AWS)
      expect(findLeftovers(sandbox, [source])).toEqual([]);
      expect(sandbox.eventBridge.sources().map((candidate) => [candidate.name, candidate.state])).toEqual([
        [source, "PENDING"],
      ]);
    } finally {
      sandbox.eventBridge.deletePartnerSource({ name: source, accountId: sandbox.accountId, region: sandbox.region });
    }
  }, 60_000);

  test("central-security-bus: high and critical issues forwarded to the bus in the security account", async () => {
    // GIVEN
    const events: ApplyEvent[] = [];
    const options = optionsFor("central-security-bus", events);

    // WHEN
    const applied = await applyStack(options);
    const published = await publish(SAMPLE_SOURCES.ISSUES, SAMPLE_ISSUE_EVENTS);

    // THEN three events forwarded to the central bus's ARN in the other account, none to the workload account
    const centralArn = `arn:aws:events:${sandbox.region}:210987654321:event-bus/central-security`;
    expect(applied.outputs.central_bus_arn).toBe(centralArn);
    const deliveries = sandbox.eventBridge.deliveries();
    expect(deliveries.map((delivery) => delivery.targetArn)).toEqual(Array(3).fill(centralArn));
    expect(receivedBy(published, "events", deliveries)).toEqual([
      "criticalWithFixCreated",
      "highNoFixCreated",
      "highWithFixUpdated",
    ]);
    expect(sandbox.eventBridge.buses().map((bus) => bus.name)).not.toContain("central-security");
    expectNoSecrets("central-security-bus", applied.stateFile, events);

    // WHEN
    await destroyStack(options);

    // THEN
    expect(findLeftovers(sandbox)).toEqual([]);
  }, 60_000);
});
