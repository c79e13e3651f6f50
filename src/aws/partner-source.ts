/** States of a partner event source, as EventBridge reports them. */
export type PartnerSourceState = "PENDING" | "ACTIVE" | "DELETED";

/** A partner event source in the customer's account, as `DescribeEventSource`/`ListEventSources` report it. */
export interface PartnerSource {
  /** For Snyk: `aws.partner/snyk.io/org_<orgId>/<event type>`. */
  readonly name: string;
  /** `arn:aws:events:<region>::event-source/aws.partner/...`. */
  readonly arn: string;
  /** PENDING until a partner event bus is associated, ACTIVE after, DELETED once the partner removed it. */
  readonly state: PartnerSourceState;
  /** The partner that created it (for Snyk, `snyk.io`). */
  readonly createdBy?: string;
  readonly creationTime?: Date;
  /** A PENDING source is deleted by AWS if no bus is associated before this time. */
  readonly expirationTime?: Date;
}
