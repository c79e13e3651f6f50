import {
  TerraformResource,
  hashMapper,
  hashMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  type TerraformMetaArguments,
} from "cdktf";
import type { Construct } from "constructs";

/** Settings of a {@link TerraformData} resource. */
export interface TerraformDataConfig extends TerraformMetaArguments {
  /**
   * Stored in state and readable as `self.input` (also by destroy-time provisioners); changing it is an
   * in-place update that runs no provisioner.
   * @default - no input
   */
  readonly input?: Record<string, string>;
  /**
   * Stored in state; any change replaces the resource (destroy provisioners, then create provisioners).
   * @default - never replaced by a value change
   */
  readonly triggersReplace?: Record<string, string>;
}

/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4), written as a plain resource.
 *
 * cdktf's own `DataResource` adds a validation that runs `terraform version` in a child process for every
 * instance at synth time: with 200 integrations that took 23 s instead of about 1 s. This class emits the same
 * JSON without it; the integration states the Terraform version it needs once per stack instead.
 *
 * @internal
 */
export class TerraformData extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = "terraform_data";

  private readonly input?: Record<string, string>;
  private readonly triggersReplace?: Record<string, string>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      terraformGeneratorMetadata: { providerName: "terraform" },
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
    });
    this.input = config.input;
    this.triggersReplace = config.triggersReplace;
  }

  /** The resource's ID (a random UUID chosen by Terraform). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      input: hashMapper(stringToTerraform)(this.input),
      triggers_replace: hashMapper(stringToTerraform)(this.triggersReplace),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return {
      input: hashMapperHcl(stringToHclTerraform)(this.input),
      triggers_replace: hashMapperHcl(stringToHclTerraform)(this.triggersReplace),
    };
  }
}
