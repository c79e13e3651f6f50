import { ValidationError } from "../errors";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, the format of every Snyk org, group and registration ID. */
export function isSnykId(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * Throws a `ValidationError` naming `field` unless `value` is a UUID, before any request is sent (an ID typed
 * into the wrong field is the most common cause of a Snyk 400 or 404).
 */
export function assertSnykId(field: string, value: string): void {
  if (!isSnykId(value)) {
    throw ValidationError.fromIssues("Snyk ID", [
      {
        field,
        rule: "must be a UUID such as 0f6b6c1e-3a41-4c4e-9c1d-2a5e8b1f7d90 (copy it from the Snyk settings page URL)",
        value,
      },
    ]);
  }
}
