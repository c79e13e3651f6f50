/**
 * Names shared by the constructs, the CLI, the Lambda handler and the sandbox. Keeping them in one place
 * makes the compiler enforce the coupling between synth time and apply time.
 */

/** The command-line tool's name (the package `bin`). */
export const CLI_NAME = "snyk-eventbridge";

/** Environment variables read at apply time. */
export const ENV = {
  /** The Snyk API token (API token or OAuth bearer token). Never passed on a command line or in a spec. */
  SNYK_TOKEN: "SNYK_TOKEN",
  /** The Snyk API base URL without `/rest`, for example `https://api.eu.snyk.io`. */
  SNYK_API_URL: "SNYK_API_URL",
  /** Set to `bearer` when `SNYK_TOKEN` is an OAuth access token rather than an API token. */
  SNYK_TOKEN_TYPE: "SNYK_TOKEN_TYPE",
  /** An OAuth access token (sent as `Authorization: bearer …`), the Snyk CLI's own variable for one. */
  SNYK_OAUTH_TOKEN: "SNYK_OAUTH_TOKEN",
  /**
   * A service account's OAuth client ID, with {@link ENV.SNYK_CLIENT_SECRET}: the client then gets short-lived
   * access tokens from `POST /oauth2/token` and refreshes them. The names are the Snyk CLI's `--client-id` and
   * `--client-secret` options with its `SNYK_` environment prefix.
   */
  SNYK_CLIENT_ID: "SNYK_CLIENT_ID",
  /** The service account's OAuth client secret (see {@link ENV.SNYK_CLIENT_ID}). Never on a command line. */
  SNYK_CLIENT_SECRET: "SNYK_CLIENT_SECRET",
  /**
   * The integration spec as JSON, for `--spec-env`: how synthesized `local-exec` provisioners hand the spec
   * to the CLI without quoting JSON on a shell command line.
   */
  SPEC: "SNYK_EVENTBRIDGE_SPEC",
  /** The ARN of the Secrets Manager secret holding the Snyk token (Lambda host). */
  SNYK_TOKEN_SECRET_ARN: "SNYK_TOKEN_SECRET_ARN",
  /** The AWS SDK's standard per-service endpoint override for EventBridge. */
  AWS_ENDPOINT_URL_EVENTBRIDGE: "AWS_ENDPOINT_URL_EVENTBRIDGE",
  AWS_REGION: "AWS_REGION",
  AWS_ACCESS_KEY_ID: "AWS_ACCESS_KEY_ID",
  AWS_SECRET_ACCESS_KEY: "AWS_SECRET_ACCESS_KEY",
  /**
   * A directory in Terraform's filesystem-mirror layout holding `registry.terraform.io/hashicorp/aws`, for the
   * sandbox's Terraform runs; when unset, the runner looks in Terraform's implied mirror directories and then
   * searches the filesystem once per machine (docs/terraform-runner.md).
   */
  TERRAFORM_PROVIDER_MIRROR: "SNYK_EVENTBRIDGE_PROVIDER_MIRROR",
} as const;

/** The kinds of Snyk events an integration delivers. Account, region and event type are immutable in Snyk. */
export const SnykEventType = {
  /** Snyk issue events (OCSF Security Finding). */
  ISSUES: "issues",
  /** Snyk audit log events. */
  AUDIT: "audit",
} as const;

/** One of {@link SnykEventType}. */
export type SnykEventType = (typeof SnykEventType)[keyof typeof SnykEventType];

/** All event types, for validation and help text. */
export const SNYK_EVENT_TYPES: readonly SnykEventType[] = [SnykEventType.ISSUES, SnykEventType.AUDIT];

/** The EventBridge `source` of every event Snyk publishes starts with this. */
export const SNYK_PARTNER_SOURCE_PREFIX = "aws.partner/snyk.io/";

/**
 * The prefix under which Snyk creates the partner event source of an org:
 * `aws.partner/snyk.io/org_<orgId>/`. The event-type suffix after it is not published by Snyk, so it is
 * discovered and verified rather than assumed.
 */
export function partnerSourcePrefix(orgId: string): string {
  return `${SNYK_PARTNER_SOURCE_PREFIX}org_${orgId}/`;
}
