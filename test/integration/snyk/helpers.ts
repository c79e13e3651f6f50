import { SnykClient } from "../../../src/snyk/snyk-client";
import type { SnykClientOptions } from "../../../src/snyk/snyk-client-options";
import type { SnykApiSimulator } from "../../../src/sandbox/snyk-api";
import type { PartnerSourceRegistry } from "../../../src/sandbox/partner-source-registry";

/** A canary: if this string shows up in any output, the token leaked. */
export const CANARY_TOKEN = "canary-7f3e9a1c-SECRET-TOKEN-d41d8cd9";

export const GROUP_ID = "8d6f3c2a-4b1e-4f5a-9c7d-0e2b1a3c4d5e";
export const ORG_ID = "0f6b6c1e-3a41-4c4e-9c1d-2a5e8b1f7d90";

/** A client with fast retries and no client-side limiter unless asked, collecting its debug lines. */
export function fastClient(
  simulator: SnykApiSimulator,
  debug: string[],
  options: Partial<SnykClientOptions> = {},
): SnykClient {
  return new SnykClient({
    token: CANARY_TOKEN,
    baseUrl: simulator.url,
    env: {},
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 },
    requestTimeoutMs: 2000,
    deadlineMs: 5000,
    rateLimit: false,
    onDebug: (line) => debug.push(line),
    ...options,
  });
}

/** A partner source registry that records what the simulator asked for. */
export class RecordingRegistry implements PartnerSourceRegistry {
  public readonly calls: string[] = [];
  public createPartnerSource(source: { name: string; accountId: string; region: string }): void {
    this.calls.push(`create ${source.name} ${source.accountId} ${source.region}`);
  }
  public deletePartnerSource(source: { name: string; accountId: string; region: string }): void {
    this.calls.push(`delete ${source.name} ${source.accountId} ${source.region}`);
  }
}

/** Captures a rejection, so its fields can be asserted one by one. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Waits until `condition` holds, polling every 10 ms, for at most `ms`. */
export async function eventually(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${ms} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
