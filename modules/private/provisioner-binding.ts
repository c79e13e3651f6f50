import type { ITerraformDependable, TerraformResource } from "cdktf";
import type { IntegrationSpec } from "../../src/provisioner/integration-spec";

/** What the integration hands its provisioner host. @internal */
export interface ProvisionerBinding {
  /** The desired state; fields may hold Terraform tokens (account and region from data sources). */
  readonly spec: IntegrationSpec;
  /** The fields whose change means delete and re-create in Snyk (org, group, account, region, event type, profile). */
  readonly immutable: Record<string, string>;
  /** The partner source name the spec expects (name, or prefix plus suffix), known at synth. */
  readonly expectedSourceName: string;
  /** The wait timeout in seconds, for sizing the Lambda timeout. */
  readonly waitTimeoutSeconds: number;
}

/** What a host created. @internal */
export interface ProvisionerResources {
  /**
   * A resource replaced exactly when the integration's identity changes: the bus, rules and targets name its
   * `id` in `replace_triggered_by`, because Snyk deletes the partner source with the old integration.
   */
  readonly identity: TerraformResource;
  /** The resource that exists once the integration is reconciled and its partner source exists. */
  readonly ready: ITerraformDependable;
  /**
   * The verified partner source name, by reference, when the host reports it (Lambda).
   * @default - the expected name computed at synth
   */
  readonly partnerSourceName?: string;
  /**
   * The partner source ARN, by reference, when the host reports it.
   * @default - built from the region and the source name
   */
  readonly partnerSourceArn?: string;
  /**
   * Snyk's integration ID, by reference, when the host reports it.
   * @default - unknown (local host)
   */
  readonly integrationId?: string;
}
