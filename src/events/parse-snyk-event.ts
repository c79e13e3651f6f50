import { z } from "zod";
import { SNYK_PARTNER_SOURCE_PREFIX } from "../consts";
import { ValidationError, type ValidationIssue } from "../errors";
import type { EventBridgeEvent } from "./event-envelope";
import { SECURITY_FINDING_CLASS_UID } from "./ocsf";
import {
  normalizeAuditEntry,
  SnykAuditDetailSchema,
  type SnykAuditDetail,
  type SnykAuditEntry,
} from "./snyk-audit-event";
import { SnykIssueDetailSchema, type SnykIssueDetail } from "./snyk-issue-event";

/** The EventBridge envelope, read tolerantly (unknown envelope fields pass through). */
export const EventBridgeEnvelopeSchema = z.looseObject({
  version: z.string(),
  id: z.string(),
  "detail-type": z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});

/** A Snyk issue event, parsed. */
export interface ParsedSnykIssueEvent {
  readonly kind: "issue";
  /** The whole event, with its detail typed. */
  readonly event: EventBridgeEvent<string, SnykIssueDetail>;
  /** The OCSF Security Finding. */
  readonly detail: SnykIssueDetail;
  /** The Snyk org ID taken from the partner source name, when the source follows Snyk's naming. */
  readonly orgId?: string;
}

/** A Snyk audit event, parsed. */
export interface ParsedSnykAuditEvent {
  readonly kind: "audit";
  /** The whole event, with its detail typed. */
  readonly event: EventBridgeEvent<string, SnykAuditDetail>;
  /** The audit log entry as sent (REST snake_case or v1 camelCase IDs). */
  readonly detail: SnykAuditDetail;
  /** The same entry with one set of camelCase IDs, whichever shape Snyk sent. */
  readonly entry: SnykAuditEntry;
  /** The Snyk org ID taken from the partner source name, when the source follows Snyk's naming. */
  readonly orgId?: string;
}

/** What {@link parseSnykEvent} returns: switch on `kind`. */
export type ParsedSnykEvent = ParsedSnykIssueEvent | ParsedSnykAuditEvent;

/**
 * Turns an EventBridge event delivered from a Snyk partner source (for example the `event` argument of a
 * Lambda target) into a typed Snyk issue or audit event.
 *
 * Which kind it is comes from the detail, not from `detail-type` (whose values Snyk does not publish): an OCSF
 * Security Finding (`class_uid` 2001) is an issue event, an object with an `event` name is an audit event.
 *
 * @throws ValidationError naming the field path (for example `detail.finding.uid`) when the event is not a
 *   Snyk event or a required field is missing or mistyped.
 */
export function parseSnykEvent(input: unknown): ParsedSnykEvent {
  const envelope = EventBridgeEnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    throw invalid("an EventBridge event envelope", toIssues(envelope.error, []));
  }
  const event = envelope.data;
  if (!event.source.startsWith(SNYK_PARTNER_SOURCE_PREFIX)) {
    throw invalid("a Snyk event", [
      {
        field: "source",
        rule: `must be a Snyk partner event source (${SNYK_PARTNER_SOURCE_PREFIX}...)`,
        value: event.source,
      },
    ]);
  }
  const orgId = /^aws\.partner\/snyk\.io\/org_([^/]+)\//.exec(event.source)?.[1];
  const detail = event.detail;
  if (isObject(detail) && detail.class_uid !== undefined) {
    const parsed = SnykIssueDetailSchema.safeParse(detail);
    if (!parsed.success) {
      throw invalid("a Snyk issue event (OCSF Security Finding 1.0.0-rc.2)", toIssues(parsed.error, ["detail"]));
    }
    const typed = { ...event, detail: parsed.data } as EventBridgeEvent<string, SnykIssueDetail>;
    return withOrg({ kind: "issue", event: typed, detail: parsed.data }, orgId);
  }
  if (isObject(detail) && detail.event !== undefined) {
    const parsed = SnykAuditDetailSchema.safeParse(detail);
    if (!parsed.success) {
      throw invalid("a Snyk audit event", toIssues(parsed.error, ["detail"]));
    }
    const typed = { ...event, detail: parsed.data } as EventBridgeEvent<string, SnykAuditDetail>;
    return withOrg(
      { kind: "audit", event: typed, detail: parsed.data, entry: normalizeAuditEntry(parsed.data) },
      orgId,
    );
  }
  throw invalid("a Snyk event", [
    {
      field: "detail",
      rule: `must be an OCSF Security Finding (class_uid ${SECURITY_FINDING_CLASS_UID}) or an audit log entry (with "event")`,
      value: detail,
    },
  ]);
}

function withOrg<T extends ParsedSnykEvent>(parsed: T, orgId: string | undefined): T {
  return orgId === undefined ? parsed : { ...parsed, orgId };
}

function invalid(expected: string, issues: ValidationIssue[]): ValidationError {
  return ValidationError.fromIssues(`The event (expected ${expected})`, issues);
}

function toIssues(error: z.ZodError, prefix: readonly string[]): ValidationIssue[] {
  return error.issues.slice(0, 5).map((issue) => ({
    field: formatPath([...prefix, ...issue.path.map((part) => (typeof part === "symbol" ? String(part) : part))]),
    rule: issue.message,
  }));
}

function formatPath(parts: readonly (string | number)[]): string {
  if (parts.length === 0) {
    return "(event)";
  }
  return parts.reduce<string>(
    (path, part) => (typeof part === "number" ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`),
    "",
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
