import type { CallerIdentity, CallerIdentityLookup } from "../aws/caller-identity";
import type { PartnerSource } from "../aws/partner-source";
import { partnerSourcePrefix } from "../consts";
import { SnykEventBridgeError } from "../errors";
import { DEFAULT_SPEC_PROFILE, expectedPartnerSourceName, type IntegrationSpec } from "../provisioner/integration-spec";
import { failed, passed, skipped, type DoctorCheck } from "./doctor-check";

/** What the AWS checks read. */
export interface AwsCheckInput {
  /** The validated spec. */
  readonly spec: IntegrationSpec;
  /** The environment: `AWS_REGION` and `AWS_DEFAULT_REGION`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Who the AWS credentials belong to (STS `GetCallerIdentity` in the spec's region). */
  readonly callerIdentity: CallerIdentityLookup;
  /** The partner event sources under a name prefix (`ListEventSources` in the spec's region). */
  readonly listSources: (namePrefix: string, signal?: AbortSignal) => Promise<PartnerSource[]>;
  /** Aborts the checks. @default - not abortable */
  readonly signal?: AbortSignal;
}

/**
 * The AWS half of `doctor`: whether the credentials belong to the spec's account (asked of STS in the spec's
 * region, which also proves the region is reachable and enabled for them), whether the AWS configuration names
 * the same region as the spec, and whether a partner event source of the org exists there already. Every call
 * is a read.
 */
export async function awsChecks(input: AwsCheckInput): Promise<DoctorCheck[]> {
  const identity = await credentialsCheck(input);
  const checks = [identity.check, regionCheck(input)];
  checks.push(
    identity.identity === undefined || identity.check.status !== "ok"
      ? skipped("partner-source", "skipped: the AWS credentials are not usable for the spec's account")
      : await sourceCheck(input),
  );
  return checks;
}

async function credentialsCheck(
  input: AwsCheckInput,
): Promise<{ readonly check: DoctorCheck; readonly identity?: CallerIdentity }> {
  const { spec } = input;
  let identity: CallerIdentity;
  try {
    identity = await input.callerIdentity(input.signal);
  } catch (error) {
    if (!SnykEventBridgeError.isInstance(error)) {
      throw error;
    }
    return {
      check: failed(
        "aws-credentials",
        `STS GetCallerIdentity in ${spec.region} failed, so whose the AWS credentials are is unknown: ${error.message}`,
        `Configure AWS credentials for account ${spec.accountId} (AWS_PROFILE, SSO, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a role) that may use ${spec.region} (an opt-in region must be enabled for the account).`,
      ),
    };
  }
  const who = `account ${identity.account}${identity.arn === undefined ? "" : ` (${identity.arn})`}`;
  if (identity.account !== spec.accountId) {
    return {
      check: failed(
        "aws-credentials",
        `the AWS credentials belong to ${who}; the spec's account is ${spec.accountId}`,
        `Use credentials for account ${spec.accountId} (another AWS_PROFILE, or a role in that account), or set spec.accountId to ${identity.account} if Snyk should deliver there.`,
      ),
      identity,
    };
  }
  return { check: passed("aws-credentials", `${who}, the spec's account, in ${spec.region}`), identity };
}

function regionCheck(input: AwsCheckInput): DoctorCheck {
  const { spec, env } = input;
  const variable = env.AWS_REGION?.trim()
    ? "AWS_REGION"
    : env.AWS_DEFAULT_REGION?.trim()
      ? "AWS_DEFAULT_REGION"
      : undefined;
  const configured = variable === undefined ? undefined : env[variable]?.trim();
  if (configured !== undefined && configured !== spec.region) {
    return failed(
      "aws-region",
      `your AWS configuration names ${configured} (${variable}); the spec's region is ${spec.region}`,
      `Set ${variable}=${spec.region}: Terraform's AWS provider and the AWS CLI use it, and the partner event bus must be in the region of the source. Or change spec.region if Snyk should deliver to ${configured}.`,
    );
  }
  return passed(
    "aws-region",
    configured === undefined ? `${spec.region} (the spec's; no AWS_REGION set)` : `${spec.region} (${variable} agrees)`,
  );
}

async function sourceCheck(input: AwsCheckInput): Promise<DoctorCheck> {
  const { spec } = input;
  const prefix = partnerSourcePrefix(spec.orgId);
  const expected = expectedPartnerSourceName(spec);
  const where = `account ${spec.accountId}, ${spec.region}`;
  let sources: PartnerSource[];
  try {
    sources = await input.listSources(prefix, input.signal);
  } catch (error) {
    if (!SnykEventBridgeError.isInstance(error)) {
      throw error;
    }
    return failed(
      "partner-source",
      `ListEventSources in ${where} failed: ${error.message}`,
      "Allow the credentials events:ListEventSources and events:DescribeEventSource, then run doctor again.",
    );
  }
  const source = sources.find((candidate) => candidate.name === expected);
  const others = sources.filter((candidate) => candidate.name !== expected && candidate.state !== "DELETED");
  if (source?.state === "DELETED") {
    return failed(
      "partner-source",
      `${expected} is DELETED in ${where}: Snyk removed its integration`,
      "Run delete, then reconcile, to get a new integration and source (the partner event bus is replaced with it).",
    );
  }
  if (source !== undefined) {
    return passed("partner-source", `${expected} exists in ${where} (${source.state})`);
  }
  if (others.length > 0) {
    const names = others.map((other) => other.name).join(", ");
    return failed(
      "partner-source",
      `the org's source in ${where} is ${names}, not ${expected}`,
      `Set spec.partnerSourceName to ${others[0].name} if that is this integration's source (Snyk's event-type suffix is not published).`,
    );
  }
  if ((spec.profile ?? DEFAULT_SPEC_PROFILE) === "existing") {
    return failed(
      "partner-source",
      `no partner event source of org ${spec.orgId} in ${where}, and the existing profile does not create one`,
      `Create the Amazon EventBridge integration in the Snyk UI (Settings > Integrations > Amazon EventBridge) for account ${spec.accountId} and region ${spec.region}, then run doctor again.`,
    );
  }
  return passed(
    "partner-source",
    `none yet under ${prefix} in ${where}: reconcile creates the integration and Snyk the source`,
  );
}
