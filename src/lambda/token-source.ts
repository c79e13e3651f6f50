import { ENV } from "../consts";
import { ValidationError } from "../errors";
import { registerSecret } from "../redact";

/** Where the Lambda host gets the Snyk token; swap it in tests. */
export type TokenSource = () => Promise<string>;

/**
 * Reads the token from the Secrets Manager secret named by `SNYK_TOKEN_SECRET_ARN` (the secret string is the
 * token itself, or JSON with a `token` or `SNYK_TOKEN` key). Without that variable (local runs, the sandbox
 * apply harness) it falls back to `SNYK_TOKEN`. The SDK loads only when a secret is read.
 */
export function secretsManagerTokenSource(env: Readonly<Record<string, string | undefined>>): TokenSource {
  return async () => {
    const arn = env[ENV.SNYK_TOKEN_SECRET_ARN];
    if (arn === undefined || arn === "") {
      const token = env[ENV.SNYK_TOKEN];
      if (token === undefined || token === "") {
        throw new ValidationError(
          `The function has neither ${ENV.SNYK_TOKEN_SECRET_ARN} nor ${ENV.SNYK_TOKEN} in its environment: set ` +
            `${ENV.SNYK_TOKEN_SECRET_ARN} to the ARN of the Secrets Manager secret that holds the Snyk token.`,
          [{ field: ENV.SNYK_TOKEN_SECRET_ARN, rule: "is required" }],
        );
      }
      return token;
    }
    const sdk = await import("@aws-sdk/client-secrets-manager");
    const client = new sdk.SecretsManagerClient({});
    try {
      const output = await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }));
      return tokenFromSecret(arn, output.SecretString);
    } finally {
      client.destroy();
    }
  };
}

/**
 * Extracts the token from a secret string: the whole string, or the `token`/`SNYK_TOKEN` key of a JSON object.
 * @throws ValidationError naming the secret (never its content) when no token is found
 */
export function tokenFromSecret(arn: string, secret: string | undefined): string {
  let token = secret?.trim();
  if (token !== undefined && token.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(token);
    } catch (error) {
      throw new ValidationError(
        `The secret ${arn} looks like JSON but does not parse; store the token itself.`,
        [{ field: ENV.SNYK_TOKEN_SECRET_ARN, rule: "must hold the token or JSON with a token key" }],
        { cause: new Error((error as Error).name) },
      );
    }
    const record = parsed as Record<string, unknown>;
    const value = record.token ?? record[ENV.SNYK_TOKEN];
    token = typeof value === "string" ? value.trim() : undefined;
  }
  if (token === undefined || token === "") {
    throw new ValidationError(
      `The secret ${arn} holds no Snyk token: store the token as the secret string (or JSON {"token": "..."}).`,
      [{ field: ENV.SNYK_TOKEN_SECRET_ARN, rule: "must hold the Snyk token" }],
    );
  }
  registerSecret(token);
  return token;
}

/**
 * Caches `source` for the life of the container (one Secrets Manager read per cold start); `invalidate`
 * drops the cache, for example after Snyk answered 401 because the secret was rotated.
 */
export function cachedTokenSource(source: TokenSource): { get: TokenSource; invalidate: () => void } {
  let cached: Promise<string> | undefined;
  return {
    get: () => {
      cached ??= source().catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },
    invalidate: () => {
      cached = undefined;
    },
  };
}
