// `.ci/run` runs this before the tests: CI must fail, clearly, when real Terraform or the hashicorp/aws provider
// mirror is missing, instead of passing because the real-Terraform tests could not run. It uses the runner's own
// search, so CI finds exactly what the tests will use.
import { findProviderMirror, findTerraform } from "../src/sandbox/terraform";

try {
  const terraform = findTerraform();
  const mirror = findProviderMirror();
  if (mirror === undefined) {
    console.error(
      "check-terraform: no local provider mirror holds registry.terraform.io/hashicorp/aws. The real-Terraform " +
        "tests need one (no registry is reachable): set SNYK_EVENTBRIDGE_PROVIDER_MIRROR to a directory in " +
        "Terraform's filesystem-mirror layout (docs/terraform-runner.md).",
    );
    process.exit(1);
  }
  console.log(
    `check-terraform: Terraform ${terraform.version} at ${terraform.path}; hashicorp/aws ` +
      `${mirror.awsVersions.join(", ")} in ${mirror.dir} (found by ${mirror.foundBy}).`,
  );
} catch (error) {
  console.error(`check-terraform: ${(error as Error).message}`);
  process.exit(1);
}
