import { ValidationError } from "../../../src/errors";
import type { EventPattern } from "../../../src/events/event-pattern";
import { allPatterns, anyPattern } from "../../../src/events/pattern-compose";
import { matches } from "../../../src/events/pattern-matcher";
import { validateEventPattern } from "../../../src/events/pattern-validator";
import {
  SAMPLE_AUDIT_EVENTS,
  SAMPLE_EVENTS,
  SAMPLE_ISSUE_EVENTS,
  SAMPLE_ORG_ID,
} from "../../../src/events/sample-events";
import { SnykPatterns, type SnykSeverity } from "../../../src/events/snyk-patterns";

const ISSUES = SAMPLE_ISSUE_EVENTS;
const AUDITS = SAMPLE_AUDIT_EVENTS;

/** The names of the samples a pattern matches, in sample order. */
function matching(pattern: EventPattern): string[] {
  const named = { ...ISSUES, ...AUDITS } as Record<string, unknown>;
  return Object.entries(named)
    .filter(([, event]) => matches(pattern, event))
    .map(([name]) => name);
}

describe("SnykPatterns against the illustrative samples", () => {
  test("every helper builds a pattern EventBridge accepts", () => {
    // GIVEN one pattern from each helper
    const patterns = [
      SnykPatterns.fromSnyk(),
      SnykPatterns.fromOrg(SAMPLE_ORG_ID),
      SnykPatterns.issueEvents(),
      SnykPatterns.auditEvents(),
      SnykPatterns.severityAtLeast("medium"),
      SnykPatterns.fixAvailable(),
      SnykPatterns.noFixAvailable(),
      SnykPatterns.withCve(),
      SnykPatterns.withCve(""),
      SnykPatterns.cvssAtLeast(7),
      SnykPatterns.issueCreated(),
      SnykPatterns.issueUpdated(),
      SnykPatterns.auditEvent("org.user.role.edit"),
      SnykPatterns.auditEventPrefix("org.", "user."),
      SnykPatterns.sensitiveAuditActions(),
      SnykPatterns.actionableHighSeverity(),
    ];
    // WHEN / THEN
    for (const pattern of patterns) {
      expect(validateEventPattern(pattern)).toEqual({ valid: true });
    }
  });

  test("severityAtLeast('high') matches high and critical issues only", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.severityAtLeast("high"))).toEqual([
      "criticalWithFixCreated",
      "highWithFixUpdated",
      "highNoFixCreated",
    ]);
    expect(matching(SnykPatterns.severityAtLeast("critical"))).toEqual(["criticalWithFixCreated"]);
    expect(matching(SnykPatterns.severityAtLeast("low"))).toHaveLength(Object.keys(ISSUES).length);
  });

  test("fixAvailable and noFixAvailable split the issues and never match audit events", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.fixAvailable())).toEqual([
      "criticalWithFixCreated",
      "highWithFixUpdated",
      "mediumWithFixNoCveCreated",
    ]);
    expect(matching(SnykPatterns.noFixAvailable())).toEqual(["highNoFixCreated", "lowNoFixUpdated"]);
  });

  test("fixAvailable treats a remediation with kb_articles and no desc (valid OCSF 1.0.0-rc.2) as a fix", () => {
    // GIVEN issues whose remediation is links only, empty, or absent
    const withRemediation = (remediation: unknown) => ({
      ...ISSUES.highNoFixCreated,
      detail: {
        ...ISSUES.highNoFixCreated.detail,
        finding: { ...ISSUES.highNoFixCreated.detail.finding, remediation },
      },
    });
    const linksOnly = withRemediation({ kb_articles: ["https://security.snyk.io/vuln/SNYK-DEBIAN12-ZLIB-6008963"] });
    const noLinks = withRemediation({ kb_articles: [] });
    // WHEN / THEN the project's matcher (EventBridge's semantics) decides
    expect(matches(SnykPatterns.fixAvailable(), linksOnly)).toBe(true);
    expect(matches(SnykPatterns.noFixAvailable(), linksOnly)).toBe(false);
    expect(matches(SnykPatterns.actionableHighSeverity(), linksOnly)).toBe(true);
    expect(matches(SnykPatterns.fixAvailable(), noLinks)).toBe(false);
    expect(matches(SnykPatterns.fixAvailable(), ISSUES.highNoFixCreated)).toBe(false);
    expect(SnykPatterns.fixAvailable()).toEqual({
      detail: {
        class_uid: [2001],
        finding: { remediation: { $or: [{ desc: [{ exists: true }] }, { kb_articles: [{ exists: true }] }] } },
      },
    });
  });

  test("withCve, CVE prefixes and CVSS thresholds", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.withCve())).not.toContain("mediumWithFixNoCveCreated");
    expect(matching(SnykPatterns.withCve())).toHaveLength(4);
    expect(matching(SnykPatterns.withCve("CVE-2021-"))).toEqual(["criticalWithFixCreated"]);
    expect(matching(SnykPatterns.cvssAtLeast(8))).toEqual(["criticalWithFixCreated", "highNoFixCreated"]);
    expect(matching(SnykPatterns.cvssAtLeast(0))).toHaveLength(4);
  });

  test("issueCreated and issueUpdated follow activity_id", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.issueCreated())).toEqual([
      "criticalWithFixCreated",
      "highNoFixCreated",
      "mediumWithFixNoCveCreated",
    ]);
    expect(matching(SnykPatterns.issueUpdated())).toEqual(["highWithFixUpdated", "lowNoFixUpdated"]);
  });

  test("sensitiveAuditActions matches org and group role changes, service accounts and ignores only", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.sensitiveAuditActions())).toEqual([
      "userRoleChanged",
      "groupRoleChanged",
      "serviceAccountCreated",
      "groupServiceAccountEdited",
      "issueIgnored",
    ]);
    expect(matching(SnykPatterns.auditEvent("api.access", "org.project.add"))).toEqual(["apiAccessed", "projectAdded"]);
  });

  test.each<[string, boolean]>([
    ["group.user.role.edit", true],
    ["org.user.role.permissions.edit", true],
    ["group.service_account.delete", true],
    ["org.service_account.membership.upsert", true],
    ["group.sso.edit", true],
    ["group.sso.auth0_connection.create", true],
    ["group.request_access_settings.edit", true],
    ["group.policy.edit", true],
    ["org.ignore_policy.edit", true],
    ["org.project.ignore.delete", true],
    ["org.integration.delete", true],
    ["group.sso.membership.sync", false],
    ["org.user.add", false],
    ["org.integration.settings.edit", false],
    ["org.project.stop_monitor", false],
  ])("sensitiveAuditActions on a real audit event name: %s -> %s", (name, sensitive) => {
    // GIVEN an audit event with a name seen in real Snyk audit logs
    const event = { ...AUDITS.userAdded, detail: { ...AUDITS.userAdded.detail, event: name } };
    // WHEN / THEN
    expect(matches(SnykPatterns.sensitiveAuditActions(), event)).toBe(sensitive);
  });

  test("issueEvents and auditEvents partition the samples; fromOrg and fromSnyk match them all", () => {
    // GIVEN / WHEN / THEN
    expect(matching(SnykPatterns.issueEvents())).toEqual(Object.keys(ISSUES));
    expect(matching(SnykPatterns.auditEvents())).toEqual(Object.keys(AUDITS));
    expect(matching(SnykPatterns.fromOrg(SAMPLE_ORG_ID))).toHaveLength(SAMPLE_EVENTS.length);
    expect(matching(SnykPatterns.fromOrg("00000000-0000-0000-0000-000000000000"))).toEqual([]);
    expect(matching(SnykPatterns.fromSnyk())).toHaveLength(SAMPLE_EVENTS.length);
  });

  test("helpers compose: high-severity fixable issues of one org, or any sensitive audit action", () => {
    // GIVEN
    const pattern = allPatterns(
      SnykPatterns.fromOrg(SAMPLE_ORG_ID),
      anyPattern(SnykPatterns.actionableHighSeverity(), SnykPatterns.sensitiveAuditActions()),
    );
    // WHEN / THEN
    expect(validateEventPattern(pattern)).toEqual({ valid: true });
    expect(matching(pattern)).toEqual([
      "criticalWithFixCreated",
      "highWithFixUpdated",
      "userRoleChanged",
      "groupRoleChanged",
      "serviceAccountCreated",
      "groupServiceAccountEdited",
      "issueIgnored",
    ]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ["an org ID with a slash", () => SnykPatterns.fromOrg("org/../x"), /orgId must be a Snyk org ID/],
    [
      "an unknown severity",
      () => SnykPatterns.severityAtLeast("severe" as unknown as SnykSeverity),
      /severity must be one of low, medium, high, critical/,
    ],
    ["a CVSS score above 10", () => SnykPatterns.cvssAtLeast(11), /score must be a CVSS score between 0 and 10/],
  ])("rejects %s", (_label, build, message) => {
    // GIVEN / WHEN / THEN
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });
});
