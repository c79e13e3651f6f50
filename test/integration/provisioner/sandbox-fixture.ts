import { randomUUID } from "node:crypto";
import { createEventBridgeApi } from "../../../src/aws/eventbridge-api";
import { createProvisionerDeps, type ClosableProvisionerDeps } from "../../../src/provisioner/create-provisioner-deps";
import { parseIntegrationSpec, type IntegrationSpec } from "../../../src/provisioner/integration-spec";
import type { ProvisionerDeps } from "../../../src/provisioner/provisioner-deps";
import type { Sandbox } from "../../../src/sandbox/sandbox";

/** A token that must never show up in any output, error or result. */
export const CANARY_TOKEN = "canary-tok-3f9a1c7e5b2d4680";

export const GROUP_ID = "0f0f0f0f-1111-4222-8333-444455556666";

/** A fresh spec for the sandbox (a new org per call, so tests do not see each other's integrations). */
export function sandboxSpec(sandbox: Sandbox, overrides: Record<string, unknown> = {}): IntegrationSpec {
  return parseIntegrationSpec({
    orgId: randomUUID(),
    groupId: GROUP_ID,
    name: "sandbox issues",
    eventType: "issues",
    accountId: sandbox.accountId,
    region: sandbox.region,
    wait: { timeoutSeconds: 5, minDelayMs: 10, maxDelayMs: 50 },
    ...overrides,
  });
}

/** Real provisioner deps pointed at the sandbox, with fast Snyk retries. Close them after use. */
export function sandboxDeps(
  sandbox: Sandbox,
  spec: IntegrationSpec,
  extra: { signal?: AbortSignal; onProgress?: ProvisionerDeps["onProgress"]; token?: string } = {},
): ClosableProvisionerDeps {
  return createProvisionerDeps(spec, {
    env: { ...sandbox.env, SNYK_TOKEN: extra.token ?? sandbox.token },
    snykClient: { retry: { baseDelayMs: 5, maxDelayMs: 20 }, rateLimit: false },
    signal: extra.signal,
    onProgress: extra.onProgress,
  });
}

/** Runs `body` with deps and always closes them. */
export async function withDeps<T>(
  sandbox: Sandbox,
  spec: IntegrationSpec,
  body: (deps: ClosableProvisionerDeps) => Promise<T>,
  extra: Parameters<typeof sandboxDeps>[2] = {},
): Promise<T> {
  const deps = sandboxDeps(sandbox, spec, extra);
  try {
    return await body(deps);
  } finally {
    await deps.close();
  }
}

/** Associates the partner source with a partner event bus, as Terraform does after the custom resource. */
export async function associateBus(sandbox: Sandbox, sourceName: string): Promise<void> {
  const api = createEventBridgeApi({
    region: sandbox.region,
    endpoint: sandbox.awsEndpoint,
    credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY },
  });
  await api.createEventBus({ Name: sourceName, EventSourceName: sourceName });
}

/** The registrations of one org in the Snyk simulator. */
export function registrationsOf(sandbox: Sandbox, orgId: string): { id: string; name: string; eventType: unknown }[] {
  return sandbox.snyk
    .registrations()
    .filter((registration) => registration.config.org_id === orgId)
    .map((registration) => ({
      id: registration.id,
      name: registration.name,
      eventType: registration.config.event_type,
    }));
}

/** Simulator requests since the last reset: Snyk method+path and EventBridge operations. */
export function requestCounts(sandbox: Sandbox): { snyk: string[]; aws: string[] } {
  return {
    snyk: sandbox.snyk
      .requests()
      .map((request) => `${request.method} ${request.path.replace(/[0-9a-f-]{36}/g, ":id")}`),
    aws: sandbox.eventBridge.requests().map((request) => request.operation),
  };
}

/** Forgets both simulators' request logs. */
export function resetRequests(sandbox: Sandbox): void {
  sandbox.snyk.resetRequests();
  sandbox.eventBridge.clearRecords();
}

/**
 * What `reconcile` with the cloud-events profile says when the simulator, in documented mode, refuses the
 * EventBridge registration: word for word, because it is the message that tells users what to do.
 */
export function registrationRefusedMessage(spec: IntegrationSpec, requestId: string | undefined): string {
  return (
    `Snyk did not accept the registration of an Amazon EventBridge integration for org ${spec.orgId} ` +
    `(account ${spec.accountId}, region ${spec.region}, ${spec.eventType} events) in group ${spec.groupId}: HTTP 400: ` +
    "Bad Request: Client request did not conform to OpenAPI specification: /data/attributes/type must be one of " +
    `aws-cloudtrail, google-securitycommandcenter (got "aws-eventbridge") (Snyk request ID ${requestId}). The ` +
    'cloud-events profile relies on a registration type ("aws-eventbridge") that Snyk does not document, so this ' +
    "API may not support it. Create the integration in the Snyk UI (Settings > Integrations > Amazon EventBridge), " +
    'then set "profile": "existing" in the spec (profile: "existing" on the construct) so that the run waits for ' +
    "its partner event source instead of writing to Snyk."
  );
}
