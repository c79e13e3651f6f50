import { AWS_REGIONS, isKnownAwsRegion } from "../../../src/aws/aws-regions";
import { ValidationError } from "../../../src/errors";
import { parseIntegrationSpec } from "../../../src/provisioner/integration-spec";

const SPEC = {
  orgId: "3f9a9c64-7a2e-4d0b-9a41-0c6f3b8e2d15",
  groupId: "8b1e5c2a-0d4f-4e6a-b7c9-1a2b3c4d5e6f",
  name: "issues",
  eventType: "issues",
  accountId: "123456789012",
};

describe("AWS regions", () => {
  test.each(["us-east-1", "eu-west-1", "ap-southeast-7", "ca-west-1", "us-gov-west-1", "cn-northwest-1"])(
    "%s is a region",
    (region) => {
      expect(isKnownAwsRegion(region)).toBe(true);
    },
  );

  test.each(["eu-west-99", "us-east-7", "eu-west1", "EU-WEST-1", "us-iso-east-1"])("%s is not", (region) => {
    expect(isKnownAwsRegion(region)).toBe(false);
  });

  test("every known region fits the spec's region pattern", () => {
    for (const region of AWS_REGIONS) {
      expect(() => parseIntegrationSpec({ ...SPEC, region })).not.toThrow();
    }
  });

  test("a spec naming a region that does not exist fails validation, before anything is called, naming it", () => {
    // GIVEN the case: a well-formed region code AWS does not have
    let error: unknown;
    try {
      parseIntegrationSpec({ ...SPEC, region: "eu-west-99" }, "--spec spec.json");
    } catch (caught) {
      error = caught;
    }
    // THEN
    expect(ValidationError.isValidationError(error)).toBe(true);
    expect((error as ValidationError).message).toBe(
      "--spec spec.json is invalid:\n" +
        '  - spec.region is not an AWS region (AWS has no such region; check for a typo, e.g. eu-west-1) (got "eu-west-99")',
    );
  });
});
