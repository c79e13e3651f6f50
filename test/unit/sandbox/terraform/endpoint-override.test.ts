import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAwsProviderUsage } from "../../../../src/sandbox/terraform/aws-provider-configs";
import {
  ENDPOINT_OVERRIDE_FILE,
  SANDBOX_AWS_SERVICES,
  writeEndpointOverride,
} from "../../../../src/sandbox/terraform/endpoint-override";
import { ValidationError } from "../../../../src/errors";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "endpoint-override-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function overrideOf(stackDir: string): { provider: Record<string, Record<string, unknown>[]> } {
  return JSON.parse(readFileSync(join(stackDir, ENDPOINT_OVERRIDE_FILE), "utf8"));
}

describe("readAwsProviderUsage", () => {
  test("reads the default and aliased configurations of a cdktf stack (cdk.tf.json)", () => {
    // GIVEN what cdktf synthesizes for two AwsProviders, one aliased
    writeFileSync(
      join(dir, "cdk.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" } } },
        provider: { aws: [{ region: "us-east-1" }, { alias: "west", region: "us-west-2" }] },
      }),
    );

    // WHEN it is read THEN both configurations are found (cdktf writes the source "aws", meaning hashicorp/aws)
    expect(readAwsProviderUsage(dir)).toEqual({
      localNames: ["aws"],
      configurations: [
        { localName: "aws", file: "cdk.tf.json" },
        { localName: "aws", alias: "west", file: "cdk.tf.json" },
      ],
    });
  });

  test("reads .tf files, follows a renamed local name, and leaves out override files and other providers", () => {
    // GIVEN the AWS provider under the local name "amazon", another provider named "aws", and an override file
    writeFileSync(
      join(dir, "versions.tf"),
      'terraform {\n  required_providers {\n    amazon = {\n      source = "registry.terraform.io/hashicorp/aws"\n    }\n' +
        '    aws = { source = "example/aws" }\n  }\n}\n',
    );
    writeFileSync(
      join(dir, "main.tf"),
      'provider "amazon" {\n  region = "eu-west-1"\n}\nprovider "amazon" {\n  alias = "dr" # disaster recovery\n}\n' +
        'provider "aws" {}\n',
    );
    writeFileSync(join(dir, "extra.tf.json"), JSON.stringify({ provider: [{ amazon: { alias: "json" } }] }));
    writeFileSync(join(dir, "override.tf"), 'provider "amazon" { alias = "ignored" }\n');

    // WHEN it is read
    const usage = readAwsProviderUsage(dir);

    // THEN only the hashicorp/aws configurations are found, from every configuration file
    expect(usage.localNames).toEqual(["amazon"]);
    expect(usage.configurations).toEqual([
      { localName: "amazon", alias: "json", file: "extra.tf.json" },
      { localName: "amazon", file: "main.tf" },
      { localName: "amazon", alias: "dr", file: "main.tf" },
    ]);
  });

  test.each([
    ["aws", true],
    ["hashicorp/aws", true],
    ["registry.terraform.io/hashicorp/aws", true],
    ["Registry.Terraform.io/HashiCorp/AWS", true],
    ["example/aws", false],
    ["registry.example.com/hashicorp/aws", false],
  ])("the source %s is hashicorp/aws: %s", (source, isAws) => {
    // GIVEN a provider block whose local name is bound to the source
    writeFileSync(
      join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    aws = { source = "${source}" }\n  }\n}\nprovider "aws" {}\n`,
    );
    // WHEN it is read THEN its configuration counts only for hashicorp/aws
    expect(readAwsProviderUsage(dir).configurations).toHaveLength(isAws ? 1 : 0);
  });

  test("an alias that is not a quoted string is refused naming the file", () => {
    writeFileSync(join(dir, "main.tf"), 'provider "aws" {\n  alias = var.name\n}\n');
    expect(() => readAwsProviderUsage(dir)).toThrow(ValidationError);
    expect(() => readAwsProviderUsage(dir)).toThrow(/main\.tf provider "aws" has an alias that is not a quoted string/);
  });
});

describe("writeEndpointOverride", () => {
  test("points every AWS provider configuration at the sandbox for every service, as JSON", () => {
    // GIVEN an HCL stack with a default and an aliased AWS provider
    writeFileSync(join(dir, "main.tf"), 'provider "aws" {}\nprovider "aws" {\n  alias = "west"\n}\n');

    // WHEN the override is written
    const written = writeEndpointOverride(dir, "http://127.0.0.1:4010/");

    // THEN both configurations get the endpoint for each service, and no metadata API check
    expect(written).toEqual({
      file: join(dir, ENDPOINT_OVERRIDE_FILE),
      configurations: ["aws", "aws.west"],
      endpoint: "http://127.0.0.1:4010",
    });
    const blocks = overrideOf(dir).provider.aws;
    expect(blocks.map((block) => block.alias)).toEqual([undefined, "west"]);
    for (const block of blocks) {
      expect(block.skip_metadata_api_check).toBe("true");
      expect(block.endpoints).toEqual([
        Object.fromEntries(SANDBOX_AWS_SERVICES.map((service) => [service, "http://127.0.0.1:4010"])),
      ]);
    }
  });

  test("a stack without an AWS provider block gets no override, and a stale one is removed", () => {
    // GIVEN a stale override from an earlier configuration
    writeFileSync(join(dir, ENDPOINT_OVERRIDE_FILE), "{}");
    writeFileSync(join(dir, "main.tf"), 'resource "terraform_data" "x" {}\n');

    // WHEN the override is written THEN there is none
    expect(writeEndpointOverride(dir, "http://localhost:4010").configurations).toEqual([]);
    expect(existsSync(join(dir, ENDPOINT_OVERRIDE_FILE))).toBe(false);
  });

  test("an endpoint off loopback, or not a URL, is refused before anything is written", () => {
    writeFileSync(join(dir, "main.tf"), 'provider "aws" {}\n');
    expect(() => writeEndpointOverride(dir, "https://events.us-east-1.amazonaws.com")).toThrow(
      /is not an http\(s\) URL on loopback/,
    );
    expect(() => writeEndpointOverride(dir, "file:///etc/passwd")).toThrow(/not an http\(s\) URL on loopback/);
    expect(() => writeEndpointOverride(dir, "127.0.0.1:4010")).toThrow(ValidationError);
    expect(existsSync(join(dir, ENDPOINT_OVERRIDE_FILE))).toBe(false);
  });

  test("text Terraform would evaluate is written escaped", () => {
    // GIVEN an endpoint whose path holds a template sequence
    writeFileSync(join(dir, "main.tf"), 'provider "aws" {}\n');

    // WHEN the override is written
    writeEndpointOverride(dir, "http://127.0.0.1:4010/$%7Bx%7D/${y}");

    // THEN no template sequence is left for Terraform to evaluate
    const text = readFileSync(join(dir, ENDPOINT_OVERRIDE_FILE), "utf8");
    expect(text).not.toMatch(/(^|[^$])\$\{/);
  });
});
