import type { ProviderMirror, TerraformBinary } from "../../src/sandbox/terraform";
import { findProviderMirror, findTerraform } from "../../src/sandbox/terraform";

/** What a test that runs real Terraform gets. */
export interface RealTerraform {
  /** `terraform` from PATH, version-checked. */
  readonly terraform: TerraformBinary;
  /** The local mirror holding `hashicorp/aws`. */
  readonly mirror: ProviderMirror;
}

type Probe = { readonly ok: true; readonly tools: RealTerraform } | { readonly ok: false; readonly reason: string };

let probed: Probe | undefined;

/** Finds Terraform and the provider mirror once per test file. */
function probe(): Probe {
  if (probed === undefined) {
    try {
      const terraform = findTerraform();
      const mirror = findProviderMirror();
      probed =
        mirror === undefined
          ? {
              ok: false,
              reason:
                "no local provider mirror holds registry.terraform.io/hashicorp/aws: set " +
                "SNYK_EVENTBRIDGE_PROVIDER_MIRROR (docs/terraform-runner.md)",
            }
          : { ok: true, tools: { terraform, mirror } };
    } catch (error) {
      probed = { ok: false, reason: (error as Error).message };
    }
  }
  return probed;
}

/**
 * `describe` for tests that run real Terraform with the AWS provider from a local mirror, so that every such
 * suite behaves the same when they are missing:
 * - in CI (`CI` set, as `.ci/run` does) the suite fails, naming what is missing: CI never passes by skipping;
 * - elsewhere the suite is reported as skipped by Jest, and a banner on stderr says so and why.
 *
 * @param name the suite's name
 * @param body defines the tests; `tools()` gives Terraform and the mirror (call it inside hooks and tests)
 */
export function describeWithRealTerraform(name: string, body: (tools: () => RealTerraform) => void): void {
  const found = probe();
  if (found.ok) {
    describe(name, () => body(() => found.tools));
    return;
  }
  if (process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false") {
    describe(name, () => {
      test("needs terraform and the hashicorp/aws provider mirror", () => {
        throw new Error(`real Terraform is required in CI, and ${found.reason}`);
      });
    });
    return;
  }
  process.stderr.write(
    `\n${"!".repeat(100)}\n!! SKIPPED "${name}": it runs real Terraform, and ${found.reason}.\n` +
      `!! CI fails here; install Terraform and the provider mirror to run it (docs/terraform-runner.md).\n` +
      `${"!".repeat(100)}\n\n`,
  );
  // The one deliberate skip in the suite: only outside CI, announced above, for a machine without Terraform.
  describe.skip(name, () =>
    body(() => {
      throw new Error(found.reason);
    }),
  );
}
