import { ENV } from "../consts";
import { ValidationError } from "../errors";

/** How a token is presented: `Authorization: token …` (API token) or `Authorization: bearer …` (OAuth). */
export type SnykTokenType = "token" | "bearer";

/**
 * Which kind of credential the client uses: an API token, an OAuth access token given as is, or a service
 * account's OAuth client ID and secret, exchanged for short-lived access tokens at `POST /oauth2/token`.
 */
export type SnykCredentialKind = "api-token" | "oauth-bearer" | "oauth-client-credentials";

/** A token presented as is (an API token, or an OAuth access token obtained elsewhere). */
export interface SnykStaticCredential {
  /** `api-token` or `oauth-bearer`. */
  readonly kind: "api-token" | "oauth-bearer";
  /** The secret itself. Keep it out of anything that is printed or stored. */
  readonly token: string;
  /** The authorization scheme. */
  readonly tokenType: SnykTokenType;
  /** Where it was read from (an option or variable name), for messages. */
  readonly source: string;
}

/** A service account's OAuth client credentials (the `client_credentials` grant). */
export interface SnykClientCredentials {
  /** `oauth-client-credentials`. */
  readonly kind: "oauth-client-credentials";
  /** The client ID. */
  readonly clientId: string;
  /** The client secret. Keep it out of anything that is printed or stored. */
  readonly clientSecret: string;
  /** Where they were read from, for messages. */
  readonly source: string;
}

/** A resolved credential. */
export type SnykCredential = SnykStaticCredential | SnykClientCredentials;

/** Where the credential comes from. */
export interface CredentialSources {
  /**
   * A token, presented as `tokenType` says.
   * @default - from the environment (see {@link resolveSnykCredential})
   */
  readonly token?: string;
  /** The scheme of `token` or `SNYK_TOKEN`. @default - `SNYK_TOKEN_TYPE` from `env`, else `token` */
  readonly tokenType?: SnykTokenType;
  /** A service account's OAuth client ID (with `clientSecret`). @default - `SNYK_CLIENT_ID` from `env` */
  readonly clientId?: string;
  /** The service account's OAuth client secret. @default - `SNYK_CLIENT_SECRET` from `env` */
  readonly clientSecret?: string;
  /** Environment variables. @default - no environment */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves the Snyk credential from options or the environment, first match wins:
 * 1. the `token` option (with `tokenType`);
 * 2. the `clientId` and `clientSecret` options;
 * 3. `SNYK_CLIENT_ID` and `SNYK_CLIENT_SECRET` (a service account with OAuth client credentials);
 * 4. `SNYK_OAUTH_TOKEN` (an OAuth access token, sent as `bearer`);
 * 5. `SNYK_TOKEN` (an API token, or an OAuth access token with `SNYK_TOKEN_TYPE=bearer`).
 *
 * Error messages never include a secret, only where it was read from.
 * @throws ValidationError when nothing is set, only half of a client ID and secret pair is, or a value is
 *   malformed
 */
export function resolveSnykCredential(sources: CredentialSources): SnykCredential {
  const env = sources.env ?? {};
  if (sources.token !== undefined) {
    return staticCredential(sources.token, "token", tokenTypeOf(sources, "tokenType"), true);
  }
  const explicitPair = sources.clientId !== undefined || sources.clientSecret !== undefined;
  const clientId = explicitPair ? sources.clientId : nonEmpty(env[ENV.SNYK_CLIENT_ID]);
  const clientSecret = explicitPair ? sources.clientSecret : nonEmpty(env[ENV.SNYK_CLIENT_SECRET]);
  if (clientId !== undefined || clientSecret !== undefined) {
    const names = explicitPair
      ? { id: "clientId", secret: "clientSecret" }
      : { id: ENV.SNYK_CLIENT_ID, secret: ENV.SNYK_CLIENT_SECRET };
    return clientCredentials(clientId, clientSecret, names);
  }
  const oauthToken = nonEmpty(env[ENV.SNYK_OAUTH_TOKEN]);
  if (oauthToken !== undefined) {
    return staticCredential(oauthToken, ENV.SNYK_OAUTH_TOKEN, "bearer", false);
  }
  const token = nonEmpty(env[ENV.SNYK_TOKEN]);
  if (token === undefined) {
    throw new ValidationError(
      `No Snyk token: set the ${ENV.SNYK_TOKEN} environment variable to an API token (Snyk account settings) or a service account token, ` +
        `${ENV.SNYK_OAUTH_TOKEN} to an OAuth access token, or ${ENV.SNYK_CLIENT_ID} and ${ENV.SNYK_CLIENT_SECRET} to a service account's OAuth client credentials.`,
      [{ field: ENV.SNYK_TOKEN, rule: "is required" }],
    );
  }
  return staticCredential(token, ENV.SNYK_TOKEN, tokenTypeOf(sources, ENV.SNYK_TOKEN_TYPE), false);
}

/** The `Authorization` header value of a static credential. */
export function authorizationHeader(credential: SnykStaticCredential): string {
  return `${credential.tokenType} ${credential.token}`;
}

/** The value that keys the client-side rate limit: Snyk's budget is per token, or per service account. */
export function rateLimitKeyOf(credential: SnykCredential): string {
  return credential.kind === "oauth-client-credentials" ? `oauth-client:${credential.clientId}` : credential.token;
}

/** The secrets a credential holds, to register for redaction. */
export function secretsOf(credential: SnykCredential): string[] {
  return credential.kind === "oauth-client-credentials" ? [credential.clientSecret] : [credential.token];
}

function staticCredential(
  raw: string,
  source: string,
  tokenType: SnykTokenType,
  explicit: boolean,
): SnykStaticCredential {
  const token = raw.trim();
  if (token === "") {
    throw new ValidationError(
      explicit
        ? "The Snyk token passed in is empty: pass a non-empty API token or service account token."
        : `${source} is empty: set it to a Snyk token.`,
      [{ field: source, rule: "is required" }],
    );
  }
  assertPrintable(token, source, "token");
  return { kind: tokenType === "bearer" ? "oauth-bearer" : "api-token", token, tokenType, source };
}

function clientCredentials(
  rawId: string | undefined,
  rawSecret: string | undefined,
  names: { readonly id: string; readonly secret: string },
): SnykClientCredentials {
  const clientId = rawId?.trim() ?? "";
  const clientSecret = rawSecret?.trim() ?? "";
  const missing = [clientId === "" ? names.id : undefined, clientSecret === "" ? names.secret : undefined].filter(
    (name): name is string => name !== undefined,
  );
  if (missing.length > 0) {
    throw new ValidationError(
      `OAuth client credentials need both ${names.id} and ${names.secret}; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing. ` +
        "Copy both from the service account (Snyk shows the secret once; rotate it if it was lost).",
      missing.map((field) => ({
        field,
        rule: `is required together with ${field === names.id ? names.secret : names.id}`,
      })),
    );
  }
  assertPrintable(clientId, names.id, "client ID");
  assertPrintable(clientSecret, names.secret, "client secret");
  return { kind: "oauth-client-credentials", clientId, clientSecret, source: `${names.id}/${names.secret}` };
}

function assertPrintable(value: string, field: string, what: string): void {
  if ([...value].some((char) => char.trim() === "" || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    throw new ValidationError(
      `The Snyk ${what} in ${field} contains whitespace or control characters: copy it again without line breaks or spaces.`,
      [{ field, rule: "must not contain whitespace or control characters" }],
    );
  }
}

function tokenTypeOf(sources: CredentialSources, field: string): SnykTokenType {
  const rawType = sources.tokenType ?? sources.env?.[ENV.SNYK_TOKEN_TYPE]?.trim().toLowerCase() ?? "token";
  if (rawType !== "token" && rawType !== "bearer") {
    throw ValidationError.fromIssues("Snyk token type", [
      {
        field: sources.tokenType !== undefined ? field : ENV.SNYK_TOKEN_TYPE,
        rule: "must be token (API token) or bearer (OAuth access token)",
        value: rawType,
      },
    ]);
  }
  return rawType;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
