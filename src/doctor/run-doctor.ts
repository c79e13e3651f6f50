import { createCallerIdentityLookup, type CallerIdentityLookup } from "../aws/caller-identity";
import { createEventBridgeApi, type EventBridgeApi } from "../aws/eventbridge-api";
import { listPartnerSources } from "../aws/partner-source-finder";
import { ENV } from "../consts";
import { awsCredentialsFromEnv } from "../provisioner/create-provisioner-deps";
import { DEFAULT_SPEC_PROFILE, type IntegrationSpec } from "../provisioner/integration-spec";
import type { SnykClientOptions } from "../snyk/snyk-client-options";
import { awsChecks } from "./aws-checks";
import type { DoctorCheck, DoctorReport } from "./doctor-check";
import { snykChecks } from "./snyk-checks";

/** Where `doctor` reads from. */
export interface DoctorOptions {
  /**
   * Environment variables: the Snyk credential (`SNYK_TOKEN`, `SNYK_OAUTH_TOKEN`, `SNYK_CLIENT_ID` and
   * `SNYK_CLIENT_SECRET`), `SNYK_API_URL`, `AWS_REGION`, and the AWS endpoint and key overrides of the sandbox.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Aborts the checks. @default - not abortable */
  readonly signal?: AbortSignal;
  /** Called before each group of checks, for progress output. @default - no progress */
  readonly onProgress?: (message: string) => void;
  /** Extra Snyk client options (dispatcher, retries, timeouts). @default - two attempts, 30 s per call */
  readonly snykClient?: Omit<SnykClientOptions, "env" | "baseUrl">;
  /** The EventBridge seam. @default - `@aws-sdk/client-eventbridge` in the spec's region */
  readonly eventBridge?: EventBridgeApi;
  /** Who the AWS credentials belong to. @default - STS `GetCallerIdentity` in the spec's region */
  readonly callerIdentity?: CallerIdentityLookup;
}

/**
 * Read-only preflight of a spec: whether everything `reconcile` needs is in place, one check per concern
 * (Snyk API host, Snyk credential, org, group, registrations endpoint; AWS credentials, region, partner source).
 * Nothing is written to Snyk or AWS. `ok` is true when no check failed.
 */
export async function runDoctor(spec: IntegrationSpec, options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const progress = options.onProgress ?? (() => undefined);
  progress(`Checking the Snyk side of org ${spec.orgId}`);
  const snyk = await snykChecks({ spec, env, signal: options.signal, client: options.snykClient });
  progress(`Checking the AWS side in account ${spec.accountId}, ${spec.region}`);
  const credentials = awsCredentialsFromEnv(env);
  const api =
    options.eventBridge ??
    createEventBridgeApi({
      region: spec.region,
      endpoint: env[ENV.AWS_ENDPOINT_URL_EVENTBRIDGE],
      credentials,
      maxAttempts: 2,
    });
  const callerIdentity =
    options.callerIdentity ??
    createCallerIdentityLookup({ region: spec.region, stsEndpoint: env.AWS_ENDPOINT_URL_STS, credentials });
  const aws = await awsChecks({
    spec,
    env,
    callerIdentity,
    listSources: (prefix, signal) => listPartnerSources(api, prefix, { signal }),
    signal: options.signal,
  });
  const checks: DoctorCheck[] = [...snyk, ...aws];
  return {
    ok: checks.every((check) => check.status !== "fail"),
    profile: spec.profile ?? DEFAULT_SPEC_PROFILE,
    checks,
  };
}
