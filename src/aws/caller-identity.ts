/**
 * Who the AWS credentials belong to, for error messages that compare it with the account an integration
 * targets. A seam of its own (STS, loaded lazily) so that the waiter works where STS is unreachable.
 */
import type { AwsClientOptions } from "./eventbridge-api";
import { toAwsApiError } from "./aws-api-error";

/** The caller's identity as STS `GetCallerIdentity` reports it. */
export interface CallerIdentity {
  /** The 12-digit account ID. */
  readonly account: string;
  /**
   * The caller's ARN (user or assumed role).
   *
   * @default - unknown
   */
  readonly arn?: string;
}

/** Looks up the caller's identity; rejects when it cannot (no STS, no credentials). */
export type CallerIdentityLookup = (signal?: AbortSignal) => Promise<CallerIdentity>;

/** Options for {@link createCallerIdentityLookup}. */
export interface CallerIdentityOptions extends Omit<AwsClientOptions, "endpoint"> {
  /**
   * STS endpoint URL.
   *
   * @default - from `AWS_ENDPOINT_URL_STS`/`AWS_ENDPOINT_URL` or the region's public endpoint
   */
  readonly stsEndpoint?: string;
}

/**
 * Creates a {@link CallerIdentityLookup} on `@aws-sdk/client-sts` (loaded on the first call) with the
 * SDK's standard configuration chain.
 */
export function createCallerIdentityLookup(options: CallerIdentityOptions = {}): CallerIdentityLookup {
  return async (signal) => {
    const sdk = await import("@aws-sdk/client-sts");
    const client = new sdk.STSClient({
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.stsEndpoint === undefined ? {} : { endpoint: options.stsEndpoint }),
      ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
      maxAttempts: options.maxAttempts ?? 1,
    });
    try {
      const identity = await client.send(new sdk.GetCallerIdentityCommand({}), { abortSignal: signal });
      if (identity.Account === undefined) {
        throw new Error("GetCallerIdentity returned no Account");
      }
      return { account: identity.Account, arn: identity.Arn };
    } catch (error) {
      throw toAwsApiError("GetCallerIdentity", error);
    } finally {
      client.destroy();
    }
  };
}
