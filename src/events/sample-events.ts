import { SnykEventType, partnerSourcePrefix } from "../consts";
import type { EventBridgeEvent } from "./event-envelope";
import {
  FINDING_ACTIVITY_NAMES,
  FINDING_STATE_NAMES,
  FINDINGS_CATEGORY_NAME,
  FINDINGS_CATEGORY_UID,
  FindingActivityId,
  FindingStateId,
  OCSF_VERSION,
  SECURITY_FINDING_CLASS_NAME,
  SECURITY_FINDING_CLASS_UID,
  SEVERITY_NAMES,
  SeverityId,
  findingTypeUid,
} from "./ocsf";
import { SnykAuditEventName, type SnykAuditDetail } from "./snyk-audit-event";
import type { SnykIssueDetail } from "./snyk-issue-event";

/**
 * ILLUSTRATIVE sample Snyk events, as full EventBridge envelopes, for demos, tests and trying patterns.
 *
 * Snyk publishes no sample events, no `detail-type` values and no event-type suffix of the partner source
 * name. These samples follow the documented formats (OCSF Security Finding 1.0.0-rc.2 for issues, audit log
 * entries for audit events); every ID, name, `detail-type` and source suffix in them is made up. Do not build
 * production rules on the `detail-type` strings below.
 */

/** The made-up Snyk org ID of every sample. */
export const SAMPLE_ORG_ID = "b3f1c9a2-5d7e-4c1a-9f3b-2e8d6a4c0f11";

/** The made-up Snyk group ID of the audit samples. */
export const SAMPLE_GROUP_ID = "4a7e2c10-93b5-4f6d-8e21-c5d0b9a1f374";

/** ILLUSTRATIVE `detail-type` values (Snyk does not publish its own). */
export const SAMPLE_DETAIL_TYPES = {
  ISSUE: "Snyk Issue Event",
  AUDIT: "Snyk Audit Event",
} as const;

/** ILLUSTRATIVE partner source names of the samples (the real suffix is discovered, never assumed). */
export const SAMPLE_SOURCES = {
  ISSUES: `${partnerSourcePrefix(SAMPLE_ORG_ID)}${SnykEventType.ISSUES}`,
  AUDIT: `${partnerSourcePrefix(SAMPLE_ORG_ID)}${SnykEventType.AUDIT}`,
} as const;

/** A sample issue event. */
export type SampleIssueEvent = EventBridgeEvent<typeof SAMPLE_DETAIL_TYPES.ISSUE, SnykIssueDetail>;
/** A sample audit event. */
export type SampleAuditEvent = EventBridgeEvent<typeof SAMPLE_DETAIL_TYPES.AUDIT, SnykAuditDetail>;

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const PROJECT = { uid: "9c2d41f0-7a3e-4b8c-a1d5-3f6e0b2c8d94", name: "acme/payments-api:package.json" };
/** The made-up user who acts in the audit samples, and the made-up users and roles they act on. */
const ACTOR = "e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b";
const MEMBER = "f0e1d2c3-b4a5-4697-8877-665544332211";
const ROLES = {
  orgCollaborator: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  orgAdmin: "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e",
  groupMember: "2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f",
  groupAdmin: "3d4e5f6a-7b8c-4d9e-9f0a-2b3c4d5e6f7a",
};

interface IssueSpec {
  readonly id: string;
  readonly time: string;
  readonly activity: FindingActivityId;
  readonly severity: SeverityId;
  readonly state: FindingStateId;
  readonly issueId: string;
  readonly title: string;
  readonly fix?: string;
  /** rc.2 requires `cve` in every vulnerability: an issue without a CVE carries no `vulnerabilities`. */
  readonly cve?: { readonly uid: string; readonly cvss: number };
  readonly pkg: { readonly name: string; readonly version: string };
}

function issueEvent(spec: IssueSpec): SampleIssueEvent {
  const millis = Date.parse(spec.time);
  const advisory = `https://security.snyk.io/vuln/${spec.issueId}`;
  const vulnerabilities =
    spec.cve === undefined
      ? {}
      : {
          vulnerabilities: [
            {
              cve: { uid: spec.cve.uid, cvss: { version: "3.1", base_score: spec.cve.cvss, depth: "Base" } },
              title: spec.title,
              severity: SEVERITY_NAMES[spec.severity],
              vendor_name: "Snyk",
              packages: [spec.pkg],
              references: [advisory],
            },
          ],
        };
  const detail: SnykIssueDetail = {
    class_uid: SECURITY_FINDING_CLASS_UID,
    class_name: SECURITY_FINDING_CLASS_NAME,
    category_uid: FINDINGS_CATEGORY_UID,
    category_name: FINDINGS_CATEGORY_NAME,
    activity_id: spec.activity,
    activity_name: FINDING_ACTIVITY_NAMES[spec.activity],
    type_uid: findingTypeUid(spec.activity),
    type_name: `${SECURITY_FINDING_CLASS_NAME}: ${FINDING_ACTIVITY_NAMES[spec.activity]}`,
    severity_id: spec.severity,
    severity: SEVERITY_NAMES[spec.severity],
    state_id: spec.state,
    state: FINDING_STATE_NAMES[spec.state],
    time: millis,
    finding: {
      uid: spec.issueId,
      title: spec.title,
      desc: `${spec.title} in ${spec.pkg.name}@${spec.pkg.version}`,
      types: ["Vulnerability"],
      src_url: `https://app.snyk.io/org/acme/project/${PROJECT.uid}#issue-${spec.issueId}`,
      created_time: millis,
      modified_time: millis,
      ...(spec.fix === undefined ? {} : { remediation: { desc: spec.fix, kb_articles: [advisory] } }),
    },
    ...vulnerabilities,
    resources: [{ uid: PROJECT.uid, name: PROJECT.name, type: "Snyk Project" }],
    metadata: {
      version: OCSF_VERSION,
      uid: spec.id,
      product: { name: "Snyk", vendor_name: "Snyk" },
      // The Cloud profile is what allows (and requires) `cloud`; rc.2 keeps its account flat (`account_uid`).
      profiles: ["cloud"],
    },
    cloud: { provider: "AWS", region: REGION, account_uid: ACCOUNT },
  };
  return envelope(spec.id, spec.time, SAMPLE_DETAIL_TYPES.ISSUE, SAMPLE_SOURCES.ISSUES, detail);
}

function auditEvent(
  id: string,
  time: string,
  event: string,
  content: Record<string, unknown>,
  projectId: string | null = null,
): SampleAuditEvent {
  // The REST AuditLogSearch shape (snake_case IDs); parseSnykEvent reads the older camelCase shape too.
  const detail: SnykAuditDetail = {
    event,
    created: time,
    org_id: event.startsWith("group.") ? null : SAMPLE_ORG_ID,
    group_id: SAMPLE_GROUP_ID,
    project_id: projectId,
    user_id: ACTOR,
    content,
  };
  return envelope(id, time, SAMPLE_DETAIL_TYPES.AUDIT, SAMPLE_SOURCES.AUDIT, detail);
}

function envelope<T extends string, D>(id: string, time: string, detailType: T, source: string, detail: D) {
  return {
    version: "0",
    id,
    "detail-type": detailType,
    source,
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [],
    detail,
  };
}

/** ILLUSTRATIVE issue events: every severity from low to critical, with and without fixes, created and updated. */
export const SAMPLE_ISSUE_EVENTS = deepFreeze({
  /** Critical, fix available, CVE with CVSS 10, newly found. */
  criticalWithFixCreated: issueEvent({
    id: "0f5b1c1e-1111-4a2b-9c3d-000000000001",
    time: "2026-01-15T09:30:00Z",
    activity: FindingActivityId.GENERATE,
    severity: SeverityId.CRITICAL,
    state: FindingStateId.NEW,
    issueId: "SNYK-JAVA-ORGAPACHELOGGINGLOG4J-2314720",
    title: "Remote Code Execution (RCE)",
    fix: "Upgrade org.apache.logging.log4j:log4j-core to version 2.17.1 or higher.",
    cve: { uid: "CVE-2021-44228", cvss: 10 },
    pkg: { name: "org.apache.logging.log4j:log4j-core", version: "2.14.1" },
  }),
  /** High, fix available, CVE with CVSS 7.3, updated. */
  highWithFixUpdated: issueEvent({
    id: "0f5b1c1e-1111-4a2b-9c3d-000000000002",
    time: "2026-01-15T10:05:00Z",
    activity: FindingActivityId.UPDATE,
    severity: SeverityId.HIGH,
    state: FindingStateId.IN_PROGRESS,
    issueId: "SNYK-JS-LODASH-450202",
    title: "Prototype Pollution",
    fix: "Upgrade lodash to version 4.17.12 or higher.",
    cve: { uid: "CVE-2019-10744", cvss: 7.3 },
    pkg: { name: "lodash", version: "4.17.11" },
  }),
  /** High, no fix yet, CVE with CVSS 8.1, newly found. */
  highNoFixCreated: issueEvent({
    id: "0f5b1c1e-1111-4a2b-9c3d-000000000003",
    time: "2026-01-16T08:00:00Z",
    activity: FindingActivityId.GENERATE,
    severity: SeverityId.HIGH,
    state: FindingStateId.NEW,
    issueId: "SNYK-DEBIAN12-ZLIB-6008963",
    title: "Integer Overflow or Wraparound",
    cve: { uid: "CVE-2023-45853", cvss: 8.1 },
    pkg: { name: "zlib/zlib1g", version: "1:1.2.13.dfsg-1" },
  }),
  /** Medium, fix available, no CVE (a Snyk-only advisory, so no `vulnerabilities`: rc.2 requires a CVE there), newly found. */
  mediumWithFixNoCveCreated: issueEvent({
    id: "0f5b1c1e-1111-4a2b-9c3d-000000000004",
    time: "2026-01-16T12:45:00Z",
    activity: FindingActivityId.GENERATE,
    severity: SeverityId.MEDIUM,
    state: FindingStateId.NEW,
    issueId: "SNYK-JS-EXAMPLEPARSER-1234567",
    title: "Regular Expression Denial of Service (ReDoS)",
    fix: "Upgrade example-parser to version 3.2.1 or higher.",
    pkg: { name: "example-parser", version: "3.1.0" },
  }),
  /** Low, no fix, CVE with CVSS 3.7, updated (resolved). */
  lowNoFixUpdated: issueEvent({
    id: "0f5b1c1e-1111-4a2b-9c3d-000000000005",
    time: "2026-01-17T07:20:00Z",
    activity: FindingActivityId.UPDATE,
    severity: SeverityId.LOW,
    state: FindingStateId.RESOLVED,
    issueId: "SNYK-PYTHON-REQUESTS-5595532",
    title: "Information Exposure",
    cve: { uid: "CVE-2023-32681", cvss: 3.7 },
    pkg: { name: "requests", version: "2.30.0" },
  }),
});

/**
 * ILLUSTRATIVE audit events. Every event name and `content` shape is one seen in real Snyk audit entries (the
 * audit-log samples of elastic/integrations and panther-labs/panther-analysis), except where a sample says its
 * content is assumed; every ID is made up. Sensitive: the role changes, the service accounts and the ignore.
 */
export const SAMPLE_AUDIT_EVENTS = deepFreeze({
  /** An org member promoted to Org Admin (`org.user.role.edit`, with role names and IDs before and after). Sensitive. */
  userRoleChanged: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000001",
    "2026-01-15T11:00:00.000Z",
    SnykAuditEventName.ORG_USER_ROLE_EDIT,
    {
      userPublicId: MEMBER,
      beforeRoleName: "Org Collaborator",
      beforeRolePublicId: ROLES.orgCollaborator,
      afterRoleName: "Org Admin",
      afterRolePublicId: ROLES.orgAdmin,
    },
  ),
  /**
   * A group member made group admin (`group.user.role.edit`: `before`/`after` objects). Sensitive. Whether an
   * org's integration delivers group-level entries is not published: this sample ASSUMES it does.
   */
  groupRoleChanged: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000002",
    "2026-01-15T11:02:00.000Z",
    SnykAuditEventName.GROUP_USER_ROLE_EDIT,
    {
      userPublicId: MEMBER,
      before: { role: "MEMBER", rolePublicId: ROLES.groupMember },
      after: { role: "ADMIN", rolePublicId: ROLES.groupAdmin },
    },
  ),
  /** An org service account created (a new long-lived credential). Sensitive. */
  serviceAccountCreated: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000003",
    "2026-01-15T11:05:00.000Z",
    SnykAuditEventName.ORG_SERVICE_ACCOUNT_CREATE,
    { serviceAccountPublicId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", role: "ADMIN", rolePublicId: ROLES.orgAdmin },
  ),
  /** A group service account renamed. Sensitive. Delivered through the org's source: ASSUMED, as above. */
  groupServiceAccountEdited: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000004",
    "2026-01-15T11:10:00.000Z",
    SnykAuditEventName.GROUP_SERVICE_ACCOUNT_EDIT,
    {
      serviceAccountPublicId: "6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c",
      before: { name: "ci-scanner" },
      after: { name: "ci-scanner-prod" },
    },
  ),
  /** An issue ignored in a project. Sensitive. */
  issueIgnored: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000005",
    "2026-01-15T11:15:00.000Z",
    SnykAuditEventName.ORG_PROJECT_IGNORE_CREATE,
    {
      issueId: "SNYK-JS-LODASH-450202",
      ignorePath: "*",
      ignoredBy: { id: ACTOR },
      reason: "dev dependency",
      reasonType: "wont-fix",
      created: "2026-01-15T11:14:58.000Z",
    },
    PROJECT.uid,
  ),
  /** A user added to the org. Routine. */
  userAdded: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000006",
    "2026-01-15T11:18:00.000Z",
    SnykAuditEventName.ORG_USER_ADD,
    { userPublicId: MEMBER, role: "Org Collaborator", rolePublicId: ROLES.orgCollaborator },
  ),
  /** An API call. Routine. The name is Snyk's; its content is not published, so this one is ASSUMED. */
  apiAccessed: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000007",
    "2026-01-15T11:20:00.000Z",
    SnykAuditEventName.API_ACCESS,
    { url: "/rest/orgs?version=2024-10-15" },
  ),
  /** A project imported. Routine. */
  projectAdded: auditEvent(
    "7a1e0c2d-2222-4b3c-8d4e-000000000008",
    "2026-01-15T11:25:00.000Z",
    SnykAuditEventName.ORG_PROJECT_ADD,
    { sourceOrgId: SAMPLE_ORG_ID },
    PROJECT.uid,
  ),
});

/** Every ILLUSTRATIVE sample, issue events first, in a stable order. */
export const SAMPLE_EVENTS: readonly (SampleIssueEvent | SampleAuditEvent)[] = [
  ...Object.values(SAMPLE_ISSUE_EVENTS),
  ...Object.values(SAMPLE_AUDIT_EVENTS),
];

/** Freezes the samples so that one consumer cannot change what the next one sees. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach((child) => deepFreeze(child));
    Object.freeze(value);
  }
  return value;
}
