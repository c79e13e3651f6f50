/** Exit codes of the `snyk-eventbridge` command, documented in `--help` and the README. */
export const ExitCode = {
  /** Success; for `status`, in sync; for `test-pattern`, the event matches. */
  OK: 0,
  /** The operation failed; for `test-pattern`, the event does not match. */
  FAILED: 1,
  /** Invalid input: bad flags, an unreadable or invalid spec, pattern or event file. */
  INVALID_INPUT: 2,
  /** `status` found drift, or the integration is missing. */
  DRIFT: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
