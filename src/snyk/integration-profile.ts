import type { SnykEventType } from "../consts";

/**
 * The seam between the provisioner and Snyk's integration API. Snyk documents no public endpoint for
 * org-level EventBridge integrations, so how an integration is created is a replaceable profile:
 * `cloud-events` (Snyk's experimental Cloud Events registrations resource), `existing` (created in the Snyk
 * UI; no writes), or your own implementation of this interface.
 */
export interface IntegrationProfile {
  /** The profile's name, shown in results and errors (for example `cloud-events`). */
  readonly name: string;
  /** True when the profile never writes to Snyk; the provisioner then only observes and waits. */
  readonly readOnly: boolean;
  /** Every integration of this kind visible in `scope` (all pages). */
  list(scope: IntegrationScope, options?: CallOptions): Promise<SnykIntegration[]>;
  /** One integration by ID, or `undefined` when Snyk says it does not exist. */
  get(scope: IntegrationScope, id: string, options?: CallOptions): Promise<SnykIntegration | undefined>;
  /** Creates an integration; read-only profiles throw a `ValidationError` that says what to do instead. */
  create(desired: DesiredIntegration, options?: CallOptions): Promise<SnykIntegration>;
  /** Changes the mutable settings (the name) of an existing integration in place. */
  rename(scope: IntegrationScope, id: string, name: string, options?: CallOptions): Promise<SnykIntegration>;
  /** Deletes an integration; an integration that is already gone is `not-found`, not an error. */
  delete(scope: IntegrationScope, id: string, options?: CallOptions): Promise<"deleted" | "not-found">;
}

/** Where integrations are looked up. */
export interface IntegrationScope {
  /** The Snyk org whose events are sent. */
  readonly orgId: string;
  /**
   * The Snyk group the org belongs to; required by the `cloud-events` profile.
   * @default - none; profiles that need it throw a `ValidationError` naming `groupId`
   */
  readonly groupId?: string;
}

/** The immutable identity of an integration: changing any of these means delete and re-create in Snyk. */
export interface IntegrationIdentity extends IntegrationScope {
  /** The 12-digit AWS account that receives the partner event source. */
  readonly accountId: string;
  /** The AWS region of the partner event source, for example `eu-west-1`. */
  readonly region: string;
  /** Which Snyk events the integration sends. */
  readonly eventType: SnykEventType;
}

/** What the provisioner asks a profile to create. */
export interface DesiredIntegration extends IntegrationIdentity {
  /** The integration's display name in Snyk (mutable). */
  readonly name: string;
}

/** An integration as Snyk reports it. */
export interface SnykIntegration extends IntegrationIdentity {
  /** Snyk's ID of the integration (for `cloud-events`, the registration ID). */
  readonly id: string;
  /** The display name. */
  readonly name: string;
  /** When Snyk created it, when reported. */
  readonly createdAt?: string;
}

/** Per-call controls. */
export interface CallOptions {
  /**
   * Aborts the call (and its retries).
   * @default - the call runs until it succeeds, fails or reaches the client's deadline
   */
  readonly signal?: AbortSignal;
}
