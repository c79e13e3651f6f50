import { ValidationError } from "../../errors";
import type {
  DesiredIntegration,
  IntegrationIdentity,
  IntegrationProfile,
  IntegrationScope,
  SnykIntegration,
} from "../integration-profile";

/** An integration that was created in the Snyk UI, as the user declares it. */
export interface ExistingIntegrationDeclaration extends IntegrationIdentity {
  /** Its display name in Snyk. @default - "Amazon EventBridge (created in the Snyk UI)" */
  readonly name?: string;
}

/** Options of {@link ExistingProfile}. */
export interface ExistingProfileOptions {
  /** The integrations created in the Snyk UI that this profile reports as present. */
  readonly integrations: readonly ExistingIntegrationDeclaration[];
}

/** The name reported for a declared integration without one. */
export const EXISTING_INTEGRATION_DEFAULT_NAME = "Amazon EventBridge (created in the Snyk UI)";

/**
 * The synthetic ID under which {@link ExistingProfile} reports an integration:
 * `existing:<orgId>:<accountId>:<region>:<eventType>`. It is derived from the identity, so it is stable
 * across runs and never collides with a Snyk UUID.
 */
export function existingIntegrationId(identity: IntegrationIdentity): string {
  return `existing:${identity.orgId}:${identity.accountId}:${identity.region}:${identity.eventType}`;
}

/**
 * A read-only profile for integrations created by hand in the Snyk UI (Settings > Integrations > Amazon
 * EventBridge). It makes no Snyk calls at all: it reports each declared integration as present, so the
 * provisioner only waits for the partner event source, associates it and manages the AWS side. Every write
 * (`create` of an undeclared identity, `rename`, `delete`) throws a `ValidationError` that says what to do in
 * the Snyk UI instead; `create` of a declared identity returns it unchanged (adoption, not a write).
 */
export class ExistingProfile implements IntegrationProfile {
  /** `existing`. */
  public readonly name = "existing";
  /** This profile never writes to Snyk. */
  public readonly readOnly = true;
  private readonly integrations: readonly SnykIntegration[];

  constructor(options: ExistingProfileOptions) {
    this.integrations = options.integrations.map((declared) => ({
      id: existingIntegrationId(declared),
      name: declared.name ?? EXISTING_INTEGRATION_DEFAULT_NAME,
      orgId: declared.orgId,
      ...(declared.groupId !== undefined ? { groupId: declared.groupId } : {}),
      accountId: declared.accountId,
      region: declared.region,
      eventType: declared.eventType,
    }));
  }

  /** The declared integrations of the scope's org. */
  public async list(scope: IntegrationScope): Promise<SnykIntegration[]> {
    return this.integrations.filter((integration) => inScope(integration, scope));
  }

  /** The declared integration with this synthetic ID, if it belongs to the scope's org. */
  public async get(scope: IntegrationScope, id: string): Promise<SnykIntegration | undefined> {
    return this.integrations.find((integration) => integration.id === id && inScope(integration, scope));
  }

  /** Returns the declared integration of the same identity; anything else must be created in the Snyk UI. */
  public async create(desired: DesiredIntegration): Promise<SnykIntegration> {
    const match = this.integrations.find((integration) => integration.id === existingIntegrationId(desired));
    if (match !== undefined) {
      return match;
    }
    throw new ValidationError(
      `The existing profile makes no Snyk writes, and no integration is declared for org ${desired.orgId}, account ${desired.accountId}, region ${desired.region}, event type ${desired.eventType}. Create it in the Snyk UI (Settings > Integrations > Amazon EventBridge) and declare it, or use the cloud-events profile.`,
      [{ field: "profile", rule: "is read-only (existing)", value: "existing" }],
    );
  }

  /** Always throws: names are changed in the Snyk UI with this profile. */
  public async rename(scope: IntegrationScope, id: string, name: string): Promise<SnykIntegration> {
    throw new ValidationError(
      `The existing profile makes no Snyk writes: rename integration ${id} of org ${scope.orgId} to ${JSON.stringify(name)} in the Snyk UI, or set the declared name to the current one.`,
      [{ field: "profile", rule: "is read-only (existing)", value: "existing" }],
    );
  }

  /** Always throws: the integration was created in the Snyk UI and is deleted there. */
  public async delete(scope: IntegrationScope, id: string): Promise<"deleted" | "not-found"> {
    throw new ValidationError(
      `The existing profile makes no Snyk writes: delete integration ${id} of org ${scope.orgId} in the Snyk UI (Settings > Integrations > Amazon EventBridge); Snyk then deletes the partner event source.`,
      [{ field: "profile", rule: "is read-only (existing)", value: "existing" }],
    );
  }
}

function inScope(integration: SnykIntegration, scope: IntegrationScope): boolean {
  return (
    integration.orgId === scope.orgId &&
    (scope.groupId === undefined || integration.groupId === undefined || integration.groupId === scope.groupId)
  );
}
