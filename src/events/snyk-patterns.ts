import { SNYK_PARTNER_SOURCE_PREFIX, partnerSourcePrefix } from "../consts";
import { ValidationError } from "../errors";
import type { EventPattern } from "./event-pattern";
import { Match } from "./match";
import { FindingActivityId, SECURITY_FINDING_CLASS_UID, SeverityId } from "./ocsf";
import { allPatterns, anyPattern } from "./pattern-compose";
import { SENSITIVE_AUDIT_EVENT_PREFIXES } from "./snyk-audit-event";

/** Snyk's severity levels, lowest first. */
export type SnykSeverity = "low" | "medium" | "high" | "critical";

const SEVERITY_IDS: Readonly<Record<SnykSeverity, number>> = {
  low: SeverityId.LOW,
  medium: SeverityId.MEDIUM,
  high: SeverityId.HIGH,
  critical: SeverityId.CRITICAL,
};

const ISSUE = { class_uid: [SECURITY_FINDING_CLASS_UID] };

/**
 * Event patterns for Snyk events, built on the OCSF fields of issue events and the audit log fields of audit
 * events. Each returns a plain pattern; combine them with `allPatterns` (AND) or `anyPattern` (OR):
 *
 * ```ts
 * allPatterns(SnykPatterns.fromOrg(orgId), SnykPatterns.severityAtLeast("high"), SnykPatterns.fixAvailable())
 * ```
 *
 * Issue helpers also require `class_uid` 2001, so they never match audit events. Which fields Snyk fills is
 * not published: the helpers read the OCSF 1.0.0-rc.2 fields named in their descriptions.
 */
export class SnykPatterns {
  /** Events from any Snyk partner source (`source` starts with `aws.partner/snyk.io/`). */
  public static fromSnyk(): EventPattern {
    return { source: Match.prefix(SNYK_PARTNER_SOURCE_PREFIX) };
  }

  /** Events from the partner sources of one Snyk org (`aws.partner/snyk.io/org_<orgId>/...`). */
  public static fromOrg(orgId: string): EventPattern {
    if (typeof orgId !== "string" || !/^[A-Za-z0-9-]+$/.test(orgId)) {
      throw ValidationError.fromIssues("SnykPatterns.fromOrg", [
        { field: "orgId", rule: "must be a Snyk org ID (letters, digits and dashes, usually a UUID)", value: orgId },
      ]);
    }
    return { source: Match.prefix(partnerSourcePrefix(orgId)) };
  }

  /** Any Snyk issue event (an OCSF Security Finding, `detail.class_uid` 2001). */
  public static issueEvents(): EventPattern {
    return { detail: { ...ISSUE } };
  }

  /** Any Snyk audit event (a `detail.event` name is present). */
  public static auditEvents(): EventPattern {
    return { detail: { event: Match.exists() } };
  }

  /** Issues of `severity` or worse (`detail.severity_id`: high is 4, critical 5). */
  public static severityAtLeast(severity: SnykSeverity): EventPattern {
    const lowest = SEVERITY_IDS[severity];
    if (lowest === undefined) {
      throw ValidationError.fromIssues("SnykPatterns.severityAtLeast", [
        { field: "severity", rule: `must be one of ${Object.keys(SEVERITY_IDS).join(", ")}`, value: severity },
      ]);
    }
    const ids = Object.values(SEVERITY_IDS).filter((id) => id >= lowest);
    return { detail: { ...ISSUE, severity_id: Match.exactly(...ids) } };
  }

  /**
   * Issues with a known fix: a `detail.finding.remediation` with a `desc` or with `kb_articles` (OCSF
   * 1.0.0-rc.2 makes `desc` optional and recommends `kb_articles`, so a fix can come as links alone). An empty
   * `kb_articles` array is no fix: EventBridge's `exists` needs a value.
   */
  public static fixAvailable(): EventPattern {
    return {
      detail: {
        ...ISSUE,
        finding: {
          remediation: anyPattern({ desc: Match.exists() }, { kb_articles: Match.exists() }),
        },
      },
    };
  }

  /** Issues without a known fix: neither `detail.finding.remediation.desc` nor `...remediation.kb_articles`. */
  public static noFixAvailable(): EventPattern {
    return {
      detail: { ...ISSUE, finding: { remediation: { desc: Match.doesNotExist(), kb_articles: Match.doesNotExist() } } },
    };
  }

  /**
   * Issues with a CVE (`detail.vulnerabilities[].cve.uid`), optionally one starting with `prefix`
   * (for example `CVE-2024-`).
   */
  public static withCve(prefix = "CVE-"): EventPattern {
    if (prefix === "") {
      return { detail: { ...ISSUE, vulnerabilities: { cve: { uid: Match.exists() } } } };
    }
    return { detail: { ...ISSUE, vulnerabilities: { cve: { uid: Match.prefix(prefix) } } } };
  }

  /** Issues with a CVSS base score of at least `score` (`detail.vulnerabilities[].cve.cvss.base_score`). */
  public static cvssAtLeast(score: number): EventPattern {
    if (typeof score !== "number" || !(score >= 0 && score <= 10)) {
      throw ValidationError.fromIssues("SnykPatterns.cvssAtLeast", [
        { field: "score", rule: "must be a CVSS score between 0 and 10", value: score },
      ]);
    }
    return {
      detail: { ...ISSUE, vulnerabilities: { cve: { cvss: { base_score: Match.greaterThanOrEqual(score) } } } },
    };
  }

  /** Newly found issues: a finding generated (`detail.activity_id` 1, "Generate" in OCSF 1.0.0-rc.2). */
  public static issueCreated(): EventPattern {
    return { detail: { ...ISSUE, activity_id: [FindingActivityId.GENERATE] } };
  }

  /** Updated issues, resolved ones included (`detail.activity_id` 2, "Update"; rc.2 has no "Close"). */
  public static issueUpdated(): EventPattern {
    return { detail: { ...ISSUE, activity_id: [FindingActivityId.UPDATE] } };
  }

  /** Audit events with one of the given names (`detail.event`, for example `org.user.role.edit`). */
  public static auditEvent(...names: string[]): EventPattern {
    return { detail: { event: Match.exactly(...names) } };
  }

  /** Audit events whose name starts with one of `prefixes` (for example `org.service_account.`). */
  public static auditEventPrefix(...prefixes: string[]): EventPattern {
    return { detail: { event: Match.anyOf(...prefixes.map((prefix) => Match.prefix(prefix))) } };
  }

  /**
   * Audit events a security team wants to hear about: org and group role changes, org and group service
   * accounts, SSO, external-access and policy settings, ignored issues and deleted
   * integrations and ignored issues (see `SENSITIVE_AUDIT_EVENT_PREFIXES`).
   */
  public static sensitiveAuditActions(): EventPattern {
    return SnykPatterns.auditEventPrefix(...SENSITIVE_AUDIT_EVENT_PREFIXES);
  }

  /** High and critical issues that have a fix: the usual "fix this now" rule. */
  public static actionableHighSeverity(): EventPattern {
    return allPatterns(SnykPatterns.severityAtLeast("high"), SnykPatterns.fixAvailable());
  }
}
