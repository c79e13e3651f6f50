import { randomBytes } from "node:crypto";
import type { SimulatedResponse } from "./json-api-responses";

/** A service account's OAuth client credentials, as Snyk issues them for `oauth_client_secret` accounts. */
export interface SimulatedClientCredentials {
  /** The client ID. */
  readonly clientId: string;
  /** The client secret. */
  readonly clientSecret: string;
  /** The service account's display name, answered by `GET /rest/self`. @default "sandbox-service-account" */
  readonly name?: string;
}

/** Who a bearer access token was issued to. */
export interface AccessTokenHolder {
  /** The client ID the token was issued to. */
  readonly clientId: string;
  /** The service account's display name. */
  readonly name: string;
}

/** What the token store says about a bearer token. */
export type AccessTokenCheck =
  | { readonly kind: "valid"; readonly holder: AccessTokenHolder }
  | { readonly kind: "expired" }
  | { readonly kind: "unknown" };

interface IssuedToken {
  readonly holder: AccessTokenHolder;
  readonly expiresAt: number;
}

/**
 * Snyk's OAuth 2.0 token endpoint for service accounts, `POST /oauth2/token` with
 * `grant_type=client_credentials` (RFC 6749 section 4.4, client authentication in the form body, as Snyk
 * documents it): it issues short-lived access tokens and expires them, so that a client that never refreshes
 * fails here as it would against Snyk.
 */
export class OAuthTokenStore {
  private readonly clients = new Map<string, SimulatedClientCredentials>();
  private readonly tokens = new Map<string, IssuedToken>();
  private issuedCount = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ttlSeconds > 0)) {
      throw new RangeError("accessTokenTtlSeconds must be greater than 0");
    }
  }

  /** Accepts a client ID and secret pair from now on. */
  public addClient(credentials: SimulatedClientCredentials): void {
    this.clients.set(credentials.clientId, credentials);
  }

  /** How many access tokens were issued so far. */
  public get issued(): number {
    return this.issuedCount;
  }

  /** What `token` is: a valid token and its holder, an expired one, or not one of ours. */
  public check(token: string): AccessTokenCheck {
    const issued = this.tokens.get(token);
    if (issued === undefined) {
      return { kind: "unknown" };
    }
    return issued.expiresAt > this.now() ? { kind: "valid", holder: issued.holder } : { kind: "expired" };
  }

  /** Answers one token request (the raw form body and its content type). */
  public handle(contentType: string, bodyText: string): SimulatedResponse {
    if (contentType !== "application/x-www-form-urlencoded") {
      return oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
    }
    const form = new URLSearchParams(bodyText);
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
      return oauthError(
        400,
        "unsupported_grant_type",
        `grant_type ${JSON.stringify(grantType)} is not supported here; use client_credentials.`,
      );
    }
    const client = this.clients.get(form.get("client_id") ?? "");
    if (client === undefined || client.clientSecret !== form.get("client_secret")) {
      return oauthError(401, "invalid_client", "Client authentication failed.");
    }
    const accessToken = `sim-oauth-${randomBytes(18).toString("hex")}`;
    this.tokens.set(accessToken, {
      holder: { clientId: client.clientId, name: client.name ?? "sandbox-service-account" },
      expiresAt: this.now() + this.ttlSeconds * 1000,
    });
    this.issuedCount += 1;
    return {
      status: 200,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify({
        access_token: accessToken,
        token_type: "bearer",
        expires_in: this.ttlSeconds,
        scope: "",
      }),
    };
  }
}

function oauthError(status: number, error: string, description: string): SimulatedResponse {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify({ error, error_description: description }),
  };
}
