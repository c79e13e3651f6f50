/**
 * How the Snyk simulator makes a partner event source appear (and disappear) in the EventBridge simulator,
 * as Snyk does in a real AWS account. A small interface so that each simulator also runs alone.
 */
export interface PartnerSourceRegistry {
  /** Creates the partner event source `name` (state PENDING) in `accountId`/`region`. */
  createPartnerSource(source: { name: string; accountId: string; region: string }): void;
  /** The partner deletes the source: it disappears, and an associated bus sees it as DELETED. */
  deletePartnerSource(source: { name: string; accountId: string; region: string }): void;
}
