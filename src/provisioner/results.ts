import type { PartnerSourceState } from "../aws/partner-source";

/** What a reconcile run changed. */
export type ReconcileAction = "create" | "adopt" | "update" | "replace";

/** The result of `reconcile`: what Terraform stores and the CLI prints with `--json`. */
export interface ReconcileResult {
  /** Snyk's ID of the one integration that now exists. */
  readonly integrationId: string;
  /** The integration's name in Snyk. */
  readonly integrationName: string;
  /** The profile that manages the Snyk side. */
  readonly profile: string;
  /** The verified partner event source name (also the partner event bus name). */
  readonly partnerSourceName: string;
  /** `arn:aws:events:<region>::event-source/<name>`. */
  readonly partnerSourceArn: string;
  /** PENDING until a partner event bus is associated, then ACTIVE. */
  readonly partnerSourceState: PartnerSourceState;
  /** What changed, in order; empty when nothing did. */
  readonly actions: ReconcileAction[];
  /** Duplicate integrations of the same identity that were deleted (left by crashed or concurrent runs). */
  readonly duplicatesRemoved: string[];
}

/** The result of `remove`. */
export interface RemoveResult {
  /** The integrations deleted by this run; empty when there was nothing to delete. */
  readonly deleted: string[];
  /** The partner source the integration fed. */
  readonly partnerSourceName: string;
  /**
   * `absent` when the source no longer exists, `DELETED` when EventBridge still lists it as deleted; PENDING or
   * ACTIVE only when no integration was found to delete (see `note`).
   */
  readonly partnerSourceState: PartnerSourceState | "absent";
  /** `["delete"]` when something was deleted, empty when it was already gone. */
  readonly actions: "delete"[];
  /** Set when something was left in place (read-only profile, or a source of another integration): what to do. */
  readonly note?: string;
}

/** One difference between the spec and what exists. */
export interface DriftItem {
  /** The kind of difference. */
  readonly kind:
    | "missing"
    | "renamed"
    | "duplicate"
    | "identity-mismatch"
    | "source-missing"
    | "source-deleted"
    | "source-name-mismatch";
  /** One line that says what differs and what to do. */
  readonly message: string;
}

/** The result of `inspect`: a drift report made without writing anything. */
export interface InspectReport {
  /** True when the integration and its partner source exist as the spec declares. */
  readonly inSync: boolean;
  /** The integration found for the spec's identity, if any. */
  readonly integrationId?: string;
  /** Its name in Snyk. */
  readonly integrationName?: string;
  /** The partner source name the spec expects. */
  readonly partnerSourceName: string;
  /** The partner source's ARN, when it exists. */
  readonly partnerSourceArn?: string;
  /** The partner source's state, or `absent`. */
  readonly partnerSourceState: PartnerSourceState | "absent";
  /** Every difference found; empty when in sync. */
  readonly drift: DriftItem[];
}
