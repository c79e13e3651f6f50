/**
 * An error the simulated EventBridge answers with, in AWS JSON 1.1 form: HTTP 400 (client faults) or 500,
 * header `x-amzn-ErrorType`, body `{"__type": ..., "message": ...}`. Messages are the ones AWS gives,
 * taken from the recorded responses in `conformance/eventbridge-recorded/` where they exist.
 */
export class AwsServiceError extends Error {
  /** The AWS error code, for example `ResourceNotFoundException`. */
  public readonly type: string;
  /** HTTP status. */
  public readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** `ValidationException` with `message`. */
export function validationError(message: string): AwsServiceError {
  return new AwsServiceError("ValidationException", message);
}

/** The bus does not exist (recorded: "Event bus <name> does not exist."). */
export function busNotFound(name: string): AwsServiceError {
  return new AwsServiceError("ResourceNotFoundException", `Event bus ${name} does not exist.`);
}

/** The rule does not exist on the bus (recorded: "Rule <rule> does not exist on EventBus <bus>."). */
export function ruleNotFound(rule: string, bus: string): AwsServiceError {
  return new AwsServiceError("ResourceNotFoundException", `Rule ${rule} does not exist on EventBus ${bus}.`);
}

/** The partner event source does not exist in the caller's account and region. */
export function sourceNotFound(name: string): AwsServiceError {
  return new AwsServiceError("ResourceNotFoundException", `Event source ${name} does not exist.`);
}
