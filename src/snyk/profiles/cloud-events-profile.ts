import { SnykApiError, ValidationError } from "../../errors";
import { SNYK_EVENT_TYPES, type SnykEventType } from "../../consts";
import type {
  CallOptions,
  DesiredIntegration,
  IntegrationProfile,
  IntegrationScope,
  SnykIntegration,
} from "../integration-profile";
import type { SnykClient } from "../snyk-client";
import { assertSnykId } from "../snyk-ids";
import { z } from "zod";
import {
  eventBridgeConfigSchema,
  GROUP_REGISTRATION_TYPE,
  type GroupRegistrationResource,
  groupRegistrationResourceSchema,
} from "./cloud-events-schemas";

/** The version of Snyk's experimental Cloud Events registrations API this profile was written against. */
export const CLOUD_EVENTS_API_VERSION = "2023-01-25~experimental";

/** The registrations collection under `/rest`; `{group_id}` is replaced with the scope's group. */
export const CLOUD_EVENTS_REGISTRATIONS_PATH = "/groups/{group_id}/cloud_events/group_registrations";

/** The registration `type` this profile creates and recognises (our reading; see the class docs). */
export const AWS_EVENTBRIDGE_REGISTRATION_TYPE = "aws-eventbridge";

/**
 * Statuses with which Snyk refuses a write this profile assumes it supports: the request is not understood
 * (400, 422), the route or method does not exist (404, 405), or it is not implemented (501). Anything else
 * (401, 403, 409, 429, 5xx) keeps the client's own error.
 */
const UNSUPPORTED_WRITE_STATUSES: ReadonlySet<number> = new Set([400, 404, 405, 422, 501]);

/** Options of {@link CloudEventsProfile}. */
export interface CloudEventsProfileOptions {
  /** The client that calls Snyk. */
  readonly client: SnykClient;
  /** The `version` parameter. @default - {@link CLOUD_EVENTS_API_VERSION} */
  readonly version?: string;
  /** The collection path under `/rest`, with a `{group_id}` placeholder. @default - {@link CLOUD_EVENTS_REGISTRATIONS_PATH} */
  readonly path?: string;
  /** The registration `type`. @default - {@link AWS_EVENTBRIDGE_REGISTRATION_TYPE} */
  readonly registrationType?: string;
  /**
   * The `config.event_type` string sent for each of our event types. Snyk does not publish these names.
   * @default - the event type itself (`issues`, `audit`)
   */
  readonly eventTypeNames?: Readonly<Partial<Record<SnykEventType, string>>>;
}

/**
 * The default profile: manages integrations as registrations of Snyk's Cloud Events API,
 * `/rest/groups/{group_id}/cloud_events/group_registrations[/{registration_id}]`, version
 * `2023-01-25~experimental`.
 *
 * What is documented and what is not: the Cloud Events registrations resource is Snyk's documented, but
 * experimental, programmatic registration API (experimental versions can change or disappear without
 * notice). Snyk documents no public API for the org-level "Amazon EventBridge" integration of its UI. That
 * this resource accepts `type: "aws-eventbridge"` with the config `{org_id, account_id, region, event_type}`
 * is our best reading, not a documented fact, and so are the `PATCH` that renames a registration and the
 * `GET` of one registration (Snyk documents list, create and delete only). Path, version, registration type
 * and event-type names are therefore all options; when Snyk documents otherwise, change them (or write your own
 * profile) without changing the provisioner. When Snyk refuses the registration or the rename, the error says
 * so, quotes Snyk's detail and request ID, and names the way out (the Snyk UI and the `existing` profile).
 */
export class CloudEventsProfile implements IntegrationProfile {
  /** `cloud-events`. */
  public readonly name = "cloud-events";
  /** This profile writes to Snyk. */
  public readonly readOnly = false;
  /** The `version` parameter used. */
  public readonly version: string;
  private readonly client: SnykClient;
  private readonly path: string;
  private readonly registrationType: string;
  private readonly eventTypeNames: Readonly<Record<SnykEventType, string>>;

  constructor(options: CloudEventsProfileOptions) {
    this.client = options.client;
    this.version = options.version ?? CLOUD_EVENTS_API_VERSION;
    this.path = options.path ?? CLOUD_EVENTS_REGISTRATIONS_PATH;
    if (!this.path.includes("{group_id}")) {
      throw ValidationError.fromIssues("cloud-events profile options", [
        { field: "path", rule: "must contain the {group_id} placeholder", value: this.path },
      ]);
    }
    this.registrationType = options.registrationType ?? AWS_EVENTBRIDGE_REGISTRATION_TYPE;
    this.eventTypeNames = { issues: "issues", audit: "audit", ...options.eventTypeNames };
  }

  /** Every EventBridge registration of the scope's group that sends events of the scope's org. */
  public async list(scope: IntegrationScope, options?: CallOptions): Promise<SnykIntegration[]> {
    const resources = await this.client.listAll(
      { path: this.collectionPath(scope), version: this.version, resource: groupRegistrationResourceSchema },
      options,
    );
    return resources
      .filter((resource) => resource.attributes.type === this.registrationType)
      .map((resource) => this.toIntegration(resource, scope))
      .filter((integration) => integration.orgId === scope.orgId);
  }

  /**
   * One registration, or `undefined` when it is gone or not an EventBridge registration of the org. Read from
   * the listing: Snyk documents no `GET` of one registration.
   */
  public async get(scope: IntegrationScope, id: string, options?: CallOptions): Promise<SnykIntegration | undefined> {
    assertSnykId("integration id", id);
    return (await this.list(scope, options)).find((integration) => integration.id === id);
  }

  /** Creates a registration (`POST`). */
  public async create(desired: DesiredIntegration, options?: CallOptions): Promise<SnykIntegration> {
    assertSnykId("orgId", desired.orgId);
    const body = {
      data: {
        type: GROUP_REGISTRATION_TYPE,
        attributes: {
          type: this.registrationType,
          name: desired.name,
          config: {
            org_id: desired.orgId,
            account_id: desired.accountId,
            region: desired.region,
            event_type: this.eventTypeNames[desired.eventType],
          },
        },
      },
    };
    try {
      const response = await this.client.request(
        { method: "POST", path: this.collectionPath(desired), version: this.version, body, schema: single },
        options,
      );
      return this.toIntegration(response.data.data, desired);
    } catch (error) {
      throw refusedWrite(error) ? this.registrationRefused(desired, error) : error;
    }
  }

  /** Changes the registration's name (`PATCH`). */
  public async rename(
    scope: IntegrationScope,
    id: string,
    name: string,
    options?: CallOptions,
  ): Promise<SnykIntegration> {
    assertSnykId("integration id", id);
    const body = { data: { type: GROUP_REGISTRATION_TYPE, id, attributes: { name } } };
    try {
      const response = await this.client.request(
        { method: "PATCH", path: this.itemPath(scope, id), version: this.version, body, schema: single },
        options,
      );
      return this.toIntegration(response.data.data, scope);
    } catch (error) {
      if (!refusedWrite(error)) {
        throw error;
      }
      throw new SnykApiError(
        `Snyk refused to rename integration ${id} to ${JSON.stringify(name)}: ${snykSaid(error)}. ` +
          "Snyk documents no way to rename a Cloud Events registration (no PATCH). Rename it in the Snyk UI, " +
          "or set the spec's name back to the name it has in Snyk; to take the new name through the API, run " +
          "delete and then reconcile, which replaces the integration and its partner event source.",
        { ...error, retryable: false },
        { cause: error },
      );
    }
  }

  /** Deletes the registration (`DELETE`); Snyk's 404 means it was already gone. */
  public async delete(scope: IntegrationScope, id: string, options?: CallOptions): Promise<"deleted" | "not-found"> {
    assertSnykId("integration id", id);
    try {
      await this.client.request({ method: "DELETE", path: this.itemPath(scope, id), version: this.version }, options);
      return "deleted";
    } catch (error) {
      if (SnykApiError.isSnykApiError(error) && error.status === 404) {
        return "not-found";
      }
      throw error;
    }
  }

  private registrationRefused(desired: DesiredIntegration, error: SnykApiError): SnykApiError {
    return new SnykApiError(
      `Snyk did not accept the registration of an Amazon EventBridge integration for org ${desired.orgId} ` +
        `(account ${desired.accountId}, region ${desired.region}, ${desired.eventType} events) in group ` +
        `${desired.groupId ?? "-"}: ${snykSaid(error)}. The cloud-events profile relies on a registration type ` +
        `(${JSON.stringify(this.registrationType)}) that Snyk does not document, so this API may not support it. ` +
        'Create the integration in the Snyk UI (Settings > Integrations > Amazon EventBridge), then set "profile": ' +
        '"existing" in the spec (profile: "existing" on the construct) so that the run waits for its partner event ' +
        "source instead of writing to Snyk.",
      { ...error, retryable: false },
      { cause: error },
    );
  }

  private collectionPath(scope: IntegrationScope): string {
    if (scope.groupId === undefined || scope.groupId === "") {
      throw ValidationError.fromIssues("integration scope", [
        {
          field: "groupId",
          rule: "is required by the cloud-events profile (registrations live under a Snyk group; copy the ID from the group settings URL)",
        },
      ]);
    }
    assertSnykId("groupId", scope.groupId);
    return this.path.replace("{group_id}", encodeURIComponent(scope.groupId));
  }

  private itemPath(scope: IntegrationScope, id: string): string {
    return `${this.collectionPath(scope)}/${encodeURIComponent(id)}`;
  }

  private toIntegration(resource: GroupRegistrationResource, scope: IntegrationScope): SnykIntegration {
    const config = eventBridgeConfigSchema.safeParse(resource.attributes.config);
    const eventType = config.success ? this.eventTypeOf(config.data.event_type) : undefined;
    if (!config.success || eventType === undefined) {
      const problem = config.success
        ? `config.event_type ${JSON.stringify(config.data.event_type)} is not one of ${Object.values(this.eventTypeNames).join(", ")}`
        : config.error.issues.map((issue) => `config.${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new SnykApiError(
        `Snyk registration ${resource.id} of type ${this.registrationType} has a config this profile cannot read: ${problem}. Set the cloud-events profile's eventTypeNames to Snyk's names, or manage this registration in the Snyk UI.`,
        { status: 200, retryable: false, operation: `GET /rest${this.collectionPath(scope)}` },
      );
    }
    return {
      id: resource.id,
      name: resource.attributes.name ?? "",
      orgId: config.data.org_id,
      groupId: scope.groupId,
      accountId: config.data.account_id,
      region: config.data.region,
      eventType,
      ...(resource.attributes.created_at !== undefined ? { createdAt: resource.attributes.created_at } : {}),
    };
  }

  private eventTypeOf(name: string): SnykEventType | undefined {
    return SNYK_EVENT_TYPES.find((eventType) => this.eventTypeNames[eventType] === name);
  }
}

const single = z.looseObject({ data: groupRegistrationResourceSchema });

function refusedWrite(error: unknown): error is SnykApiError {
  return SnykApiError.isSnykApiError(error) && UNSUPPORTED_WRITE_STATUSES.has(error.status);
}

/** What Snyk answered, for a message: status, its error detail, and the request ID to quote to Snyk. */
function snykSaid(error: SnykApiError): string {
  return [
    `HTTP ${error.status}`,
    error.detail === undefined ? "" : `: ${error.detail.replace(/[.\s]+$/, "")}`,
    error.requestId === undefined ? " (no Snyk request ID)" : ` (Snyk request ID ${error.requestId})`,
  ].join("");
}
