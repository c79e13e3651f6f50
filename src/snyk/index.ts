export * from "./integration-profile";
export { SnykClient, SNYK_CLIENT_ENV } from "./snyk-client";
export {
  DEFAULT_SNYK_API_VERSION,
  type SnykCallOptions,
  type SnykClientOptions,
  type SnykListRequest,
  type SnykMethod,
  type SnykQuery,
  type SnykRequest,
  type SnykResponse,
} from "./snyk-client-options";
export { type SnykCredential, type SnykTokenType, resolveSnykCredential } from "./snyk-credentials";
export { DEFAULT_SNYK_API_URL, SNYK_REGIONS, type SnykRegion, resolveSnykBaseUrl } from "./snyk-regions";
export { type RateLimit as SnykRateLimit, SNYK_RATE_LIMIT } from "./rate-limiter";
export { type RetryOptions as SnykRetryOptions } from "./retry-policy";
export { type SnykOrg } from "./snyk-org";
export { isSnykId } from "./snyk-ids";
export * from "./profiles/cloud-events-profile";
export * from "./profiles/existing-profile";
export * from "./profiles/create-profile";
