import { z } from "zod";
import { partnerSourcePrefix, SNYK_EVENT_TYPES, type SnykEventType } from "../consts";
import { isKnownAwsRegion } from "../aws/aws-regions";
import { ValidationError, type ValidationIssue } from "../errors";
import type { IntegrationIdentity, IntegrationScope } from "../snyk/integration-profile";

/** The integration profiles a spec can name. */
export const SPEC_PROFILES = ["cloud-events", "existing"] as const;

/** One of {@link SPEC_PROFILES}. */
export type ProfileName = (typeof SPEC_PROFILES)[number];

/** The profile used when a spec names none. */
export const DEFAULT_SPEC_PROFILE: ProfileName = "cloud-events";

/** Wait limits used when a spec leaves them out. */
export const DEFAULT_WAIT = {
  /** Snyk usually creates the partner source within a minute; ten leave room for a slow Snyk App. */
  timeoutSeconds: 600,
  minDelayMs: 250,
  // Polls are cheap reads; a 2 s cap keeps the overshoot past the source's appearance to about a second.
  maxDelayMs: 2_000,
} as const;

// Snyk org and group IDs are UUIDs; accept any version (and upper case) rather than RFC 9562 variants only.
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Region codes: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5, il-central-1, ...
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function requiredString(what: string): z.ZodString {
  return z.string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) });
}

const WaitSchema = z.strictObject({
  timeoutSeconds: z
    .number({ error: "must be a number of seconds" })
    .positive({ error: "must be greater than 0" })
    .max(3600, { error: "must be at most 3600 (one hour)" })
    .optional(),
  minDelayMs: z
    .number({ error: "must be a number of milliseconds" })
    .int({ error: "must be a whole number of milliseconds" })
    .min(1, { error: "must be at least 1" })
    .optional(),
  maxDelayMs: z
    .number({ error: "must be a number of milliseconds" })
    .int({ error: "must be a whole number of milliseconds" })
    .min(1, { error: "must be at least 1" })
    .optional(),
});

/**
 * The desired state of one Snyk to EventBridge integration. Secrets are never part of it: the Snyk token
 * comes from the host (`SNYK_TOKEN`, or Secrets Manager in the Lambda host).
 */
export const IntegrationSpecSchema = z
  .strictObject({
    orgId: requiredString("a Snyk org ID (UUID)").regex(UUID_PATTERN, { error: "must be a Snyk org ID (UUID)" }),
    groupId: requiredString("a Snyk group ID (UUID)")
      .regex(UUID_PATTERN, { error: "must be a Snyk group ID (UUID)" })
      .optional(),
    name: requiredString("a string")
      .trim()
      .min(1, { error: "must not be empty" })
      .max(255, { error: "must be at most 255 characters" }),
    eventType: z.enum(SNYK_EVENT_TYPES as [SnykEventType, ...SnykEventType[]], {
      error: (issue) =>
        issue.input === undefined
          ? "is required"
          : `must be one of ${SNYK_EVENT_TYPES.map((t) => `"${t}"`).join(", ")}`,
    }),
    accountId: requiredString("a 12-digit AWS account ID").regex(/^\d{12}$/, {
      error: "must be a 12-digit AWS account ID",
    }),
    region: requiredString("an AWS region code")
      .regex(REGION_PATTERN, { error: "must be an AWS region code such as us-east-1" })
      // Only a well-formed code is checked against the list, so that a malformed one gets one message.
      .refine((region) => !REGION_PATTERN.test(region) || isKnownAwsRegion(region), {
        error: "is not an AWS region (AWS has no such region; check for a typo, e.g. eu-west-1)",
      }),
    snykApiUrl: requiredString("a URL")
      .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { error: "must be an http(s) URL such as https://api.eu.snyk.io" })
      .optional(),
    snykApiVersion: requiredString("a Snyk REST API version")
      .regex(/^\d{4}-\d{2}-\d{2}(~(experimental|beta))?$/, {
        error: "must be a Snyk REST API version such as 2023-01-25~experimental",
      })
      .optional(),
    profile: z
      .enum(SPEC_PROFILES, { error: `must be one of ${SPEC_PROFILES.map((p) => `"${p}"`).join(", ")}` })
      .optional(),
    partnerSourceName: requiredString("a partner event source name").optional(),
    partnerSourceSuffix: requiredString("a partner event source suffix")
      .regex(/^[A-Za-z0-9._-]+$/, { error: "must be the last part of the source name (letters, digits, . _ -)" })
      .optional(),
    wait: WaitSchema.optional(),
  })
  .superRefine((spec, context) => {
    if ((spec.profile ?? DEFAULT_SPEC_PROFILE) === "cloud-events" && spec.groupId === undefined) {
      context.addIssue({
        code: "custom",
        path: ["groupId"],
        message:
          'is required by the "cloud-events" profile (Snyk registers integrations per group); set it, or set profile "existing"',
      });
    }
    if (spec.partnerSourceName !== undefined && spec.partnerSourceSuffix !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["partnerSourceSuffix"],
        message: "must not be set together with partnerSourceName; keep one of the two",
      });
    }
    const prefix = partnerSourcePrefix(spec.orgId);
    if (spec.partnerSourceName !== undefined && !isUnder(spec.partnerSourceName, prefix)) {
      context.addIssue({
        code: "custom",
        path: ["partnerSourceName"],
        message: `must be the org's partner source, "${prefix}<suffix>"`,
        input: spec.partnerSourceName,
      });
    }
    const wait = spec.wait;
    if (wait?.minDelayMs !== undefined && wait.maxDelayMs !== undefined && wait.minDelayMs > wait.maxDelayMs) {
      context.addIssue({
        code: "custom",
        path: ["wait", "minDelayMs"],
        message: `must not be greater than wait.maxDelayMs (${wait.maxDelayMs})`,
        input: wait.minDelayMs,
      });
    }
  });

/** A validated integration spec. */
export type IntegrationSpec = z.infer<typeof IntegrationSpecSchema>;

/** What the spec's `wait` settings resolve to, defaults applied. */
export interface WaitLimits {
  /** Overall deadline of one wait, in milliseconds. */
  readonly timeoutMs: number;
  /** First and smallest delay between polls, in milliseconds. */
  readonly minDelayMs: number;
  /** Cap on the delay between polls, in milliseconds. */
  readonly maxDelayMs: number;
}

/**
 * Validates `input` (already parsed JSON) as an integration spec.
 * @param source how the spec was given (for example `--spec spec.json`), named in the error message
 * @throws ValidationError listing every broken rule with its field (`spec.<field>`)
 */
export function parseIntegrationSpec(input: unknown, source = "the integration spec"): IntegrationSpec {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError(`${source} must be a JSON object with orgId, name, eventType, accountId and region`, [
      { field: "spec", rule: "must be a JSON object" },
    ]);
  }
  const result = IntegrationSpecSchema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const issues: ValidationIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(IntegrationSpecSchema.shape).join(", ");
      for (const key of issue.keys) {
        issues.push({ field: fieldName([...issue.path, key]), rule: `is not a spec field (known fields: ${known})` });
      }
      continue;
    }
    issues.push({ field: fieldName(issue.path), rule: issue.message, value: safeValue(input, issue.path) });
  }
  throw ValidationError.fromIssues(source, issues);
}

/** The exact partner source name the spec expects Snyk to create. */
export function expectedPartnerSourceName(spec: IntegrationSpec): string {
  if (spec.partnerSourceName !== undefined) {
    return spec.partnerSourceName;
  }
  // Snyk does not publish its event-type suffix; the event type itself is the default guess, and the
  // provisioner verifies it against the real source instead of trusting it.
  return `${partnerSourcePrefix(spec.orgId)}${spec.partnerSourceSuffix ?? spec.eventType}`;
}

/** The immutable identity of the integration the spec declares. */
export function identityOf(spec: IntegrationSpec): IntegrationIdentity {
  return {
    orgId: spec.orgId,
    groupId: spec.groupId,
    accountId: spec.accountId,
    region: spec.region,
    eventType: spec.eventType,
  };
}

/** Where the spec's integrations are looked up in Snyk. */
export function scopeOf(spec: IntegrationSpec): IntegrationScope {
  return { orgId: spec.orgId, groupId: spec.groupId };
}

/** Whether two identities name the same integration (org, account, region and event type). */
export function sameIdentity(a: IntegrationIdentity, b: IntegrationIdentity): boolean {
  return (
    a.orgId.toLowerCase() === b.orgId.toLowerCase() &&
    a.accountId === b.accountId &&
    a.region === b.region &&
    a.eventType === b.eventType
  );
}

/** The spec's wait limits with defaults applied. */
export function waitLimitsOf(spec: IntegrationSpec): WaitLimits {
  const minDelayMs = spec.wait?.minDelayMs ?? DEFAULT_WAIT.minDelayMs;
  return {
    timeoutMs: Math.round((spec.wait?.timeoutSeconds ?? DEFAULT_WAIT.timeoutSeconds) * 1000),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, spec.wait?.maxDelayMs ?? DEFAULT_WAIT.maxDelayMs),
  };
}

function isUnder(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase()) && name.length > prefix.length;
}

function fieldName(path: readonly PropertyKey[]): string {
  return ["spec", ...path.map(String)].join(".");
}

function safeValue(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== "object" || current === null) {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
