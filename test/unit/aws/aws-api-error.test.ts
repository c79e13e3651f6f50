import { AwsApiError, isAwsErrorCode, toAwsApiError } from "../../../src/aws/aws-api-error";
import { listPartnerSources, toPartnerSource } from "../../../src/aws/partner-source-finder";
import { ValidationError } from "../../../src/errors";
import type { EventBridgeApi } from "../../../src/aws/eventbridge-api";
import { fakeApi } from "./fake-eventbridge-api";

const CANARY = "CANARY-secret-3e2d1c-never-print";

describe("toAwsApiError", () => {
  test("names the operation, code, status and request id, and says what to check", () => {
    // GIVEN
    const sdkError = Object.assign(new Error("User is not authorized."), {
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403, requestId: "req-1" },
    });

    // WHEN
    const error = toAwsApiError("DescribeEventSource", sdkError) as AwsApiError;

    // THEN
    expect(error).toBeInstanceOf(AwsApiError);
    expect(error).toMatchObject({
      operation: "DescribeEventSource",
      awsCode: "AccessDeniedException",
      status: 403,
      requestId: "req-1",
      retryable: false,
    });
    expect(error.message).toBe(
      "AWS DescribeEventSource failed with AccessDeniedException (HTTP 403, request id req-1): User is not authorized. Grant the credentials in use permission for events:DescribeEventSource.",
    );
    expect(isAwsErrorCode(error, "AccessDeniedException")).toBe(true);
  });

  test("throttling, 5xx and transport failures are retryable; credential errors say to check credentials", () => {
    // WHEN
    const throttled = toAwsApiError(
      "ListEventSources",
      Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } }),
    ) as AwsApiError;
    const internal = toAwsApiError(
      "ListEventSources",
      Object.assign(new Error("boom"), { name: "InternalException", $metadata: { httpStatusCode: 500 } }),
    ) as AwsApiError;
    const network = toAwsApiError("ListEventSources", new Error("connect ECONNREFUSED 127.0.0.1:1")) as AwsApiError;
    const credentials = toAwsApiError(
      "ListEventSources",
      Object.assign(new Error("The security token included in the request is invalid."), {
        name: "UnrecognizedClientException",
        $metadata: { httpStatusCode: 400 },
      }),
    ) as AwsApiError;

    // THEN
    expect([throttled.retryable, internal.retryable, network.retryable, credentials.retryable]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(network).toMatchObject({ awsCode: "NetworkError", status: 0 });
    expect(network.message).toContain("AWS_ENDPOINT_URL_EVENTBRIDGE");
    expect(credentials.message).toContain("Check the AWS credentials in use");
  });

  test("an AbortError passes through unchanged", () => {
    // GIVEN
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });

    // WHEN / THEN
    expect(toAwsApiError("ListEventSources", abort)).toBe(abort);
  });

  test("the message never carries credentials from the request", () => {
    // GIVEN
    const sdkError = Object.assign(new Error("Signature mismatch"), {
      name: "InvalidSignatureException",
      $metadata: { httpStatusCode: 400 },
      request: { headers: { authorization: `AWS4-HMAC-SHA256 Credential=AKID, Signature=${CANARY}` } },
    });

    // WHEN
    const error = toAwsApiError("PutRule", sdkError) as AwsApiError;

    // THEN
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify({ ...error, cause: undefined })).not.toContain(CANARY);
  });
});

describe("partner source finder", () => {
  test("an endpoint that repeats a NextToken is reported instead of looping forever", async () => {
    // GIVEN
    const api: EventBridgeApi = {
      ...fakeApi([]),
      listEventSources: async () => ({ EventSources: [], NextToken: "same" }),
    };

    // WHEN
    const error = await listPartnerSources(api, "aws.partner/snyk.io/org_1/").catch((e: unknown) => e);

    // THEN
    expect(ValidationError.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('returned the NextToken "same" twice');
  });

  test("a response without name, ARN or known state is rejected", () => {
    // WHEN / THEN
    expect(() =>
      toPartnerSource({ Name: "aws.partner/snyk.io/org_1/x", State: "UNKNOWN" as "ACTIVE" }, "ListEventSources"),
    ).toThrow(/ListEventSources returned an event source without a name, ARN or known state/);
  });
});
