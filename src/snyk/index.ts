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
export {
  type SnykClientCredentials,
  type SnykCredential,
  type SnykCredentialKind,
  type SnykStaticCredential,
  type SnykTokenType,
  resolveSnykCredential,
} from "./snyk-credentials";
export { OAUTH_TOKEN_PATH, OAuthTokenSource, type OAuthTokenSourceOptions } from "./oauth-token-source";
export {
  DEFAULT_SNYK_API_URL,
  SNYK_API_HOSTS,
  SNYK_REGIONS,
  type SnykRegion,
  resolveSnykBaseUrl,
} from "./snyk-regions";
export { type SnykPrincipal } from "./snyk-principal";
export { type RateLimit as SnykRateLimit, SNYK_RATE_LIMIT } from "./rate-limiter";
export { type RetryOptions as SnykRetryOptions } from "./retry-policy";
export { type SnykOrg } from "./snyk-org";
export { isSnykId } from "./snyk-ids";
export * from "./profiles/cloud-events-profile";
export * from "./profiles/existing-profile";
export * from "./profiles/create-profile";
