import { ENV } from "../consts";
import { ValidationError } from "../errors";

/** How the token is presented: `Authorization: token …` (API token) or `Authorization: bearer …` (OAuth). */
export type SnykTokenType = "token" | "bearer";

/** A resolved credential. Keep it out of anything that is printed or stored. */
export interface SnykCredential {
  /** The secret itself. */
  readonly token: string;
  /** The authorization scheme. */
  readonly tokenType: SnykTokenType;
}

/** Where the credential comes from. */
export interface CredentialSources {
  /** The token. @default - `SNYK_TOKEN` from `env` */
  readonly token?: string;
  /** The scheme. @default - `SNYK_TOKEN_TYPE` from `env`, else `token` */
  readonly tokenType?: SnykTokenType;
  /** Environment variables. @default - no environment */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Resolves the Snyk token and its scheme from options or the environment. Error messages never include the
 * token, only where it was read from.
 * @throws ValidationError when no token is set, or the token or its type is malformed
 */
export function resolveSnykCredential(sources: CredentialSources): SnykCredential {
  const field = sources.token !== undefined ? "token" : ENV.SNYK_TOKEN;
  const token = (sources.token ?? sources.env?.[ENV.SNYK_TOKEN] ?? "").trim();
  if (token === "") {
    throw new ValidationError(
      sources.token !== undefined
        ? "The Snyk token passed in is empty: pass a non-empty API token or service account token."
        : `No Snyk token: set the ${ENV.SNYK_TOKEN} environment variable to an API token (Snyk account settings) or a service account token.`,
      [{ field, rule: "is required" }],
    );
  }
  if ([...token].some((char) => char.trim() === "" || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    throw new ValidationError(
      `The Snyk token in ${field} contains whitespace or control characters: copy the token again without line breaks or spaces.`,
      [{ field, rule: "must not contain whitespace or control characters" }],
    );
  }
  const rawType = sources.tokenType ?? sources.env?.[ENV.SNYK_TOKEN_TYPE]?.trim().toLowerCase() ?? "token";
  if (rawType !== "token" && rawType !== "bearer") {
    throw ValidationError.fromIssues("Snyk token type", [
      {
        field: sources.tokenType !== undefined ? "tokenType" : ENV.SNYK_TOKEN_TYPE,
        rule: "must be token (API token) or bearer (OAuth access token)",
        value: rawType,
      },
    ]);
  }
  return { token, tokenType: rawType };
}

/** The `Authorization` header value for `credential`. */
export function authorizationHeader(credential: SnykCredential): string {
  return `${credential.tokenType} ${credential.token}`;
}
