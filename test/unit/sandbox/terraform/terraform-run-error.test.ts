import { TerraformRunError, findUnknownOperations } from "../../../../src/sandbox/terraform/terraform-run-error";
import type { TerraformDiagnostic } from "../../../../src/sandbox/terraform/terraform-events";

/** Diagnostics real Terraform (hashicorp/aws 5.100.0) reported against today's sandbox. */
const API_DESTINATION: TerraformDiagnostic = {
  severity: "error",
  summary:
    "creating EventBridge API Destination (d): operation error EventBridge: CreateApiDestination, https response " +
    "error StatusCode: 400, RequestID: 4a77ae4a-61c3-4cef-a06e-68f9fc0cbdd4, api error UnknownOperationException: " +
    "The sandbox EventBridge does not implement CreateApiDestination.",
  detail: "",
  address: "aws_cloudwatch_event_api_destination.d",
  location: "main.tf:12",
};
const SNS_TOPIC: TerraformDiagnostic = {
  severity: "error",
  summary:
    "creating SNS Topic (t): operation error SNS: CreateTopic, https response error StatusCode: 400, RequestID: " +
    "1e440ebf-2f02-4a36-b378-d35a67e89bcb, api error UnknownError: UnknownError",
  detail: "",
  address: "aws_sns_topic.t",
};

describe("TerraformRunError", () => {
  test("names the AWS operations the sandbox did not know, beside Terraform's own diagnostics", () => {
    // GIVEN a failed apply with two operations the sandbox could not answer
    const error = new TerraformRunError({
      command: ["terraform", "apply", "-auto-approve", "-input=false", "-json"],
      stackDir: "/stacks/s",
      exitCode: 1,
      aborted: false,
      diagnostics: [API_DESTINATION, SNS_TOPIC],
      outputTail: [],
    });

    // THEN the error carries the command, exit code, diagnostics and the operations
    expect(TerraformRunError.isTerraformRunError(error)).toBe(true);
    expect(error.code).toBe("TerraformRunError");
    expect(error.exitCode).toBe(1);
    expect(error.unknownOperations).toEqual(["EventBridge CreateApiDestination", "SNS CreateTopic"]);
    // AND the message shows Terraform's words, where, and what the sandbox lacks
    expect(error.message).toContain("terraform apply failed (exit code 1) in /stacks/s.");
    expect(error.message).toContain(`Error: ${API_DESTINATION.summary} (aws_cloudwatch_event_api_destination.d)`);
    expect(error.message).toContain("The sandbox does not serve EventBridge CreateApiDestination, SNS CreateTopic");
  });

  test("an aborted run says that Terraform stopped and how to go on", () => {
    const error = new TerraformRunError({
      command: ["terraform", "apply", "-auto-approve"],
      stackDir: "/stacks/s",
      exitCode: 1,
      aborted: true,
      diagnostics: [{ severity: "error", summary: "execution halted", detail: "" }],
      outputTail: [],
    });
    expect(error.aborted).toBe(true);
    expect(error.message).toMatch(/^terraform apply was interrupted in \/stacks\/s\./);
    expect(error.message).toContain("run the same command again to continue, or destroy");
  });

  test("without diagnostics, the last output lines are quoted", () => {
    const error = new TerraformRunError({
      command: ["terraform", "init", "-input=false"],
      stackDir: "/stacks/s",
      exitCode: null,
      aborted: false,
      diagnostics: [],
      outputTail: ["panic: runtime error"],
    });
    expect(error.message).toContain("terraform init failed (exit code none: killed)");
    expect(error.message).toContain("  panic: runtime error");
  });

  test("ordinary failures name no operation", () => {
    expect(
      findUnknownOperations([
        {
          severity: "error",
          summary:
            "creating EventBridge Rule (r): operation error EventBridge: PutRule, https response error StatusCode: 400, " +
            "RequestID: 1, api error ValidationException: Event pattern is not valid.",
          detail: "",
        },
      ]),
    ).toEqual([]);
  });
});
