import { createCallerIdentityLookup, type CallerIdentityLookup } from "../aws/caller-identity";
import { createEventBridgeApi, type EventBridgeApi, type StaticAwsCredentials } from "../aws/eventbridge-api";
import { listPartnerSources } from "../aws/partner-source-finder";
import { waitForPartnerSource } from "../aws/partner-source-waiter";
import { ENV } from "../consts";
import { createProfile } from "../snyk/profiles/create-profile";
import { SnykClient } from "../snyk/snyk-client";
import type { SnykClientOptions } from "../snyk/snyk-client-options";
import type { IntegrationProfile } from "../snyk/integration-profile";
import { DEFAULT_SPEC_PROFILE, identityOf, type IntegrationSpec } from "./integration-spec";
import { findUnexpectedNewSource, partnerSourceMismatch } from "./source-verification";
import type { PartnerSourceDirectory, ProgressEvent, ProvisionerDeps } from "./provisioner-deps";

/** Where the real provisioner dependencies come from. */
export interface ProvisionerDepsOptions {
  /**
   * Environment variables: `SNYK_TOKEN`, `SNYK_TOKEN_TYPE`, `SNYK_API_URL`, `AWS_ENDPOINT_URL_EVENTBRIDGE`,
   * `AWS_ENDPOINT_URL_STS`, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The Snyk token, when it does not come from `SNYK_TOKEN` (the Lambda host reads it from Secrets Manager).
   * @default - `SNYK_TOKEN` from `env`
   */
  readonly token?: string;
  /**
   * Replaces the profile the spec names (your own `IntegrationProfile`).
   * @default - the spec's `profile`, built on a `SnykClient`
   */
  readonly profile?: IntegrationProfile;
  /**
   * Extra Snyk client options (retry, timeouts, dispatcher).
   * @default - the client's defaults
   */
  readonly snykClient?: Omit<SnykClientOptions, "token" | "env" | "baseUrl">;
  /**
   * The EventBridge seam.
   * @default - `@aws-sdk/client-eventbridge` in the spec's region, endpoint and credentials from `env` or the SDK chain
   */
  readonly eventBridge?: EventBridgeApi;
  /**
   * Tells which AWS account the credentials belong to, for the message when the source never appears.
   * @default - STS GetCallerIdentity; `false` turns it off
   */
  readonly callerIdentity?: CallerIdentityLookup | false;
  /**
   * Aborts the run.
   * @default - not abortable
   */
  readonly signal?: AbortSignal;
  /**
   * Receives progress events.
   * @default - none
   */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Provisioner dependencies that hold connections; `close()` releases them. */
export interface ClosableProvisionerDeps extends ProvisionerDeps {
  /** Closes the Snyk client's connection pool. */
  close(): Promise<void>;
}

/**
 * Builds the real dependencies for `spec`: its Snyk profile (base URL from the spec, else `SNYK_API_URL`)
 * and EventBridge in the spec's region. Nothing is called until the provisioner runs; the AWS SDK loads on
 * the first AWS call.
 * @throws ValidationError when the token or base URL is missing or malformed (the token is never shown)
 */
export function createProvisionerDeps(
  spec: IntegrationSpec,
  options: ProvisionerDepsOptions = {},
): ClosableProvisionerDeps {
  const env = options.env ?? process.env;
  let client: SnykClient | undefined;
  let profile = options.profile;
  if (profile === undefined) {
    const name = spec.profile ?? DEFAULT_SPEC_PROFILE;
    if (name === "existing") {
      // The spec itself declares the integration made in the Snyk UI; the profile makes no Snyk calls.
      profile = createProfile("existing", { existing: { integrations: [{ ...identityOf(spec), name: spec.name }] } });
    } else {
      client = new SnykClient({ ...options.snykClient, token: options.token, env, baseUrl: spec.snykApiUrl });
      profile = createProfile(name, {
        client,
        cloudEvents: spec.snykApiVersion === undefined ? {} : { version: spec.snykApiVersion },
      });
    }
  }
  const credentials = awsCredentialsFromEnv(env);
  const api =
    options.eventBridge ??
    createEventBridgeApi({ region: spec.region, endpoint: env[ENV.AWS_ENDPOINT_URL_EVENTBRIDGE], credentials });
  const callerIdentity =
    options.callerIdentity === false
      ? undefined
      : (options.callerIdentity ??
        createCallerIdentityLookup({ region: spec.region, stsEndpoint: env.AWS_ENDPOINT_URL_STS, credentials }));
  const sources = partnerSourceDirectory(api, callerIdentity);
  return {
    profile,
    sources,
    signal: options.signal,
    onProgress: options.onProgress,
    close: async () => {
      await client?.close();
    },
  };
}

/**
 * The {@link PartnerSourceDirectory} on an {@link EventBridgeApi}: listing with `ListEventSources`, waiting
 * with the EventBridge waiter `waitForPartnerSource` (backoff with jitter, retries of throttling, a timeout
 * that says which account the credentials belong to, a DELETED source as a final answer). The waiter is
 * stopped with a mismatch error as soon as a new source with another name appears under the org's prefix;
 * sources in `request.known` existed before the run acted and never count as one.
 * @param api EventBridge in the account and region the request expects the source in
 * @param callerIdentity tells, in the timeout message, which account the credentials belong to
 *   @default - the timeout message says the caller's account is unknown
 */
export function partnerSourceDirectory(
  api: EventBridgeApi,
  callerIdentity?: CallerIdentityLookup,
): PartnerSourceDirectory {
  return {
    list: (prefix, options) => listPartnerSources(api, prefix, { signal: options?.signal }),
    waitFor: (request) => {
      const stop = new AbortController();
      const signal = request.signal === undefined ? stop.signal : AbortSignal.any([request.signal, stop.signal]);
      const waiting = waitForPartnerSource({
        api,
        orgId: request.orgId,
        accountId: request.accountId,
        region: request.region,
        expectedName: request.expectedName,
        minDelayMs: request.limits.minDelayMs,
        maxDelayMs: request.limits.maxDelayMs,
        timeoutMs: request.limits.timeoutMs,
        callerIdentity,
        signal,
        onProgress: (progress) => {
          if (progress.kind !== "polling" && progress.kind !== "mismatch") {
            return;
          }
          const stranger = findUnexpectedNewSource(progress.seen, request.expectedName, request.known);
          if (stranger !== undefined) {
            // The waiter's next pause rejects with this reason, so the run ends with the mismatch error.
            stop.abort(partnerSourceMismatch(request.orgId, request.expectedName, stranger.name));
            return;
          }
          if (progress.kind === "polling") {
            const seen = progress.seen.map((source) => source.name);
            request.onPoll?.({ attempt: progress.attempt, elapsedMs: progress.elapsedMs, seen });
          }
        },
      });
      // A stranger seen at the last poll before the deadline is still the answer the user needs, not a timeout.
      return waiting.catch((error: unknown) => {
        throw stop.signal.aborted ? stop.signal.reason : error;
      });
    },
  };
}

/**
 * Static AWS credentials from `env` when it is not the process environment and holds a key pair (the sandbox,
 * tests); otherwise `undefined`, so that the SDK's own chain (profiles, SSO, roles) applies.
 */
export function awsCredentialsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): StaticAwsCredentials | undefined {
  const accessKeyId = env[ENV.AWS_ACCESS_KEY_ID];
  const secretAccessKey = env[ENV.AWS_SECRET_ACCESS_KEY];
  if (accessKeyId === undefined || secretAccessKey === undefined || env === process.env) {
    return undefined;
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}
