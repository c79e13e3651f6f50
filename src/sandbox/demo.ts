/**
 * The demo behind `npm start`: starts the sandbox, synthesizes the reference app (`main.ts`) in a child process,
 * applies it with the apply harness, publishes the sample Snyk events through the partner source with the real
 * AWS SDK, reports which rule routed what to which target, destroys, and verifies nothing is left on either
 * side. Not exported from the package index (it loads the AWS SDK); import it from `src/sandbox/demo`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { partnerSourcePrefix, SnykEventType } from "../consts";
import { SnykEventBridgeError } from "../errors";
import { SAMPLE_AUDIT_EVENTS, SAMPLE_ISSUE_EVENTS } from "../events/sample-events";
import type { AppSettings } from "../reference-app/settings";
import { APP_ENV, DEFAULT_APP_SETTINGS, loadAppSettings } from "../reference-app/settings";
import type { ApplyEvent, ApplyStackOptions } from "./apply";
import { applyStack, destroyStack } from "./apply";
import { ensureBundles } from "./demo/bundles";
import { findLeftovers } from "./demo/leftovers";
import type { PublishedEvent } from "./demo/publish";
import { publishPartnerEvents } from "./demo/publish";
import type { DemoReport, DemoTimings, IntegrationReport } from "./demo/report";
import { ruleReports } from "./demo/report";
import { synthesizeApp } from "./demo/synthesize";
import type { Sandbox } from "./sandbox";
import { startSandbox } from "./sandbox";

export type { DemoReport, DemoTimings, IntegrationReport, RuleReport, TargetReport } from "./demo/report";
export { formatDemoReport } from "./demo/report";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /**
   * The repository (or installed package) root holding `main.ts`, `scripts/bundle.mjs` and `node_modules`.
   * @default - two folders above this file
   */
  readonly repoRoot?: string;
  /**
   * A settings file for the reference app, instead of its embedded default. Its region and account become the
   * sandbox's.
   * @default - the reference app's zero-config default
   */
  readonly settingsFile?: string;
  /**
   * Delay between a Snyk integration's creation and its partner source appearing (Snyk takes seconds).
   * @default 500
   */
  readonly sourceDelayMs?: number;
  /**
   * Leave the sandbox and the applied stack running: {@link DemoSession.teardown} destroys them later.
   * @default false
   */
  readonly keep?: boolean;
  /**
   * Receives a line of progress per step.
   * @default - no progress
   */
  readonly onProgress?: (line: string) => void;
}

/** A finished demo, or (with `keep`) one whose sandbox still runs. */
export interface DemoSession {
  /** What happened. Without `keep` it includes the destroy and the leftover check. */
  readonly report: DemoReport;
  /** The running sandbox, with `keep`. @default - undefined: already closed */
  readonly sandbox?: Sandbox;
  /** The applied stack directory, with `keep` (for `snyk-eventbridge sandbox-apply --destroy`). @default - undefined: already removed */
  readonly stackDir?: string;
  /**
   * Destroys the stack, verifies nothing is left, closes the sandbox and removes the scratch directory; returns
   * the final report. Without `keep` it was already done and returns the same report.
   */
  teardown(): Promise<DemoReport>;
}

/**
 * Runs the demo end to end. On failure everything it started is destroyed and closed before the error is
 * rethrown, so a failed run leaves nothing behind either.
 *
 * @throws ValidationError for bad settings, a failed synth or a stack the harness refuses
 * @throws ApplyError when applying or destroying a resource fails
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSession> {
  const started = Date.now();
  const progress = options.onProgress ?? ((): void => undefined);
  const repoRoot = options.repoRoot ?? resolve(__dirname, "..", "..");
  const settings = readSettings(options.settingsFile);
  const workDir = mkdtempSync(join(tmpdir(), "snyk-eventbridge-demo-"));
  const cleanups: (() => Promise<void>)[] = [
    async (): Promise<void> => rmSync(workDir, { recursive: true, force: true }),
  ];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  };
  try {
    let mark = Date.now();
    progress(`Starting the sandbox (Snyk API and EventBridge simulators on 127.0.0.1)`);
    const sandbox = await startSandbox({
      sourceDelayMs: options.sourceDelayMs ?? 500,
      region: settings.region,
      ...(settings.accountId === undefined ? {} : { accountId: settings.accountId }),
    });
    cleanups.push(() => sandbox.close());
    const sandboxMs = since(mark);

    mark = Date.now();
    if (await ensureBundles(repoRoot)) {
      progress("Built the CLI and Lambda bundles (node scripts/bundle.mjs)");
    }
    const bundleMs = since(mark);

    mark = Date.now();
    progress("Synthesizing the reference app (main.ts)");
    const settingsPath = join(workDir, "snyk-eventbridge.json");
    writeFileSync(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
    const stacks = await synthesizeApp({
      appFile: join(repoRoot, "main.ts"),
      cwd: repoRoot,
      outdir: join(workDir, "cdktf.out"),
      env: { [APP_ENV.CONFIG]: settingsPath, SNYK_API_URL: sandbox.snykApiUrl },
    });
    const synthMs = since(mark);
    const stack = stacks[0];

    adoptExistingIntegrations(sandbox, settings);
    const events: ApplyEvent[] = [];
    const applyOptions: ApplyStackOptions = {
      stackDir: stack.dir,
      sandbox: { accountId: sandbox.accountId, region: sandbox.region, eventBridgeEndpoint: sandbox.awsEndpoint },
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...sandbox.env },
      secrets: Object.fromEntries(
        settings.integrations.flatMap((integration) =>
          integration.tokenSecretName === undefined ? [] : [[integration.tokenSecretName, sandbox.token]],
        ),
      ),
      onEvent: (event) => events.push(event),
    };
    mark = Date.now();
    progress(`Applying stack ${stack.name} with the sandbox apply harness`);
    cleanups.push(async () => {
      await destroyStack(applyOptions);
    });
    const applied = await applyStack(applyOptions);
    const applyMs = since(mark);

    mark = Date.now();
    progress("Publishing the sample Snyk events through the partner source (PutPartnerEvents)");
    const integrations = describeIntegrations(sandbox, settings);
    const published: PublishedEvent[] = [];
    for (const integration of integrations) {
      const samples = integration.eventType === SnykEventType.AUDIT ? SAMPLE_AUDIT_EVENTS : SAMPLE_ISSUE_EVENTS;
      published.push(
        ...(await publishPartnerEvents(
          {
            endpoint: sandbox.awsEndpoint,
            region: sandbox.region,
            credentials: {
              accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID,
              secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY,
            },
          },
          integration.partnerSource,
          samples,
        )),
      );
    }
    const publishMs = since(mark);
    const { rules, unmatched } = ruleReports(sandbox.eventBridge.buses(), sandbox.eventBridge.deliveries(), published);
    const base = {
      sandbox: {
        snykApiUrl: sandbox.snykApiUrl,
        awsEndpoint: sandbox.awsEndpoint,
        accountId: sandbox.accountId,
        region: sandbox.region,
      },
      stackName: stack.name,
      resourcesCreated: applied.changes.filter((change) => change.action === "create").length,
      integrations,
      published,
      rules,
      unmatched,
    };
    const timingsBeforeDestroy = { sandboxMs, bundleMs, synthMs, applyMs, publishMs };

    const finish = async (): Promise<DemoReport> => {
      const destroyStarted = Date.now();
      progress(`Destroying stack ${stack.name}`);
      cleanups.splice(cleanups.length - 1, 1);
      let destroyed: Awaited<ReturnType<typeof destroyStack>>;
      let leftovers: string[];
      let destroyMs: number;
      try {
        destroyed = await destroyStack(applyOptions);
        destroyMs = since(destroyStarted);
        leftovers = findLeftovers(sandbox, adoptedSources(settings));
      } finally {
        // Also when the destroy fails: a sandbox left listening would keep the process alive.
        await cleanUp();
      }
      const timings: DemoTimings = { ...timingsBeforeDestroy, destroyMs, totalMs: since(started) };
      return { ...base, resourcesDestroyed: destroyed.changes.length, leftovers, timings };
    };

    if (options.keep === true) {
      const report: DemoReport = { ...base, timings: { ...timingsBeforeDestroy, totalMs: since(started) } };
      let final: Promise<DemoReport> | undefined;
      return {
        report,
        sandbox,
        stackDir: stack.dir,
        teardown: () => (final ??= finish()),
      };
    }
    const report = await finish();
    return { report, teardown: () => Promise.resolve(report) };
  } catch (error) {
    try {
      await cleanUp();
    } catch (cleanupError) {
      progress(`Cleaning up after the failure also failed: ${messageOf(cleanupError)}`);
    }
    throw error;
  }
}

function readSettings(settingsFile: string | undefined): AppSettings {
  if (settingsFile === undefined) {
    return DEFAULT_APP_SETTINGS;
  }
  // The app's own loader, so that the demo and `cdktf synth` read the file the same way.
  return loadAppSettings({ [APP_ENV.CONFIG]: resolve(settingsFile) }).settings;
}

/** The partner source an integration of the settings gets: the org's prefix and the suffix (the event type). */
function expectedSource(integration: AppSettings["integrations"][number]): string {
  return `${partnerSourcePrefix(integration.orgId)}${integration.partnerSourceSuffix ?? integration.eventType}`;
}

function adoptedSources(settings: AppSettings): string[] {
  return settings.integrations.filter((integration) => integration.profile === "existing").map(expectedSource);
}

/**
 * An integration with the `existing` profile was created in the Snyk UI, so Snyk already made its partner
 * source: play that part before applying.
 */
function adoptExistingIntegrations(sandbox: Sandbox, settings: AppSettings): void {
  for (const name of adoptedSources(settings)) {
    sandbox.eventBridge.createPartnerSource({ name, accountId: sandbox.accountId, region: sandbox.region });
  }
}

function describeIntegrations(sandbox: Sandbox, settings: AppSettings): IntegrationReport[] {
  const sources = sandbox.eventBridge.sources();
  const registrations = sandbox.snyk.registrations();
  return settings.integrations.map((integration) => {
    const name = expectedSource(integration);
    const source = sources.find((candidate) => candidate.name === name);
    const registration = registrations.find((candidate) => candidate.partnerSource === name);
    return {
      name: integration.name,
      eventType: integration.eventType,
      ...(registration === undefined ? {} : { registrationId: registration.id }),
      partnerSource: name,
      sourceState: source?.state ?? "MISSING",
    };
  });
}

function since(mark: number): number {
  return Date.now() - mark;
}

function messageOf(error: unknown): string {
  return SnykEventBridgeError.isInstance(error) || error instanceof Error ? error.message : String(error);
}
