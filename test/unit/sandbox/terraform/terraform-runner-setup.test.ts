import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "../../../../src/errors";
import { TerraformRunner } from "../../../../src/sandbox/terraform/terraform-runner";
import { TerraformSetupError } from "../../../../src/sandbox/terraform/terraform-setup-error";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "runner-setup-"));
  writeFileSync(join(dir, "main.tf"), 'provider "aws" {}\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("TerraformRunner.create", () => {
  test("without terraform on PATH it fails saying how to get it, and writes nothing into the stack", async () => {
    // GIVEN a host whose PATH holds no terraform
    const create = TerraformRunner.create({
      stackDir: dir,
      sandboxEnv: { AWS_ENDPOINT_URL: "http://127.0.0.1:4010" },
      hostEnv: { PATH: join(dir, "no-bin"), HOME: dir },
      mirror: null,
    });

    // WHEN the runner is created THEN it fails before any side effect
    await expect(create).rejects.toThrow(TerraformSetupError);
    await expect(create).rejects.toThrow(/terraform was not found on PATH.*>= 1\.4\.0/);
    expect(readdirSync(dir)).toEqual(["main.tf"]);
  });

  test("without a sandbox AWS endpoint it fails naming the variables", async () => {
    const create = TerraformRunner.create({ stackDir: dir, sandboxEnv: { SNYK_TOKEN: "t0ken" }, mirror: null });
    await expect(create).rejects.toThrow(ValidationError);
    await expect(create).rejects.toThrow(/neither AWS_ENDPOINT_URL nor AWS_ENDPOINT_URL_EVENTBRIDGE/);
    expect(readdirSync(dir)).toEqual(["main.tf"]);
  });

  test("an endpoint off loopback is refused before anything is written", async () => {
    const create = TerraformRunner.create({
      stackDir: dir,
      sandboxEnv: { AWS_ENDPOINT_URL: "https://sts.amazonaws.com" },
      hostEnv: { PATH: join(dir, "no-bin") },
      mirror: null,
    });
    await expect(create).rejects.toThrow(/not an http\(s\) URL on loopback/);
    expect(readdirSync(dir)).toEqual(["main.tf"]);
  });
});
