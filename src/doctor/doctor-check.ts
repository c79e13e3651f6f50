/** What one doctor check found. */
export type DoctorStatus = "ok" | "fail" | "skip";

/** The checks, in the order they run and print. */
export const DOCTOR_CHECK_IDS = [
  "snyk-api-host",
  "snyk-credential",
  "snyk-org",
  "snyk-group",
  "snyk-registrations",
  "aws-credentials",
  "aws-region",
  "partner-source",
] as const;

/** One of {@link DOCTOR_CHECK_IDS}. */
export type DoctorCheckId = (typeof DOCTOR_CHECK_IDS)[number];

/** The result of one check. */
export interface DoctorCheck {
  /** A stable identifier, for scripts. */
  readonly id: DoctorCheckId;
  /** A short human title, for example `Snyk org`. */
  readonly title: string;
  /** `ok`, `fail`, or `skip` (not needed with this profile, or not possible after an earlier failure). */
  readonly status: DoctorStatus;
  /** What was found, in one sentence. */
  readonly summary: string;
  /** What to do about a failure. @default - nothing to do (the check passed or was skipped) */
  readonly fix?: string;
}

/** What `doctor` found. */
export interface DoctorReport {
  /** True when no check failed: everything the spec needs is in place. */
  readonly ok: boolean;
  /** The profile the checks were run for. */
  readonly profile: string;
  /** Every check, in {@link DOCTOR_CHECK_IDS} order. */
  readonly checks: readonly DoctorCheck[];
}

/** The titles of the checks. */
export const DOCTOR_CHECK_TITLES: Readonly<Record<DoctorCheckId, string>> = {
  "snyk-api-host": "Snyk API host",
  "snyk-credential": "Snyk credential",
  "snyk-org": "Snyk org",
  "snyk-group": "Snyk group",
  "snyk-registrations": "Snyk registrations",
  "aws-credentials": "AWS credentials",
  "aws-region": "AWS region",
  "partner-source": "Partner event source",
};

/** A passed check. */
export function passed(id: DoctorCheckId, summary: string): DoctorCheck {
  return { id, title: DOCTOR_CHECK_TITLES[id], status: "ok", summary };
}

/** A failed check and what to do. */
export function failed(id: DoctorCheckId, summary: string, fix: string): DoctorCheck {
  return { id, title: DOCTOR_CHECK_TITLES[id], status: "fail", summary, fix };
}

/** A check that did not run, and why. */
export function skipped(id: DoctorCheckId, summary: string): DoctorCheck {
  return { id, title: DOCTOR_CHECK_TITLES[id], status: "skip", summary };
}
