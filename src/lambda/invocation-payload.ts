import { z } from "zod";
import { ValidationError } from "../errors";
import { parseIntegrationSpec, type IntegrationSpec } from "../provisioner/integration-spec";

/** The CRUD action Terraform's `aws_lambda_invocation` (`lifecycle_scope = "CRUD"`) adds under `tf`. */
export type InvocationAction = "create" | "update" | "delete";

/** An invocation payload, split and validated. */
export interface InvocationPayload {
  /** The CRUD action; `create` when the payload has no `tf` key (`lifecycle_scope = "CREATE_ONLY"`). */
  readonly action: InvocationAction;
  /** The spec of this invocation. */
  readonly spec: IntegrationSpec;
  /** For `update`: the spec of the previous input. */
  readonly previous?: IntegrationSpec;
}

const TfSchema = z.strictObject({
  action: z.enum(["create", "update", "delete"], { error: 'must be "create", "update" or "delete"' }),
  prev_input: z.unknown().optional(),
});

/**
 * Splits an invocation payload into the CRUD action, the spec and, for updates, the previous spec.
 * @throws ValidationError naming the field (`spec.<field>`, `tf.action`, `tf.prev_input.<field>`)
 */
export function parseInvocationPayload(event: unknown): InvocationPayload {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new ValidationError("The invocation payload must be a JSON object: the spec plus a tf key.", [
      { field: "payload", rule: "must be a JSON object" },
    ]);
  }
  const { tf, ...input } = event as Record<string, unknown>;
  let action: InvocationAction = "create";
  let previousInput: unknown;
  if (tf !== undefined) {
    const parsed = TfSchema.safeParse(tf);
    if (!parsed.success) {
      throw ValidationError.fromIssues(
        "The invocation payload's tf key",
        parsed.error.issues.map((issue) => ({
          field: ["tf", ...issue.path.map(String)].join("."),
          rule: issue.message,
        })),
      );
    }
    action = parsed.data.action;
    previousInput = parsed.data.prev_input;
  }
  const spec = parseIntegrationSpec(input, "the invocation payload");
  let previous: IntegrationSpec | undefined;
  if (action === "update" && previousInput !== undefined && previousInput !== null) {
    // Terraform's prev_input is the whole previous payload; its own tf key is not part of the spec.
    const previousSpec: Record<string, unknown> = { ...(previousInput as Record<string, unknown>) };
    delete previousSpec.tf;
    previous = parseIntegrationSpec(previousSpec, "the invocation payload's tf.prev_input");
  }
  return { action, spec, previous };
}
