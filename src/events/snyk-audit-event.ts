import { z } from "zod";

/**
 * The `detail` of a Snyk audit event: one Snyk audit log entry (a user-initiated action in the Snyk platform).
 *
 * The field names follow the entries of Snyk's audit log API (`created`, `event`, `org_id`, `group_id`,
 * `project_id`, `user_id`, `content`). Snyk does not publish the EventBridge audit payload or samples, so the
 * schema is a tolerant reader: only `event` is required and unknown fields pass through.
 *
 * @see https://docs.snyk.io/snyk-platform-administration/user-management-with-the-api/retrieve-audit-logs-of-user-initiated-activity-by-api-for-an-org-or-group
 */
export const SnykAuditDetailSchema = z.looseObject({
  /** The action, dotted from scope to verb, for example `org.user.role.edit` or `api.access`. */
  event: z.string().min(1),
  /** When it happened (ISO 8601). */
  created: z.string().optional(),
  org_id: z.string().nullish(),
  group_id: z.string().nullish(),
  project_id: z.string().nullish(),
  user_id: z.string().nullish(),
  /** Action-specific data, for example the old and new role of a role change. */
  content: z.record(z.string(), z.unknown()).optional(),
});

/** The `detail` of a Snyk audit event (unknown fields kept). */
export type SnykAuditDetail = z.infer<typeof SnykAuditDetailSchema>;

/**
 * Audit event names the samples and the Snyk-aware pattern helpers use. Snyk's audit log knows many more; any
 * string is accepted where an event name is expected.
 */
export const SnykAuditEventName = {
  API_ACCESS: "api.access",
  ORG_USER_ADD: "org.user.add",
  ORG_USER_REMOVE: "org.user.remove",
  ORG_USER_ROLE_EDIT: "org.user.role.edit",
  ORG_SERVICE_ACCOUNT_CREATE: "org.service_account.create",
  ORG_SERVICE_ACCOUNT_DELETE: "org.service_account.delete",
  ORG_INTEGRATION_DELETE: "org.integration.delete",
  ORG_INTEGRATION_EDIT: "org.integration.edit",
  ORG_PROJECT_ADD: "org.project.add",
  ORG_PROJECT_IGNORE_CREATE: "org.project.ignore.create",
  USER_API_TOKEN_REGENERATE: "user.api_token.regenerate",
  ORG_SETTINGS_EDIT: "org.settings.edit",
} as const;

/**
 * Audit events a security team usually wants to hear about at once: permission changes, new credentials,
 * removed integrations and ignored issues. Used by `SnykPatterns.sensitiveAuditActions()`.
 */
export const SENSITIVE_AUDIT_EVENT_PREFIXES: readonly string[] = [
  "org.user.role.",
  "org.service_account.",
  "org.integration.delete",
  "user.api_token.",
  "org.project.ignore.",
];
