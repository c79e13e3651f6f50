import { SnykApiError } from "../errors";
import { createProvisionerDeps, type ProvisionerDepsOptions } from "../provisioner/create-provisioner-deps";
import { reconcile } from "../provisioner/reconcile";
import { remove } from "../provisioner/remove";
import type { ReconcileResult, RemoveResult } from "../provisioner/results";
import { redactSecrets } from "../redact";
import { parseInvocationPayload } from "./invocation-payload";
import { cachedTokenSource, secretsManagerTokenSource, type TokenSource } from "./token-source";

/**
 * What the handler returns, and Terraform stores as the invocation's `result`: for create and update the
 * reconcile result (`integrationId`, `partnerSourceName`, `partnerSourceArn`, `partnerSourceState`, `actions`),
 * for delete the remove result. `action` is the CRUD action handled.
 */
export type InvocationResult =
  (ReconcileResult & { readonly action: "create" | "update" }) | (RemoveResult & { readonly action: "delete" });

/** Seams of {@link createHandler}. */
export interface HandlerOptions {
  /**
   * Where the Snyk token comes from; cached for the life of the container.
   * @default - Secrets Manager, secret ARN in `SNYK_TOKEN_SECRET_ARN`
   */
  readonly tokenSource?: TokenSource;
  /**
   * The function's environment.
   * @default - `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Extra provisioner dependencies (the EventBridge seam, Snyk client options, progress).
   * @default - the real clients from the environment
   */
  readonly deps?: Omit<ProvisionerDepsOptions, "env" | "token">;
}

/**
 * Builds a handler for `aws_lambda_invocation` with `lifecycle_scope = "CRUD"`. The payload is the spec plus
 * `{"tf": {"action", "prev_input"}}`: `create` reconciles (an existing integration is adopted), `update`
 * reconciles against `prev_input` (an immutable change replaces), `delete` removes the integration the payload
 * describes. The result JSON carries the verified partner source name for the bus to reference.
 */
export function createHandler(options: HandlerOptions = {}): (event: unknown) => Promise<InvocationResult> {
  const env = options.env ?? process.env;
  const token = cachedTokenSource(options.tokenSource ?? secretsManagerTokenSource(env));
  return async (event) => {
    try {
      const payload = parseInvocationPayload(event);
      const deps = createProvisionerDeps(payload.spec, { ...options.deps, env, token: await token.get() });
      try {
        if (payload.action === "delete") {
          return { action: "delete", ...(await remove(payload.spec, deps)) };
        }
        const result = await reconcile(payload.spec, deps, {
          intent: payload.action === "create" ? "create" : "converge",
          previous: payload.previous,
        });
        return { action: payload.action, ...result };
      } finally {
        await deps.close();
      }
    } catch (error) {
      if (SnykApiError.isSnykApiError(error) && error.status === 401) {
        // A rotated secret: read it again on the next invocation instead of failing until a cold start.
        token.invalidate();
      }
      if (error instanceof Error) {
        error.message = redactSecrets(error.message);
      }
      throw error;
    }
  };
}

/** The Lambda entry point (`index.handler` in the bundle). */
export const handler = createHandler();
