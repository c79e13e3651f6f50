import { randomBytes } from "node:crypto";
import { ENV } from "../consts";
import { EventBridgeSimulator } from "./eventbridge";
import { SnykApiSimulator, type SnykApiMode } from "./snyk-api";

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /**
   * The Snyk token the Snyk simulator accepts.
   * @default - a random `sandbox-…` token
   */
  readonly token?: string;
  /**
   * Delay between a Snyk integration's creation and its partner source appearing in EventBridge.
   * @default 2000
   */
  readonly sourceDelayMs?: number;
  /**
   * The Snyk simulator's port.
   * @default 0 (a random free port)
   */
  readonly snykPort?: number;
  /**
   * The EventBridge simulator's port.
   * @default 0 (a random free port)
   */
  readonly awsPort?: number;
  /**
   * The AWS account the EventBridge simulator plays.
   * @default "123456789012"
   */
  readonly accountId?: string;
  /**
   * The AWS region the EventBridge simulator plays.
   * @default "us-east-1"
   */
  readonly region?: string;
  /**
   * Receives one line per Snyk simulator request.
   * @default - no log
   */
  readonly onLog?: (line: string) => void;
  /**
   * What the Snyk simulator serves on the registrations resource: `assumed` (our EventBridge registration, which
   * the `cloud-events` profile and the demo need) or `documented` (only what Snyk documents: the EventBridge
   * registration, its rename and its read by ID are refused; use the `existing` profile).
   * @default "assumed"
   */
  readonly snykApi?: SnykApiMode;
}

/** Both simulators, wired together, and the environment that points the CLI at them. */
export interface Sandbox {
  /** The Snyk API simulator (request log, fault injection, registrations). */
  readonly snyk: SnykApiSimulator;
  /** The EventBridge simulator (sources, buses, rules, deliveries, faults). */
  readonly eventBridge: EventBridgeSimulator;
  /** The Snyk base URL (without `/rest`). */
  readonly snykApiUrl: string;
  /** The EventBridge endpoint URL. */
  readonly awsEndpoint: string;
  /** The token the Snyk simulator accepts. */
  readonly token: string;
  /** The AWS account the EventBridge simulator plays. */
  readonly accountId: string;
  /** The AWS region the EventBridge simulator plays. */
  readonly region: string;
  /** The variables that point `snyk-eventbridge reconcile` (and the AWS SDK) at the sandbox. */
  readonly env: SandboxEnv;
  /** Stops both simulators. */
  close(): Promise<void>;
}

/** The environment of a shell that uses the sandbox. */
export interface SandboxEnv {
  readonly [name: string]: string;
  readonly SNYK_API_URL: string;
  readonly SNYK_TOKEN: string;
  readonly AWS_ENDPOINT_URL_EVENTBRIDGE: string;
  readonly AWS_REGION: string;
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
  /** The EventBridge simulator also answers STS GetCallerIdentity (used to explain a source that never appears). */
  readonly AWS_ENDPOINT_URL_STS: string;
}

/**
 * Starts the EventBridge simulator and the Snyk API simulator on loopback, with Snyk creating partner
 * sources in EventBridge (through `PartnerSourceRegistry`) after `sourceDelayMs`, like the real Snyk.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const accountId = options.accountId ?? "123456789012";
  const region = options.region ?? "us-east-1";
  const token = options.token ?? `sandbox-${randomBytes(12).toString("hex")}`;
  const eventBridge = await EventBridgeSimulator.start({ port: options.awsPort ?? 0, accountId, region });
  let snyk: SnykApiSimulator;
  try {
    snyk = await SnykApiSimulator.start({
      token,
      port: options.snykPort ?? 0,
      partnerSources: eventBridge,
      sourceDelayMs: options.sourceDelayMs ?? 2000,
      onLog: options.onLog,
      mode: options.snykApi,
    });
  } catch (error) {
    await eventBridge.close();
    throw error;
  }
  const env: SandboxEnv = {
    [ENV.SNYK_API_URL]: snyk.url,
    [ENV.SNYK_TOKEN]: token,
    [ENV.AWS_ENDPOINT_URL_EVENTBRIDGE]: eventBridge.endpoint,
    [ENV.AWS_REGION]: region,
    // The simulator accepts any credentials; these only satisfy the SDK's credential chain.
    [ENV.AWS_ACCESS_KEY_ID]: "AKIASANDBOXEXAMPLE",
    [ENV.AWS_SECRET_ACCESS_KEY]: "sandbox-secret-access-key",
    AWS_ENDPOINT_URL_STS: eventBridge.endpoint,
  };
  return {
    snyk,
    eventBridge,
    snykApiUrl: snyk.url,
    awsEndpoint: eventBridge.endpoint,
    token,
    accountId,
    region,
    env,
    close: async () => {
      await Promise.all([snyk.close(), eventBridge.close()]);
    },
  };
}
