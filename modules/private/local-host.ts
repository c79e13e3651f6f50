import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { ENV } from "../../src/consts";
import type { ProvisionerBinding, ProvisionerResources } from "./provisioner-binding";
import { cliAsset, requireTerraformDataVersion } from "./stack-singletons";
import { TerraformData } from "./terraform-data";

/** Settings of the local host that reach the command line. @internal */
export interface LocalProvisionerOptions {
  /** The Node.js executable. */
  readonly nodeCommand: string;
}

/**
 * Creates the local host's custom resource as two `terraform_data` resources, because `terraform_data` runs
 * create provisioners only when it is created and never on an in-place update:
 *
 * - `Integration` holds the immutable identity in `triggers_replace` and the spec in `input`; its destroy
 *   provisioner deletes the integration reading only `self.input` (Terraform allows nothing else there). A
 *   rename changes only `input`: an in-place update that runs nothing and deletes nothing.
 * - `Reconcile` is replaced whenever the spec or the `Integration` resource changes, and its create
 *   provisioner runs `reconcile`: it creates the integration the first time, renames it in place on a rename,
 *   and re-creates it after an identity change (once `Integration`'s destroy step deleted the old one).
 *
 * The spec travels in the provisioner's environment (`SNYK_EVENTBRIDGE_SPEC`), so no JSON is quoted on a
 * shell command line; the token comes from the environment of `terraform apply` and appears nowhere here.
 *
 * @internal
 */
export function createLocalProvisioner(
  scope: Construct,
  binding: ProvisionerBinding,
  options: LocalProvisionerOptions,
): ProvisionerResources {
  const asset = cliAsset(scope);
  requireTerraformDataVersion(scope);
  const cli = `${options.nodeCommand} ${asset.path}`;
  const specJson = Fn.jsonencode(binding.spec);
  const integration = new TerraformData(scope, "Integration", {
    triggersReplace: binding.immutable,
    input: { spec: specJson },
    provisioners: [
      {
        type: "local-exec",
        when: "destroy",
        command: `${cli} delete --spec-env ${ENV.SPEC}`,
        // Destroy-time provisioners may only read `self`: the spec stored in state at the last apply.
        environment: { [ENV.SPEC]: "${self.input.spec}" },
      },
    ],
  });
  const reconcile = new TerraformData(scope, "Reconcile", {
    triggersReplace: { spec: specJson, integration: integration.id },
    provisioners: [
      {
        type: "local-exec",
        command: `${cli} reconcile --spec-env ${ENV.SPEC}`,
        environment: { [ENV.SPEC]: specJson },
      },
    ],
  });
  return { identity: integration, ready: reconcile };
}
