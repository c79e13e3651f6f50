import { Token } from "cdktf";
import type { z } from "zod";
import { type ValidationIssue } from "../../src/errors";
import { IntegrationSpecSchema } from "../../src/provisioner/integration-spec";

type SpecField = keyof typeof IntegrationSpecSchema.shape;

/**
 * Checks one prop with the provisioner's own spec rules, so the construct and the CLI accept exactly the same
 * values; Terraform references are skipped (only Terraform knows their values).
 *
 * @internal
 */
export function checkSpecField(
  issues: ValidationIssue[],
  field: SpecField,
  value: unknown,
  propName: string = field,
): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const schema: z.ZodType = IntegrationSpecSchema.shape[field];
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.length === 0 ? "" : `.${issue.path.join(".")}`;
      issues.push({ field: `${propName}${path}`, rule: issue.message, value });
    }
  }
}
