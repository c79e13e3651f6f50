import { SnykEventBridgeError } from "../../errors";

/**
 * Terraform cannot be run here as asked: the `terraform` executable is missing or too old, or the provider
 * mirror named in the environment does not hold what it must. Raised before Terraform is started, so nothing
 * was changed. The message says what to install or set.
 */
export class TerraformSetupError extends SnykEventBridgeError {
  /** Whether `value` is a `TerraformSetupError`, whichever copy of the package created it. */
  public static isTerraformSetupError(value: unknown): value is TerraformSetupError {
    return SnykEventBridgeError.isInstance(value) && value.code === "TerraformSetupError";
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super("TerraformSetupError", message, options);
  }
}
