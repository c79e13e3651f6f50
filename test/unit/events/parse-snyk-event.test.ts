import { ValidationError } from "../../../src/errors";
import { SEVERITY_NAMES, SeverityId, findingTypeUid, FindingActivityId } from "../../../src/events/ocsf";
import { parseSnykEvent } from "../../../src/events/parse-snyk-event";
import {
  SAMPLE_AUDIT_EVENTS,
  SAMPLE_EVENTS,
  SAMPLE_ISSUE_EVENTS,
  SAMPLE_ORG_ID,
} from "../../../src/events/sample-events";
import { SnykAuditDetailSchema } from "../../../src/events/snyk-audit-event";
import { SnykIssueDetailSchema } from "../../../src/events/snyk-issue-event";

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (ValidationError.isValidationError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseSnykEvent", () => {
  test("parses every sample, issue events as issues and audit events as audits", () => {
    // GIVEN all samples / WHEN parsed / THEN the kinds follow the detail
    const kinds = SAMPLE_EVENTS.map((event) => parseSnykEvent(event).kind);
    expect(kinds).toEqual([
      ...Object.keys(SAMPLE_ISSUE_EVENTS).map(() => "issue"),
      ...Object.keys(SAMPLE_AUDIT_EVENTS).map(() => "audit"),
    ]);
  });

  test("an issue event gives typed OCSF fields and the org ID from the source", () => {
    // GIVEN
    const parsed = parseSnykEvent(SAMPLE_ISSUE_EVENTS.criticalWithFixCreated);
    // WHEN / THEN
    if (parsed.kind !== "issue") {
      throw new Error("expected an issue event");
    }
    expect(parsed.orgId).toBe(SAMPLE_ORG_ID);
    expect(parsed.detail.severity_id).toBe(SeverityId.CRITICAL);
    expect(parsed.detail.finding.remediation?.desc).toMatch(/Upgrade/);
    expect(parsed.detail.vulnerabilities?.[0]?.cve?.uid).toBe("CVE-2021-44228");
    expect(parsed.detail.vulnerabilities?.[0]?.cve?.cvss?.base_score).toBe(10);
    expect(parsed.event["detail-type"]).toBe(SAMPLE_ISSUE_EVENTS.criticalWithFixCreated["detail-type"]);
  });

  test("an audit event gives the event name, the content and one camelCase entry (REST snake_case shape)", () => {
    // GIVEN / WHEN
    const parsed = parseSnykEvent(SAMPLE_AUDIT_EVENTS.userRoleChanged);
    // THEN
    if (parsed.kind !== "audit") {
      throw new Error("expected an audit event");
    }
    expect(parsed.detail.event).toBe("org.user.role.edit");
    expect(parsed.detail.content).toEqual(
      expect.objectContaining({ beforeRoleName: "Org Collaborator", afterRoleName: "Org Admin" }),
    );
    expect(parsed.entry).toEqual({
      event: "org.user.role.edit",
      created: "2026-01-15T11:00:00.000Z",
      orgId: SAMPLE_ORG_ID,
      groupId: SAMPLE_AUDIT_EVENTS.userRoleChanged.detail.group_id,
      userId: SAMPLE_AUDIT_EVENTS.userRoleChanged.detail.user_id,
      content: SAMPLE_AUDIT_EVENTS.userRoleChanged.detail.content,
    });
  });

  test("an audit event in the older camelCase shape (orgId, groupId, userId) reads the same", () => {
    // GIVEN a v1-style entry, as panther-analysis records them
    const event = {
      ...SAMPLE_AUDIT_EVENTS.serviceAccountCreated,
      detail: {
        event: "group.user.role.edit",
        created: "2023-04-04 18:38:19.843",
        groupId: "8f0e1d2c-1555-4444-b000-b55555555555",
        userId: "05555555-3333-4ddd-8ccc-755555555555",
        content: {
          after: { role: "ADMIN", rolePublicId: "8ddddddd-fbbb-4fff-8111-5eeeeeeeeeee" },
          before: { role: "MEMBER", rolePublicId: "6aaaaaaa-c000-4ddd-9ddd-c55555555555" },
          userPublicId: "05555555-3333-4ddd-8ccc-755555555555",
        },
      },
    };
    // WHEN
    const parsed = parseSnykEvent(event);
    // THEN
    expect(parsed.kind === "audit" && parsed.entry).toEqual({
      event: "group.user.role.edit",
      created: "2023-04-04 18:38:19.843",
      groupId: "8f0e1d2c-1555-4444-b000-b55555555555",
      userId: "05555555-3333-4ddd-8ccc-755555555555",
      content: event.detail.content,
    });
    expect((parsed.detail as Record<string, unknown>).groupId).toBe("8f0e1d2c-1555-4444-b000-b55555555555");
  });

  test("unknown fields pass through at every level (tolerant reader)", () => {
    // GIVEN a sample with fields Snyk might add
    const event = clone(SAMPLE_ISSUE_EVENTS.highNoFixCreated) as unknown as {
      [key: string]: unknown;
      detail: { [key: string]: unknown; finding: { [key: string]: unknown } };
    };
    event["replay-name"] = "x";
    event.detail.risk_score = 812;
    event.detail.finding.product_uid = "snyk-open-source";
    // WHEN
    const parsed = parseSnykEvent(event);
    // THEN
    expect((parsed.event as unknown as Record<string, unknown>)["replay-name"]).toBe("x");
    expect((parsed.detail as Record<string, unknown>).risk_score).toBe(812);
    expect(parsed.kind === "issue" && (parsed.detail.finding as Record<string, unknown>).product_uid).toBe(
      "snyk-open-source",
    );
  });

  test("a missing required OCSF field is named by its path", () => {
    // GIVEN an issue without finding.uid
    const event = clone(SAMPLE_ISSUE_EVENTS.lowNoFixUpdated) as unknown as {
      detail: { finding: Record<string, unknown> };
    };
    delete event.detail.finding.uid;
    // WHEN
    const error = errorOf(() => parseSnykEvent(event));
    // THEN
    expect(error.issues[0]?.field).toBe("detail.finding.uid");
    expect(error.message).toMatch(/OCSF Security Finding 1\.0\.0-rc\.2/);
  });

  test("a mistyped field inside an array is named with its index", () => {
    // GIVEN a CVSS score given as text
    const event = clone(SAMPLE_ISSUE_EVENTS.highWithFixUpdated) as unknown as {
      detail: { vulnerabilities: { cve: { cvss: { base_score: unknown } } }[] };
    };
    (event.detail.vulnerabilities[0] as { cve: { cvss: { base_score: unknown } } }).cve.cvss.base_score = "7.3";
    // WHEN
    const error = errorOf(() => parseSnykEvent(event));
    // THEN
    expect(error.issues[0]?.field).toBe("detail.vulnerabilities[0].cve.cvss.base_score");
  });

  test.each<[string, unknown, string]>([
    ["not an object", "hello", "(event)"],
    ["no envelope fields", { detail: {} }, "version"],
    ["another partner's source", { ...SAMPLE_AUDIT_EVENTS.apiAccessed, source: "aws.partner/example.com/x" }, "source"],
    ["a detail of neither kind", { ...SAMPLE_AUDIT_EVENTS.apiAccessed, detail: { foo: 1 } }, "detail"],
    ["an audit event without a name", { ...SAMPLE_AUDIT_EVENTS.apiAccessed, detail: { event: "" } }, "detail.event"],
  ])("rejects %s, naming the field", (_label, input, field) => {
    // GIVEN / WHEN
    const error = errorOf(() => parseSnykEvent(input));
    // THEN
    expect(error.issues[0]?.field).toBe(field);
    expect(error.message).toContain(field);
  });
});

describe("schemas and OCSF enumerations", () => {
  test("the issue schema requires the Security Finding class", () => {
    // GIVEN an audit detail / WHEN read as an issue / THEN it fails on class_uid
    const result = SnykIssueDetailSchema.safeParse({ ...SAMPLE_ISSUE_EVENTS.lowNoFixUpdated.detail, class_uid: 3001 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["class_uid"]);
  });

  test("the audit schema accepts null IDs, as audit log entries carry them", () => {
    // GIVEN / WHEN / THEN
    expect(SnykAuditDetailSchema.safeParse({ event: "api.access", project_id: null, org_id: null }).success).toBe(true);
  });

  test("severity names and type_uid follow OCSF", () => {
    // GIVEN / WHEN / THEN
    expect(SEVERITY_NAMES[SeverityId.HIGH]).toBe("High");
    expect(SEVERITY_NAMES[SeverityId.CRITICAL]).toBe("Critical");
    expect(findingTypeUid(FindingActivityId.GENERATE)).toBe(200101);
    expect(SAMPLE_ISSUE_EVENTS.highWithFixUpdated.detail.type_uid).toBe(200102);
  });
});
