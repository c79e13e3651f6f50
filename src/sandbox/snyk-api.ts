import { closeServer, listenOnLoopback } from "./loopback-server";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { OAUTH_TOKEN_PATH } from "../snyk/oauth-token-source";
import type { RateLimit } from "../snyk/rate-limiter";
import type { PartnerSourceRegistry } from "./partner-source-registry";
import {
  FaultQueue,
  type SnykApiFaultMatch,
  type SnykApiFaultRule,
  faultResponse,
  type SnykApiFault,
} from "./snyk-api/faults";
import {
  JSON_API,
  SIMULATOR_ERROR_CODES as CODES,
  errorResponse,
  type SimulatedResponse,
} from "./snyk-api/json-api-responses";
import {
  PartnerSourceCoupling,
  type SimulatedPartnerSourceEvent,
  type SimulatedSourceIdentity,
} from "./snyk-api/partner-source-coupling";
import { OAuthTokenStore, type SimulatedClientCredentials } from "./snyk-api/oauth-tokens";
import { isValidPageSize } from "./snyk-api/pagination";
import { route, SNYK_API_MODES, type RouteCaller, type SnykApiMode } from "./snyk-api/routes";
import {
  type SimulatedGroup,
  type SimulatedOrg,
  type SimulatedRegistration,
  SimulatorState,
} from "./snyk-api/simulator-state";

export type { SnykApiFaultMatch, SnykApiFaultRule, SnykApiFault } from "./snyk-api/faults";
export type { SimulatedGroup, SimulatedOrg, SimulatedRegistration } from "./snyk-api/simulator-state";
export type { SimulatedPartnerSourceEvent, SimulatedSourceIdentity } from "./snyk-api/partner-source-coupling";
export type { SimulatedClientCredentials } from "./snyk-api/oauth-tokens";
export { SNYK_API_MODES, type SnykApiMode } from "./snyk-api/routes";

/** An Amazon EventBridge integration created in the Snyk UI, as {@link SnykApiSimulator.addUiIntegration} plays it. */
export interface SimulatedUiIntegration {
  /** The Snyk org whose events the integration sends. */
  readonly orgId: string;
  /** The AWS account of the partner event source. */
  readonly accountId: string;
  /** The AWS region of the partner event source. */
  readonly region: string;
  /** The event type, the last part of the source name (`issues`, `audit`). */
  readonly eventType: string;
}

/** Options of {@link SnykApiSimulator.start}. */
export interface SnykApiSimulatorOptions {
  /**
   * The one static token accepted (as `Authorization: token …` or `bearer …`); access tokens issued by
   * `POST /oauth2/token` are accepted as `bearer` until they expire; anything else gets a 401.
   */
  readonly token: string;
  /**
   * Which registrations API is served: `assumed` (our EventBridge registration; the demo needs it) or
   * `documented` (only what Snyk documents; see {@link SnykApiMode}).
   * @default "assumed"
   */
  readonly mode?: SnykApiMode;
  /** Service accounts whose client ID and secret `POST /oauth2/token` accepts. @default - none */
  readonly clientCredentials?: readonly SimulatedClientCredentials[];
  /** Lifetime of the access tokens `POST /oauth2/token` issues, in seconds. @default 3600 (Snyk's default) */
  readonly accessTokenTtlSeconds?: number;
  /** The port. @default 0 (a random free port) */
  readonly port?: number;
  /** The interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Where partner event sources appear, like Snyk creates them in AWS. @default - none (the simulator runs alone) */
  readonly partnerSources?: PartnerSourceRegistry;
  /** Delay between creating a registration and its partner event source appearing. @default 50 */
  readonly sourceDelayMs?: number;
  /** Names the partner event source. @default - `aws.partner/snyk.io/org_<orgId>/<eventType>` */
  readonly sourceName?: (identity: SimulatedSourceIdentity) => string;
  /** Known orgs. @default - none */
  readonly orgs?: readonly SimulatedOrg[];
  /** Known groups. @default - none */
  readonly groups?: readonly SimulatedGroup[];
  /** Accept any well-formed org or group ID and remember it; `false` makes unknown IDs 404s. @default true */
  readonly autoSeed?: boolean;
  /** Page size when a request sends no `limit` (10 to 100, a multiple of 10). @default 10 (Snyk's default) */
  readonly pageSize?: number;
  /** The server-side rate limit per token; `false` turns it off. @default - 1,620 requests a minute */
  readonly rateLimit?: RateLimit | false;
  /** Faults armed from the start. @default - none */
  readonly faults?: readonly SnykApiFaultRule[];
  /** Receives one line per request (method, path, status, request ID; never a header). @default - no log */
  readonly onLog?: (line: string) => void;
}

/** One request as the simulator saw it. */
export interface SnykApiRequestRecord {
  /** The HTTP method. */
  readonly method: string;
  /** The path without query string, for example `/rest/orgs/<id>`. */
  readonly path: string;
  /** The status answered, or 0 when the connection was dropped. */
  readonly status: number;
  /** The `snyk-request-id` sent back. */
  readonly requestId: string;
}

/**
 * A Snyk REST API simulator: a real HTTP server on loopback that serves `GET /rest/self`, orgs, group orgs, the
 * Cloud Events registrations resource and the OAuth 2.0 token endpoint (`POST /oauth2/token`, client
 * credentials, expiring access tokens) with Snyk's conventions (version check, media type check, token check,
 * JSON:API bodies and errors, cursor pagination with `limit` 10 to 100 and `links.next` under `/rest`,
 * `snyk-request-id`, rate limiting with 429 and `Retry-After`). The registrations resource is served as we
 * assume it (`assumed`, the default) or only as Snyk documents it (`documented`; see {@link SnykApiMode}). Like
 * Snyk, it makes the partner event source appear in a {@link PartnerSourceRegistry} after a delay when an
 * EventBridge registration (or an integration made in the Snyk UI, {@link SnykApiSimulator.addUiIntegration})
 * is created, and removes it when that is deleted. Faults are injected with {@link SnykApiSimulator.injectFault}
 * or the `faults` option.
 */
export class SnykApiSimulator {
  /** Starts a simulator; resolves once it listens. */
  public static async start(options: SnykApiSimulatorOptions): Promise<SnykApiSimulator> {
    const simulator = new SnykApiSimulator(options);
    await simulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
    return simulator;
  }

  /** The base URL to give the client (without `/rest`), for example `http://127.0.0.1:43121`. */
  public url = "";

  private readonly server: Server;
  private readonly state: SimulatorState;
  private readonly faults = new FaultQueue();
  private readonly log: SnykApiRequestRecord[] = [];
  private readonly coupling: PartnerSourceCoupling;
  private readonly responseTimers = new Set<NodeJS.Timeout>();
  private readonly window = { start: 0, count: 0 };
  private readonly oauth: OAuthTokenStore;
  private readonly hiddenGroups = new Set<string>();
  private currentMode: SnykApiMode;
  private closed = false;

  private constructor(private readonly options: SnykApiSimulatorOptions) {
    if (options.token.length === 0) {
      throw new RangeError("SnykApiSimulator needs a non-empty token to accept");
    }
    if (options.pageSize !== undefined && !isValidPageSize(options.pageSize)) {
      throw new RangeError(
        `pageSize must be a multiple of 10 from 10 to 100, as Snyk's limit (got ${options.pageSize})`,
      );
    }
    this.currentMode = checkedMode(options.mode ?? "assumed");
    this.oauth = new OAuthTokenStore(options.accessTokenTtlSeconds ?? 3600);
    options.clientCredentials?.forEach((credentials) => this.oauth.addClient(credentials));
    this.state = new SimulatorState(options.autoSeed ?? true, options.orgs, options.groups);
    options.faults?.forEach((rule) => this.faults.add(rule));
    this.coupling = new PartnerSourceCoupling(this.state, {
      registry: options.partnerSources,
      delayMs: options.sourceDelayMs ?? 50,
      sourceName: options.sourceName,
      onLog: options.onLog,
    });
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.options.onLog?.(`simulator failure: ${error instanceof Error ? error.message : String(error)}`);
        response.destroy();
      });
    });
  }

  /** Which registrations API is served now. */
  public get mode(): SnykApiMode {
    return this.currentMode;
  }

  /** Switches the registrations API served from the next request on (see {@link SnykApiMode}). */
  public setMode(mode: SnykApiMode): void {
    this.currentMode = checkedMode(mode);
  }

  /** Accepts a service account's client ID and secret at `POST /oauth2/token` from now on. */
  public addClientCredentials(credentials: SimulatedClientCredentials): void {
    this.oauth.addClient(credentials);
  }

  /** How many OAuth access tokens were issued so far. */
  public get issuedAccessTokens(): number {
    return this.oauth.issued;
  }

  /** Makes a group invisible to every caller, as a group the token's user is no member of: its routes answer 404. */
  public hideGroup(groupId: string): void {
    this.hiddenGroups.add(groupId);
  }

  /**
   * Plays a user creating an Amazon EventBridge integration in the Snyk UI (no API lists it): its partner event
   * source appears after `sourceDelayMs`. Returns the source name; {@link removeUiIntegration} deletes it again.
   */
  public addUiIntegration(integration: SimulatedUiIntegration): string {
    return this.coupling.uiIntegrationCreated(uiKey(integration), integration);
  }

  /** Plays the user deleting that integration in the Snyk UI: Snyk deletes its partner event source. */
  public removeUiIntegration(integration: SimulatedUiIntegration): void {
    this.coupling.uiIntegrationDeleted(uiKey(integration));
  }

  /** Arms a fault for the next matching request (or `times` of them). */
  public injectFault(fault: SnykApiFault, match: SnykApiFaultMatch = {}): void {
    this.faults.add({ ...match, fault });
  }

  /** Disarms every fault. */
  public clearFaults(): void {
    this.faults.clear();
  }

  /** How many faults are still armed. */
  public get pendingFaults(): number {
    return this.faults.size;
  }

  /** Every request received so far, oldest first. */
  public requests(): SnykApiRequestRecord[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** Forgets the request log. */
  public resetRequests(): void {
    this.log.length = 0;
  }

  /** Every registration held, or those of one group. */
  public registrations(groupId?: string): SimulatedRegistration[] {
    return this.state.registrations(groupId);
  }

  /** Every org known (seeded or auto-seeded). */
  public orgs(): SimulatedOrg[] {
    return this.state.allOrgs();
  }

  /** Adds or replaces an org. */
  public addOrg(org: SimulatedOrg): void {
    this.state.addOrg(org);
  }

  /** Adds or replaces a group. */
  public addGroup(group: SimulatedGroup): void {
    this.state.addGroup(group);
  }

  /** Partner event sources created and deleted so far, oldest first. */
  public partnerSourceEvents(): SimulatedPartnerSourceEvent[] {
    return this.coupling.history();
  }

  /** Stops the server, drops open connections and clears every pending timer. */
  public async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.coupling.stop();
    this.responseTimers.forEach((timer) => clearTimeout(timer));
    this.responseTimers.clear();
    await closeServer(this.server);
  }

  private async listen(port: number, host: string): Promise<void> {
    this.url = await listenOnLoopback(this.server, port, host);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://simulator");
    const entry = { method, path: url.pathname, status: 0, requestId };
    this.log.push(entry);
    const fault = this.faults.take(method, url.pathname);
    if (fault?.kind === "drop-connection") {
      this.options.onLog?.(`${method} ${url.pathname} -> connection dropped (${requestId})`);
      request.socket.destroy();
      return;
    }
    const bodyText = await readBody(request);
    if (fault?.kind === "latency") {
      await this.delay(fault.ms);
    }
    let result = fault !== undefined ? faultResponse(fault) : undefined;
    if (result === undefined) {
      result = this.respond(request, method, url, bodyText);
      if (fault?.kind === "malformed-body") {
        result = {
          status: 200,
          headers: { "content-type": JSON_API },
          body: '{"jsonapi":{"version":"1.0"},"data":[{"type":',
        };
      } else if (fault?.kind === "schema-violation") {
        result = {
          status: 200,
          headers: { "content-type": JSON_API },
          body: JSON.stringify({ jsonapi: { version: "1.0" }, data: { kind: "not-a-resource" } }),
        };
      }
    }
    entry.status = result.status;
    this.options.onLog?.(`${method} ${url.pathname} -> ${result.status} (${requestId})`);
    const headers: Record<string, string> = { "snyk-request-id": requestId, ...result.headers };
    const version = url.searchParams.get("version");
    if (version !== null) {
      headers["snyk-version-requested"] = version;
      headers["snyk-version-served"] = version;
    }
    if (fault?.kind === "slow-body" && result.body !== undefined) {
      await this.writeSlowly(response, result.status, headers, result.body, fault.chunkDelayMs, fault.chunks ?? 5);
      return;
    }
    response.writeHead(result.status, headers);
    response.end(result.body);
  }

  private respond(request: IncomingMessage, method: string, url: URL, bodyText: string): SimulatedResponse {
    if (url.pathname === OAUTH_TOKEN_PATH) {
      if (method !== "POST") {
        return errorResponse(
          405,
          CODES.METHOD_NOT_ALLOWED,
          "Method Not Allowed",
          `${method} is not allowed here; use POST.`,
          {
            headers: { allow: "POST" },
          },
        );
      }
      return this.oauth.handle(mediaType(request.headers["content-type"]), bodyText);
    }
    if (!url.pathname.startsWith("/rest/")) {
      return errorResponse(
        404,
        CODES.NOT_FOUND,
        "Not Found",
        `The Snyk REST API lives under /rest (got ${url.pathname}).`,
      );
    }
    const caller = this.authenticate(request.headers.authorization ?? "");
    if (!("type" in caller)) {
      return caller;
    }
    const limited = this.rateLimited();
    if (limited !== undefined) {
      return limited;
    }
    let body: unknown;
    if (method === "POST" || method === "PATCH") {
      const contentType = mediaType(request.headers["content-type"]);
      if (contentType !== JSON_API) {
        return errorResponse(
          400,
          CODES.BAD_REQUEST,
          "Bad Request",
          `Client request did not conform to OpenAPI specification: Content-Type must be ${JSON_API} (got ${JSON.stringify(contentType)}).`,
        );
      }
      try {
        body = JSON.parse(bodyText);
      } catch (error) {
        return errorResponse(
          400,
          CODES.BAD_REQUEST,
          "Bad Request",
          `The request body is not JSON: ${(error as Error).message}.`,
        );
      }
    }
    return route(
      { method, path: url.pathname.slice("/rest".length), query: url.searchParams, body },
      {
        state: this.state,
        mode: this.currentMode,
        caller,
        hiddenGroups: this.hiddenGroups,
        pageSize: this.options.pageSize ?? 10,
        onCreated: (registration) => this.coupling.created(registration),
        onDeleted: (registration) => this.coupling.deleted(registration),
      },
    );
  }

  /** Who the `Authorization` header names, or the 401 to answer. */
  private authenticate(authorization: string): RouteCaller | SimulatedResponse {
    const match = /^(token|bearer)\s+(.+)$/i.exec(authorization.trim());
    if (match !== null && match[2] === this.options.token) {
      return { type: "user", name: "Sandbox User" };
    }
    const issued = match !== null && match[1].toLowerCase() === "bearer" ? this.oauth.check(match[2]) : undefined;
    if (issued?.kind === "valid") {
      return { type: "service_account", name: issued.holder.name };
    }
    return errorResponse(
      401,
      CODES.UNAUTHORIZED,
      "Unauthorized",
      issued?.kind === "expired"
        ? "The access token has expired; request a new one from /oauth2/token."
        : "Authentication credentials not recognized, or user access is not authorized.",
    );
  }

  private rateLimited(): SimulatedResponse | undefined {
    const limit = this.options.rateLimit ?? { requests: 1620, intervalMs: 60_000 };
    if (limit === false) {
      return undefined;
    }
    const now = Date.now();
    if (now - this.window.start >= limit.intervalMs) {
      this.window.start = now;
      this.window.count = 0;
    }
    if (this.window.count < limit.requests) {
      this.window.count += 1;
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((this.window.start + limit.intervalMs - now) / 1000));
    return errorResponse(
      429,
      CODES.RATE_LIMITED,
      "Too Many Requests",
      `Rate limit of ${limit.requests} requests per ${limit.intervalMs} ms exceeded.`,
      {
        headers: { "retry-after": String(retryAfter) },
      },
    );
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.responseTimers.delete(timer);
        resolve();
      }, ms);
      this.responseTimers.add(timer);
    });
  }

  private async writeSlowly(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: string,
    chunkDelayMs: number,
    chunks: number,
  ): Promise<void> {
    response.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
    const size = Math.ceil(body.length / Math.max(1, chunks));
    for (let offset = 0; offset < body.length; offset += size) {
      if (this.closed || response.destroyed) {
        return;
      }
      response.write(body.slice(offset, offset + size));
      await this.delay(chunkDelayMs);
    }
    response.end();
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

function checkedMode(mode: SnykApiMode): SnykApiMode {
  if (!SNYK_API_MODES.includes(mode)) {
    throw new RangeError(`Snyk API mode must be one of ${SNYK_API_MODES.join(", ")} (got ${JSON.stringify(mode)})`);
  }
  return mode;
}

function uiKey(integration: SimulatedUiIntegration): string {
  return `ui:${integration.orgId}:${integration.accountId}:${integration.region}:${integration.eventType}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
