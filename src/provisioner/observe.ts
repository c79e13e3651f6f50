import type { PartnerSource } from "../aws/partner-source";
import { partnerSourcePrefix } from "../consts";
import type { IntegrationIdentity, SnykIntegration } from "../snyk/integration-profile";
import { sameIdentity, scopeOf, type IntegrationSpec } from "./integration-spec";
import type { ProvisionerDeps } from "./provisioner-deps";

/** Both sides as one run sees them: one Snyk read and one AWS read, made in parallel. */
export interface Observation {
  /** Every integration in the spec's scope. */
  readonly integrations: SnykIntegration[];
  /** The integrations with the spec's identity, canonical one first (see {@link byCanonicalOrder}). */
  readonly matches: SnykIntegration[];
  /** Every partner source under the org's prefix. */
  readonly sources: PartnerSource[];
}

/** Reads both sides once. */
export async function observe(spec: IntegrationSpec, deps: ProvisionerDeps): Promise<Observation> {
  const options = { signal: deps.signal };
  const [integrations, sources] = await Promise.all([
    deps.profile.list(scopeOf(spec), options),
    deps.sources.list(partnerSourcePrefix(spec.orgId), options),
  ]);
  return { integrations, matches: matchesOf(integrations, spec), sources };
}

/** The integrations with `identity`, canonical one first. */
export function matchesOf(integrations: readonly SnykIntegration[], identity: IntegrationIdentity): SnykIntegration[] {
  return integrations.filter((integration) => sameIdentity(integration, identity)).sort(byCanonicalOrder);
}

/**
 * The tie-break every concurrent run applies the same way, so they all keep the same integration: the oldest
 * `createdAt` first; integrations without one sort last. Equal times keep Snyk's listing order (creation
 * order), which every run sees the same way; a tie-break on the ID would let a later integration with a
 * smaller ID displace one a finished run already returned.
 */
export function byCanonicalOrder(a: SnykIntegration, b: SnykIntegration): number {
  return creationTime(a) - creationTime(b) || 0;
}

function creationTime(integration: SnykIntegration): number {
  const time = integration.createdAt === undefined ? Number.NaN : Date.parse(integration.createdAt);
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}
