import { abortableSleep } from "../abortable-sleep";
import { backoffDelay } from "../aws/backoff";
import type { PartnerSource } from "../aws/partner-source";
import { partnerSourcePrefix } from "../consts";
import { TimeoutError } from "../errors";
import { expectedPartnerSourceName, scopeOf, waitLimitsOf, type IntegrationSpec } from "./integration-spec";
import { matchesOf } from "./observe";
import type { ProvisionerDeps } from "./provisioner-deps";
import type { RemoveResult } from "./results";

/**
 * Deletes the integration the spec declares (every integration with its identity, so duplicates left by
 * crashed runs go too) and confirms its partner source is gone or going (DELETED). Already gone is success,
 * so a re-run after a crash finishes the job. A read-only profile deletes nothing in Snyk and says so.
 */
export async function remove(spec: IntegrationSpec, deps: ProvisionerDeps): Promise<RemoveResult> {
  const { profile } = deps;
  const scope = scopeOf(spec);
  const options = { signal: deps.signal };
  const partnerSourceName = expectedPartnerSourceName(spec);
  const report = deps.onProgress ?? (() => undefined);
  if (profile.readOnly) {
    return {
      deleted: [],
      partnerSourceName,
      partnerSourceState: "absent",
      actions: [],
      note:
        `The ${profile.name} profile makes no Snyk writes: delete the Amazon EventBridge integration of org ` +
        `${spec.orgId} in the Snyk UI (Settings > Integrations); Snyk then deletes ${partnerSourceName}.`,
    };
  }
  report({ phase: "observe", message: `Looking up the ${spec.eventType} integration of org ${spec.orgId} in Snyk` });
  const deleted: string[] = [];
  for (const integration of matchesOf(await profile.list(scope, options), spec)) {
    report({ phase: "delete", message: `Deleting integration ${integration.id} ("${integration.name}")` });
    if ((await profile.delete(scope, integration.id, options)) === "deleted") {
      deleted.push(integration.id);
    }
  }
  report({ phase: "wait", message: `Confirming partner event source ${partnerSourceName} is gone` });
  // With nothing deleted, nothing of ours can make the source go away: look once and report instead of waiting.
  const state = await waitUntilGone(spec, partnerSourceName, deps, deleted.length > 0);
  report({ phase: "done", message: deleted.length > 0 ? `Deleted ${deleted.join(", ")}` : "Already gone" });
  const note =
    state === "absent" || state === "DELETED"
      ? undefined
      : `No Snyk integration with this identity exists, but ${partnerSourceName} is still ${state}: it belongs ` +
        "to an integration this spec does not describe (another profile or group?); check Snyk.";
  return {
    deleted,
    partnerSourceName,
    partnerSourceState: state,
    actions: deleted.length > 0 ? ["delete"] : [],
    ...(note === undefined ? {} : { note }),
  };
}

async function waitUntilGone(
  spec: IntegrationSpec,
  name: string,
  deps: ProvisionerDeps,
  wait: boolean,
): Promise<RemoveResult["partnerSourceState"]> {
  const limits = waitLimitsOf(spec);
  const started = performance.now();
  let last: PartnerSource | undefined;
  for (let attempt = 1; ; attempt += 1) {
    deps.signal?.throwIfAborted();
    const sources = await deps.sources.list(partnerSourcePrefix(spec.orgId), { signal: deps.signal });
    last = sources.find((source) => source.name === name);
    if (last === undefined) {
      return "absent";
    }
    if (last.state === "DELETED" || !wait) {
      return last.state;
    }
    const remaining = limits.timeoutMs - (performance.now() - started);
    if (remaining <= 0) {
      break;
    }
    await abortableSleep(
      Math.min(remaining, backoffDelay(attempt, limits.minDelayMs, limits.maxDelayMs, Math.random)),
      deps.signal,
    );
  }
  throw new TimeoutError(
    `The Snyk integration is deleted, but the partner event source "${name}" is still ${last.state} in account ` +
      `${spec.accountId}, region ${spec.region} after ${Math.round(limits.timeoutMs / 1000)} s. Snyk deletes the ` +
      "source itself; check the integration list in Snyk, then run delete again or delete the source's partner " +
      "event bus in EventBridge.",
    performance.now() - started,
  );
}
