/**
 * Enumerations of the OCSF Security Finding class (schema 1.0.0-rc.2, `class_uid` 2001, category "Findings"),
 * the format of Snyk issue events.
 *
 * @see https://schema.ocsf.io/1.0.0-rc.2/classes/security_finding
 */

/** The OCSF schema version Snyk issue events declare in `metadata.version`. */
export const OCSF_VERSION = "1.0.0-rc.2";

/** `class_uid` of the Security Finding class. */
export const SECURITY_FINDING_CLASS_UID = 2001;

/** `class_name` of the Security Finding class. */
export const SECURITY_FINDING_CLASS_NAME = "Security Finding";

/** `category_uid` of the Findings category. */
export const FINDINGS_CATEGORY_UID = 2;

/** `category_name` of the Findings category. */
export const FINDINGS_CATEGORY_NAME = "Findings";

/** `severity_id` values. Snyk's critical/high/medium/low map to 5/4/3/2. */
export const SeverityId = {
  UNKNOWN: 0,
  INFORMATIONAL: 1,
  LOW: 2,
  MEDIUM: 3,
  HIGH: 4,
  CRITICAL: 5,
  FATAL: 6,
  OTHER: 99,
} as const;

/** One of {@link SeverityId}. */
export type SeverityId = (typeof SeverityId)[keyof typeof SeverityId];

/** The caption OCSF gives each `severity_id` (the `severity` field). */
export const SEVERITY_NAMES: Readonly<Record<SeverityId, string>> = {
  0: "Unknown",
  1: "Informational",
  2: "Low",
  3: "Medium",
  4: "High",
  5: "Critical",
  6: "Fatal",
  99: "Other",
};

/**
 * `activity_id` values of a Security Finding in 1.0.0-rc.2 (from the Findings category): what happened to the
 * finding. rc.2 has no "Close" activity and calls activity 1 "Generate"; "Create" and "Close" are names of
 * later OCSF versions.
 */
export const FindingActivityId = {
  UNKNOWN: 0,
  /** A finding is generated (a new issue in a Snyk project). */
  GENERATE: 1,
  /** A finding is updated (an existing issue changed, including when it is resolved). */
  UPDATE: 2,
  OTHER: 99,
} as const;

/** One of {@link FindingActivityId}. */
export type FindingActivityId = (typeof FindingActivityId)[keyof typeof FindingActivityId];

/** The caption OCSF gives each `activity_id` (the `activity_name` field). */
export const FINDING_ACTIVITY_NAMES: Readonly<Record<FindingActivityId, string>> = {
  0: "Unknown",
  1: "Generate",
  2: "Update",
  99: "Other",
};

/** `state_id` values of a Security Finding (required in 1.0.0-rc.2): where the finding is in its workflow. */
export const FindingStateId = {
  UNKNOWN: 0,
  NEW: 1,
  IN_PROGRESS: 2,
  SUPPRESSED: 3,
  RESOLVED: 4,
  OTHER: 99,
} as const;

/** One of {@link FindingStateId}. */
export type FindingStateId = (typeof FindingStateId)[keyof typeof FindingStateId];

/** The caption OCSF gives each `state_id` (the `state` field). */
export const FINDING_STATE_NAMES: Readonly<Record<FindingStateId, string>> = {
  0: "Unknown",
  1: "New",
  2: "In Progress",
  3: "Suppressed",
  4: "Resolved",
  99: "Other",
};

/** `type_uid` of a Security Finding event: `class_uid * 100 + activity_id` (200101 is "Generate"). */
export function findingTypeUid(activityId: FindingActivityId): number {
  return SECURITY_FINDING_CLASS_UID * 100 + activityId;
}
