import { z } from "zod";

/**
 * The `detail` of a Snyk audit event: one Snyk audit log entry (a user-initiated action in the Snyk platform).
 *
 * Snyk's audit logs come in two shapes, and which one EventBridge delivers is not published, so both are read:
 * - the REST API's `AuditLogSearch` items: `created` and `event`, then `org_id`, `group_id`, `project_id`,
 *   `user_id` and `content` (snake_case);
 * - the older v1 entries: `orgId`, `groupId`, `projectId`, `userId` (camelCase), with `created` sometimes as
 *   `2023-04-11 23:32:14.173` rather than ISO 8601.
 *
 * The schema is a tolerant reader: only `event` is required and unknown fields pass through. Use
 * {@link normalizeAuditEntry} for one camelCase view of either shape.
 *
 * @see https://docs.snyk.io/snyk-api/reference/audit-logs
 */
export const SnykAuditDetailSchema = z.looseObject({
  /** The action, dotted from scope to verb, for example `org.user.role.edit` or `api.access`. */
  event: z.string().min(1),
  /** When it happened (ISO 8601 in the REST shape). */
  created: z.string().optional(),
  org_id: z.string().nullish(),
  group_id: z.string().nullish(),
  project_id: z.string().nullish(),
  user_id: z.string().nullish(),
  orgId: z.string().nullish(),
  groupId: z.string().nullish(),
  projectId: z.string().nullish(),
  userId: z.string().nullish(),
  /** Action-specific data, for example the old and new role of a role change. */
  content: z.record(z.string(), z.unknown()).optional(),
});

/** The `detail` of a Snyk audit event (unknown fields kept). */
export type SnykAuditDetail = z.infer<typeof SnykAuditDetailSchema>;

/** One audit log entry, the same whichever shape Snyk sent. */
export interface SnykAuditEntry {
  /** The action, for example `org.user.role.edit`. */
  readonly event: string;
  /** When it happened, as Snyk wrote it. @default - not reported */
  readonly created?: string;
  /** The org the action happened in. @default - not an org action */
  readonly orgId?: string;
  /** The group the action happened in. @default - not reported */
  readonly groupId?: string;
  /** The project concerned. @default - not a project action */
  readonly projectId?: string;
  /** Who acted (a user or service account). @default - not reported (system actions) */
  readonly userId?: string;
  /** Action-specific data. @default - an empty object */
  readonly content: Readonly<Record<string, unknown>>;
}

/** One camelCase view of an audit entry: the REST snake_case IDs win over the v1 camelCase ones when both are set. */
export function normalizeAuditEntry(detail: SnykAuditDetail): SnykAuditEntry {
  const pick = (snake: string | null | undefined, camel: string | null | undefined) => snake ?? camel ?? undefined;
  const ids = {
    orgId: pick(detail.org_id, detail.orgId),
    groupId: pick(detail.group_id, detail.groupId),
    projectId: pick(detail.project_id, detail.projectId),
    userId: pick(detail.user_id, detail.userId),
  };
  return {
    event: detail.event,
    ...(detail.created === undefined ? {} : { created: detail.created }),
    ...Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined)),
    content: detail.content ?? {},
  };
}

/**
 * Audit event names that appear in real audit entries (Snyk's documentation, the audit-log samples of
 * elastic/integrations and panther-labs/panther-analysis). Snyk's audit log knows many more; any string is
 * accepted where an event name is expected.
 */
export const SnykAuditEventName = {
  API_ACCESS: "api.access",
  ORG_USER_ADD: "org.user.add",
  ORG_USER_REMOVE: "org.user.remove",
  ORG_USER_ROLE_EDIT: "org.user.role.edit",
  GROUP_USER_ADD: "group.user.add",
  GROUP_USER_ROLE_EDIT: "group.user.role.edit",
  ORG_SERVICE_ACCOUNT_CREATE: "org.service_account.create",
  GROUP_SERVICE_ACCOUNT_CREATE: "group.service_account.create",
  GROUP_SERVICE_ACCOUNT_EDIT: "group.service_account.edit",
  ORG_PROJECT_ADD: "org.project.add",
  ORG_PROJECT_IGNORE_CREATE: "org.project.ignore.create",
  ORG_INTEGRATION_SETTINGS_EDIT: "org.integration.settings.edit",
  GROUP_REQUEST_ACCESS_SETTINGS_EDIT: "group.request_access_settings.edit",
} as const;

/**
 * Audit events a security team usually wants to hear about at once, as name prefixes, each one found in
 * public detection rules for Snyk audit logs (panther-labs/panther-analysis `rules/snyk_rules/`): role changes
 * and service accounts at org and group level, SSO and external-access settings, security policies, ignored
 * issues, and deleted integrations. Used by `SnykPatterns.sensitiveAuditActions()`.
 */
export const SENSITIVE_AUDIT_EVENT_PREFIXES: readonly string[] = [
  "org.user.role.",
  "group.user.role.",
  "org.service_account.",
  "group.service_account.",
  "group.sso.create",
  "group.sso.edit",
  "group.sso.auth0_connection.",
  "group.request_access_settings.",
  "org.request_access_settings.",
  "group.policy.",
  "org.policy.",
  "org.ignore_policy.",
  "org.project.ignore.",
  "org.integration.delete",
];
