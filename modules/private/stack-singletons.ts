import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { locateBundle } from "./bundles";

/** The Terraform version `terraform_data` needs; stated once per stack. */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.4";

/**
 * Returns the child `id` of the stack root, creating it with `create` the first time. Constructs that must
 * exist once per stack (the CLI asset, the data sources for account and region) live at the stack root under
 * a fixed ID, so their Terraform addresses stay stable however many integrations use them.
 */
export function stackSingleton<T extends IConstruct>(
  scope: IConstruct,
  id: string,
  create: (stack: TerraformStack) => T,
): T {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  return existing === undefined ? create(stack) : (existing as T);
}

/**
 * States once per stack that Terraform must be at least 1.4, the first version with `terraform_data` (the
 * check cdktf's own `DataResource` would run per instance at synth time).
 */
export function requireTerraformDataVersion(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (!versionStated.has(stack)) {
    stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    versionStated.add(stack);
  }
}

const versionStated = new WeakSet<TerraformStack>();

/** The bundled CLI copied into the stack once, shared by every integration that uses the local host. */
export function cliAsset(scope: Construct): TerraformAsset {
  return stackSingleton(scope, "SnykEventBridgeCli", (stack) => {
    return new TerraformAsset(stack, "SnykEventBridgeCli", { path: locateBundle("cli"), type: AssetType.FILE });
  });
}

/** The bundled Lambda handler, zipped into the stack once. */
export function lambdaAsset(scope: Construct): TerraformAsset {
  return stackSingleton(scope, "SnykEventBridgeLambda", (stack) => {
    return new TerraformAsset(stack, "SnykEventBridgeLambda", {
      path: locateBundle("lambda"),
      type: AssetType.ARCHIVE,
    });
  });
}

/** The account of the stack's default AWS provider, read once per stack. */
export function callerIdentity(scope: Construct): DataAwsCallerIdentity {
  return stackSingleton(
    scope,
    "SnykEventBridgeCaller",
    (stack) => new DataAwsCallerIdentity(stack, "SnykEventBridgeCaller"),
  );
}

/** The region of the stack's default AWS provider, read once per stack. */
export function currentRegion(scope: Construct): DataAwsRegion {
  return stackSingleton(scope, "SnykEventBridgeRegion", (stack) => new DataAwsRegion(stack, "SnykEventBridgeRegion"));
}
