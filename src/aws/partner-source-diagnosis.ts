/**
 * The explanation a timed-out wait for a partner event source ends with: whose credentials were used
 * against which account and region, what exists under the org prefix, and what to check on the Snyk side.
 */
import type { CallerIdentity, CallerIdentityLookup } from "./caller-identity";
import type { EventBridgeApi } from "./eventbridge-api";
import type { PartnerSource } from "./partner-source";
import { PartnerSourceTimeoutError, type PartnerSourceDiagnosis } from "./partner-source-errors";
import { listPartnerSources } from "./partner-source-finder";
import { describeExpectation, describeSourceMismatch, type PartnerSourceExpectation } from "./partner-source-match";

/** How long the diagnosis may spend on its own AWS calls. */
const DIAGNOSIS_CALL_TIMEOUT_MS = 5_000;

/** What the diagnosis needs from the wait's options. */
export interface DiagnosisInput extends PartnerSourceExpectation {
  /** The EventBridge seam the wait used, to list the sources once more. */
  readonly api: EventBridgeApi;
  /** The Snyk org whose source was awaited. */
  readonly orgId: string;
  /**
   * The account the integration targets, compared with the credentials' account.
   * @default - the message says the account was not given
   */
  readonly accountId?: string;
  /**
   * The region the wait looked in.
   * @default - the message names the SDK's default region (AWS_REGION or the profile's)
   */
  readonly region?: string;
  /**
   * What the wait was for: the source to exist, or to be ACTIVE (associated with a bus).
   * @default "exists"
   */
  readonly until?: "exists" | "active";
  /**
   * Who the credentials belong to (STS GetCallerIdentity).
   * @default - no STS call; the message says the caller's account is unknown
   */
  readonly callerIdentity?: CallerIdentityLookup;
}

/**
 * Builds the {@link PartnerSourceTimeoutError} for a wait that ran out of time, after asking STS who the
 * caller is and listing the sources under the prefix once more. Failures of those calls are reported in
 * the message rather than thrown: the timeout is the error the caller needs to see.
 */
export async function diagnoseTimeout(
  input: DiagnosisInput,
  prefix: string,
  waitedMs: number,
  lastSeen: readonly PartnerSource[],
): Promise<PartnerSourceTimeoutError> {
  const [identity, listing] = await Promise.all([lookupCaller(input.callerIdentity), relist(input.api, prefix)]);
  const seen = listing.sources ?? lastSeen;
  const diagnosis: PartnerSourceDiagnosis = {
    prefix,
    expected: input.expectedName ?? input.expectedSuffix,
    expectedAccountId: input.accountId,
    callerAccountId: identity.identity?.account,
    region: input.region,
    seen,
  };
  const target = `in account ${input.accountId ?? "(not given)"}, region ${input.region ?? "(the SDK's default region)"}`;
  const what = input.until === "active" ? "to become ACTIVE (associated with an event bus)" : "to appear";
  const lines = [
    `Timed out after ${formatDuration(waitedMs)} waiting for the Snyk partner event source with ` +
      `${describeExpectation(input)} under ${prefix} ${what} ${target}. Checked:`,
    `  - Credentials: ${describeCaller(identity, input.accountId)}`,
    `  - Region: ${input.region ?? "the SDK default (AWS_REGION or the profile's region)"}. Snyk creates the source in the region set on the integration; the AWS region used here must be the same.`,
    `  - Sources under ${prefix}: ${describeSeen(seen, listing.error)}`,
  ];
  const mismatch = describeSourceMismatch(seen, input);
  if (mismatch !== undefined) {
    lines.push(`  - ${mismatch}`);
  }
  lines.push(
    `  - On the Snyk side: the org ${input.orgId} must have an Amazon EventBridge integration for this account and region, ` +
      `and the Snyk App (or service account) that created it must still be authorized for the org; otherwise Snyk never ` +
      `creates the source. Check Settings > Integrations > Amazon EventBridge in Snyk, then run again or raise the wait timeout.`,
  );
  return new PartnerSourceTimeoutError(lines.join("\n"), waitedMs, diagnosis);
}

async function lookupCaller(
  lookup: CallerIdentityLookup | undefined,
): Promise<{ identity?: CallerIdentity; error?: string }> {
  if (lookup === undefined) {
    return { error: "no identity lookup configured" };
  }
  try {
    return { identity: await lookup(AbortSignal.timeout(DIAGNOSIS_CALL_TIMEOUT_MS)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}

async function relist(api: EventBridgeApi, prefix: string): Promise<{ sources?: PartnerSource[]; error?: string }> {
  try {
    return {
      sources: await listPartnerSources(api, prefix, { signal: AbortSignal.timeout(DIAGNOSIS_CALL_TIMEOUT_MS) }),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}

function describeCaller(caller: { identity?: CallerIdentity; error?: string }, expectedAccountId?: string): string {
  if (caller.identity === undefined) {
    return `could not tell which account they belong to (${caller.error ?? "unknown"}); make sure they are for account ${expectedAccountId ?? "the integration's account"}.`;
  }
  const who = caller.identity.arn === undefined ? "" : ` as ${caller.identity.arn}`;
  if (expectedAccountId === undefined) {
    return `account ${caller.identity.account}${who}; Snyk creates the source in the account set on the integration, which must be this one.`;
  }
  if (caller.identity.account !== expectedAccountId) {
    return (
      `they belong to account ${caller.identity.account}${who}, but the integration targets account ${expectedAccountId}. ` +
      `The source is created in ${expectedAccountId}: use credentials for that account (AWS_PROFILE, or assume a role in it).`
    );
  }
  return `account ${caller.identity.account}${who}, the integration's account, as expected.`;
}

function describeSeen(seen: readonly PartnerSource[], error: string | undefined): string {
  if (error !== undefined && seen.length === 0) {
    return `could not be listed (${error}).`;
  }
  if (seen.length === 0) {
    return "none. Snyk has not created any source for this org in this account and region.";
  }
  return seen.map((source) => `${source.name} (${source.state})`).join(", ") + ".";
}

function formatDuration(ms: number): string {
  if (ms < 1_000) {
    return `${ms} ms`;
  }
  const seconds = Math.round(ms / 100) / 10;
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
