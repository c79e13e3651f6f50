import { ValidationError } from "../../errors";
import { evaluate } from "./expression-eval";
import type { ProviderConfig } from "./stack-config";

/** The account and region a provider configuration points at. */
export interface Placement {
  readonly accountId: string;
  readonly region: string;
  /** Whether it is the sandbox's own account and region (EventBridge resources are then created for real). */
  readonly inSandbox: boolean;
}

/**
 * Works out where each provider configuration puts its resources. The default `aws` provider must point at
 * the sandbox's region (otherwise the stack was synthesized for somewhere else, and applying it here would
 * mix ARNs of two regions); aliased providers may point elsewhere (for example the central security account
 * of a cross-account forwarding rule), and their resources are then recorded rather than simulated.
 */
export function placeProviders(
  providers: ReadonlyMap<string, ProviderConfig>,
  sandbox: { readonly accountId: string; readonly region: string },
): Map<string, Placement> {
  const placements = new Map<string, Placement>();
  for (const provider of providers.values()) {
    const body = evaluate(
      provider.body,
      {
        lookup: (address, where) => {
          throw new ValidationError(
            `${where}: provider configurations that reference ${address} are not supported by the sandbox apply ` +
              "harness; give the provider literal settings.",
            [{ field: where, rule: "must not reference other objects", value: address }],
          );
        },
      },
      `provider.${provider.key}`,
    ) as { readonly [key: string]: unknown };
    const region = typeof body.region === "string" ? body.region : sandbox.region;
    const accountId = accountOf(body) ?? sandbox.accountId;
    if (provider.key === "aws" && (region !== sandbox.region || accountId !== sandbox.accountId)) {
      const actual = region !== sandbox.region ? `region ${region}` : `account ${accountId}`;
      const expected = region !== sandbox.region ? `region ${sandbox.region}` : `account ${sandbox.accountId}`;
      throw new ValidationError(
        `provider.aws points at ${actual}, but the sandbox simulates ${expected}. Synthesize the stack for the ` +
          "sandbox (the reference app does by default) or start the sandbox with the same account and region.",
        [{ field: "provider.aws", rule: `must point at the sandbox's ${expected}`, value: actual }],
      );
    }
    placements.set(provider.key, {
      accountId,
      region,
      inSandbox: accountId === sandbox.accountId && region === sandbox.region,
    });
  }
  return placements;
}

/** The account a provider targets: its assumed role's account, else its only allowed account. */
function accountOf(body: { readonly [key: string]: unknown }): string | undefined {
  const assumeRole = Array.isArray(body.assume_role) ? body.assume_role[0] : body.assume_role;
  if (assumeRole !== null && typeof assumeRole === "object") {
    const roleArn = (assumeRole as { readonly role_arn?: unknown }).role_arn;
    const match = typeof roleArn === "string" ? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(roleArn) : null;
    if (match !== null) {
      return match[1];
    }
  }
  const allowed = body.allowed_account_ids;
  return Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string" ? allowed[0] : undefined;
}
