import { expectedPartnerSourceName, type IntegrationSpec } from "./integration-spec";
import { observe } from "./observe";
import type { ProvisionerDeps } from "./provisioner-deps";
import type { DriftItem, InspectReport } from "./results";

/**
 * Observes both sides (one Snyk read, one AWS read) and reports how they differ from the spec, without
 * writing anything: integration missing or duplicated, renamed, present with another account, region or
 * event type, partner source missing, DELETED, or named differently than the spec expects.
 */
export async function inspect(spec: IntegrationSpec, deps: ProvisionerDeps): Promise<InspectReport> {
  const observed = await observe(spec, deps);
  const expectedName = expectedPartnerSourceName(spec);
  const drift: DriftItem[] = [];
  const integration = observed.matches[0];
  if (integration === undefined && !deps.profile.readOnly) {
    drift.push({
      kind: "missing",
      message:
        `No ${spec.eventType} integration of org ${spec.orgId} for account ${spec.accountId} in ${spec.region} ` +
        "exists in Snyk; run reconcile to create it.",
    });
    for (const other of observed.integrations.filter((candidate) => candidate.name === spec.name)) {
      drift.push({
        kind: "identity-mismatch",
        message:
          `Integration ${other.id} is named "${spec.name}" but sends ${other.eventType} events to account ` +
          `${other.accountId} in ${other.region}; account, region and event type cannot change in place, so ` +
          "reconcile creates a new integration (delete the old one, or let Terraform replace it).",
      });
    }
  }
  if (integration !== undefined && integration.name !== spec.name && !deps.profile.readOnly) {
    drift.push({
      kind: "renamed",
      message: `Integration ${integration.id} is named "${integration.name}", the spec says "${spec.name}"; reconcile renames it in place.`,
    });
  }
  for (const duplicate of observed.matches.slice(1)) {
    drift.push({
      kind: "duplicate",
      message: `Integration ${duplicate.id} duplicates ${integration?.id ?? "?"} (same identity); reconcile deletes it.`,
    });
  }
  const source = observed.sources.find((candidate) => candidate.name === expectedName);
  if (source?.state === "DELETED") {
    drift.push({
      kind: "source-deleted",
      message: `The partner event source ${expectedName} is DELETED: Snyk removed it. Run delete, then reconcile, to get a new one.`,
    });
  } else if (source === undefined) {
    const others = observed.sources.filter((candidate) => candidate.state !== "DELETED");
    if (others.length > 0 && integration !== undefined) {
      drift.push({
        kind: "source-name-mismatch",
        message:
          `The partner event source ${expectedName} does not exist; under the org's prefix there is ` +
          `${others.map((other) => other.name).join(", ")}. If that is this integration's, set spec.partnerSourceName to it.`,
      });
    } else {
      drift.push({
        kind: "source-missing",
        message:
          `The partner event source ${expectedName} does not exist in account ${spec.accountId}, region ${spec.region}` +
          (integration === undefined
            ? "."
            : "; Snyk may still be creating it, or the credentials are for another account."),
      });
    }
  }
  return {
    inSync: drift.length === 0,
    integrationId: integration?.id,
    integrationName: integration?.name,
    partnerSourceName: expectedName,
    partnerSourceArn: source?.arn,
    partnerSourceState: source?.state ?? "absent",
    drift,
  };
}
