import { SnykEventBridgeError } from "../../errors";

/**
 * A step of a sandbox apply or destroy failed after it started acting (a provisioner exited non-zero, an
 * EventBridge call was refused, a Lambda handler threw). Problems found before any side effect are
 * `ValidationError`s instead.
 */
export class ApplyError extends SnykEventBridgeError {
  /** Whether `value` is an `ApplyError`, whichever copy of the package created it. */
  public static isApplyError(value: unknown): value is ApplyError {
    return SnykEventBridgeError.isInstance(value) && value.code === "ApplyError";
  }

  /** The resource address the step was working on, for example `terraform_data.integration`. */
  public readonly address: string;

  constructor(address: string, message: string, options?: { cause?: unknown }) {
    super("ApplyError", `${address}: ${message}`, options);
    this.address = address;
  }
}
