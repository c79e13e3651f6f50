import type { PartnerSource } from "../aws/partner-source";
import type { IntegrationProfile } from "../snyk/integration-profile";
import type { WaitLimits } from "./integration-spec";

/**
 * The AWS half of the provisioner's observe/act seam: how it sees partner event sources. The default
 * implementation talks to EventBridge (`ListEventSources`); tests swap in an in-memory one.
 */
export interface PartnerSourceDirectory {
  /** Every partner event source whose name starts with `namePrefix` (all pages): one AWS read. */
  list(namePrefix: string, options?: { readonly signal?: AbortSignal }): Promise<PartnerSource[]>;
  /**
   * Waits until the expected source exists (PENDING or ACTIVE) and returns it.
   * Throws a `ValidationError` naming the source when a new source under the prefix appears with another name,
   * a `PartnerSourceDeletedError` when the expected source is DELETED (it never becomes usable again), and a
   * `TimeoutError` (saying what to check) at the deadline.
   */
  waitFor(request: SourceWaitRequest): Promise<PartnerSource>;
}

/** What {@link PartnerSourceDirectory.waitFor} waits for. */
export interface SourceWaitRequest {
  /** The Snyk org; the source lives under `aws.partner/snyk.io/org_<orgId>/`. */
  readonly orgId: string;
  /** The AWS account the source is expected in (for the timeout message). */
  readonly accountId: string;
  /** The AWS region the source is expected in (for the timeout message). */
  readonly region: string;
  /** The exact name the spec expects. */
  readonly expectedName: string;
  /** Sources under the prefix that existed before this run acted; they never count as a mismatch. */
  readonly known: ReadonlySet<string>;
  /** Deadline and poll delays. */
  readonly limits: WaitLimits;
  /**
   * Aborts the wait.
   * @default - the wait ends only at the source or the deadline
   */
  readonly signal?: AbortSignal;
  /**
   * Called after every poll that did not find the source.
   * @default - no progress reports
   */
  readonly onPoll?: (poll: { readonly attempt: number; readonly elapsedMs: number; readonly seen: string[] }) => void;
}

/** One step of a provisioner run, for progress output. */
export interface ProgressEvent {
  /** What the provisioner is doing. */
  readonly phase: "observe" | "create" | "adopt" | "update" | "replace" | "delete" | "wait" | "done";
  /** One human-readable line. */
  readonly message: string;
}

/** Everything a provisioner run talks to; build the real one with `createProvisionerDeps`. */
export interface ProvisionerDeps {
  /** The Snyk half of the seam. */
  readonly profile: IntegrationProfile;
  /** The AWS half of the seam. */
  readonly sources: PartnerSourceDirectory;
  /**
   * Aborts the run between and during calls.
   * @default - the run is not abortable
   */
  readonly signal?: AbortSignal;
  /**
   * Receives progress events.
   * @default - no progress reports
   */
  readonly onProgress?: (event: ProgressEvent) => void;
}
