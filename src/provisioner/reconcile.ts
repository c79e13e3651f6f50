import type { PartnerSource } from "../aws/partner-source";
import { SnykApiError } from "../errors";
import type { SnykIntegration } from "../snyk/integration-profile";
import {
  expectedPartnerSourceName,
  identityOf,
  sameIdentity,
  scopeOf,
  waitLimitsOf,
  type IntegrationSpec,
} from "./integration-spec";
import { matchesOf, observe } from "./observe";
import type { ProvisionerDeps } from "./provisioner-deps";
import type { ReconcileAction, ReconcileResult } from "./results";
import { findExpected } from "./source-verification";

/** How a reconcile run was asked for. */
export interface ReconcileOptions {
  /**
   * The spec applied last time (the Lambda host's `tf.prev_input`). When its immutable identity differs from
   * `spec`, the integration it declared is deleted once the new one exists: a replacement.
   * @default - no previous spec; nothing is replaced
   */
  readonly previous?: IntegrationSpec;
  /**
   * `create` when the caller believes nothing exists yet (Terraform's create): an integration found with the
   * same identity is then reported as `adopt`.
   * @default - "converge": an integration found in the declared state is reported as no change
   */
  readonly intent?: "create" | "converge";
}

/**
 * Drives the integration the spec declares to "exists on both sides": observes Snyk and AWS, then creates,
 * adopts, renames or replaces as needed, and waits for the verified partner source.
 *
 * Idempotent and crash-safe: Snyk is the only record of what exists, and every run starts from a fresh
 * observation, so a re-run after a crash at any step resumes. Concurrent runs converge on one integration:
 * after a create the run looks again and deletes its own integration if another run's sorts first (oldest
 * `createdAt`, then smallest ID). A no-op run makes one Snyk read and one AWS read.
 */
export async function reconcile(
  spec: IntegrationSpec,
  deps: ProvisionerDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const { profile } = deps;
  const scope = scopeOf(spec);
  const callOptions = { signal: deps.signal };
  const expectedName = expectedPartnerSourceName(spec);
  const report = deps.onProgress ?? (() => undefined);
  report({
    phase: "observe",
    message: `Looking up the ${spec.eventType} integration of org ${spec.orgId} in Snyk and AWS`,
  });
  const observed = await observe(spec, deps);
  const actions: ReconcileAction[] = [];
  const duplicatesRemoved: string[] = [];
  let integration: SnykIntegration | undefined = observed.matches[0];
  let created = false;

  if (integration === undefined && profile.readOnly) {
    integration = assumedIntegration(spec);
  } else if (integration === undefined) {
    report({ phase: "create", message: `Creating integration "${spec.name}" in Snyk (${profile.name} profile)` });
    const attempt = await createOrFindWinner(spec, deps);
    created = true;
    if (!attempt.createdByUs) {
      report({
        phase: "adopt",
        message: `Another run created integration ${attempt.integration.id} first; adopting it`,
      });
      actions.push("adopt");
      integration = attempt.integration;
    } else {
      // Look again: a concurrent run may have created one too. Every run keeps the same canonical one.
      const mine = attempt.integration;
      const winner = matchesOf(await profile.list(scope, callOptions), spec)[0] ?? mine;
      if (winner.id === mine.id) {
        actions.push("create");
        integration = mine;
      } else {
        report({
          phase: "adopt",
          message: `Another run created integration ${winner.id} first; removing ours (${mine.id})`,
        });
        await profile.delete(scope, mine.id, callOptions);
        duplicatesRemoved.push(mine.id);
        actions.push("adopt");
        integration = winner;
      }
    }
  } else {
    if (options.intent === "create") {
      report({ phase: "adopt", message: `Adopting existing integration ${integration.id}` });
      actions.push("adopt");
    }
    // Later duplicates are left by a run that crashed between its create and its clean-up; a run still in
    // flight would delete its own the same way, so deleting them here cannot lose the canonical one.
    for (const duplicate of observed.matches.slice(1)) {
      if (!profile.readOnly) {
        report({ phase: "delete", message: `Deleting duplicate integration ${duplicate.id}` });
        await profile.delete(scope, duplicate.id, callOptions);
        duplicatesRemoved.push(duplicate.id);
      }
    }
    if (integration.name !== spec.name && !profile.readOnly) {
      report({ phase: "update", message: `Renaming integration ${integration.id} to "${spec.name}"` });
      integration = await renameOrExplain(profile, scope, integration, spec.name, callOptions);
      actions.push("update");
    }
  }

  if (options.previous !== undefined && !sameIdentity(identityOf(options.previous), identityOf(spec))) {
    const replaced = await deletePrevious(options.previous, deps);
    if (replaced.length > 0) {
      report({ phase: "replace", message: `Deleted the integration of the previous spec (${replaced.join(", ")})` });
      if (actions[0] === "create") {
        actions[0] = "replace";
      } else {
        actions.push("replace");
      }
    }
  }

  let source: PartnerSource | undefined = created ? undefined : findExpected(observed.sources, expectedName);
  if (source === undefined) {
    report({
      phase: "wait",
      message: `Waiting for partner event source ${expectedName} in ${spec.accountId}/${spec.region}`,
    });
    const limits = waitLimitsOf(spec);
    source = await deps.sources.waitFor({
      orgId: spec.orgId,
      accountId: spec.accountId,
      region: spec.region,
      expectedName,
      known: new Set(observed.sources.map((known) => known.name)),
      limits,
      signal: deps.signal,
      onPoll: (poll) =>
        report({
          phase: "wait",
          message: `Waiting for ${expectedName} (${Math.round(poll.elapsedMs / 1000)} s of ${Math.round(limits.timeoutMs / 1000)} s)`,
        }),
    });
  }
  report({ phase: "done", message: `Integration ${integration.id} feeds ${source.name} (${source.state})` });
  return {
    integrationId: integration.id,
    integrationName: integration.name,
    profile: profile.name,
    partnerSourceName: source.name,
    partnerSourceArn: source.arn,
    partnerSourceState: source.state,
    actions,
    duplicatesRemoved,
  };
}

/** Renames in place; a refusal that retrying cannot fix also names the integration's current name. */
async function renameOrExplain(
  profile: ProvisionerDeps["profile"],
  scope: ReturnType<typeof scopeOf>,
  integration: SnykIntegration,
  name: string,
  options: { readonly signal?: AbortSignal },
): Promise<SnykIntegration> {
  try {
    return await profile.rename(scope, integration.id, name, options);
  } catch (error) {
    if (!SnykApiError.isSnykApiError(error) || error.retryable) {
      throw error;
    }
    throw new SnykApiError(`${error.message} Its name in Snyk is ${JSON.stringify(integration.name)}.`, error, {
      cause: error,
    });
  }
}

/**
 * Creates the integration. When Snyk refuses with 409 Conflict (it already holds one with this identity, for
 * example created by a concurrent run a moment ago), the existing one is looked up and returned instead.
 */
async function createOrFindWinner(
  spec: IntegrationSpec,
  deps: ProvisionerDeps,
): Promise<{ integration: SnykIntegration; createdByUs: boolean }> {
  const options = { signal: deps.signal };
  try {
    return {
      integration: await deps.profile.create({ ...identityOf(spec), name: spec.name }, options),
      createdByUs: true,
    };
  } catch (error) {
    if (!SnykApiError.isSnykApiError(error) || error.status !== 409) {
      throw error;
    }
    const existing = matchesOf(await deps.profile.list(scopeOf(spec), options), spec)[0];
    if (existing === undefined) {
      throw conflictWithoutWinner(spec, error);
    }
    return { integration: existing, createdByUs: false };
  }
}

function conflictWithoutWinner(spec: IntegrationSpec, cause: SnykApiError): SnykApiError {
  return new SnykApiError(
    `Snyk refused to create the ${spec.eventType} integration of org ${spec.orgId} for account ${spec.accountId} ` +
      `in ${spec.region} as a conflict, but lists no such integration in group ${spec.groupId ?? "-"}. Check the ` +
      "integration in the Snyk UI (it may belong to another group), then run again.",
    { status: 409, retryable: true, operation: cause.operation, requestId: cause.requestId },
    { cause },
  );
}

async function deletePrevious(previous: IntegrationSpec, deps: ProvisionerDeps): Promise<string[]> {
  if (deps.profile.readOnly) {
    return [];
  }
  const scope = scopeOf(previous);
  const options = { signal: deps.signal };
  const deleted: string[] = [];
  for (const old of matchesOf(await deps.profile.list(scope, options), identityOf(previous))) {
    if ((await deps.profile.delete(scope, old.id, options)) === "deleted") {
      deleted.push(old.id);
    }
  }
  return deleted;
}

/**
 * A read-only profile (integration made in the Snyk UI) may not be able to list it; the provisioner then
 * stands in an ID derived from the identity and relies on the partner source alone.
 */
function assumedIntegration(spec: IntegrationSpec): SnykIntegration {
  const identity = identityOf(spec);
  // The same form as the built-in existing profile's IDs, so results do not change when switching to it.
  const id = `existing:${identity.orgId}:${identity.accountId}:${identity.region}:${identity.eventType}`;
  return { ...identity, id, name: spec.name };
}
