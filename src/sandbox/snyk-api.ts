import { closeServer, listenOnLoopback } from "./loopback-server";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
import { route } from "./snyk-api/routes";
import {
  type SimulatedGroup,
  type SimulatedOrg,
  type SimulatedRegistration,
  SimulatorState,
} from "./snyk-api/simulator-state";

export type { SnykApiFaultMatch, SnykApiFaultRule, SnykApiFault } from "./snyk-api/faults";
export type { SimulatedGroup, SimulatedOrg, SimulatedRegistration } from "./snyk-api/simulator-state";
export type { SimulatedPartnerSourceEvent, SimulatedSourceIdentity } from "./snyk-api/partner-source-coupling";

/** Options of {@link SnykApiSimulator.start}. */
export interface SnykApiSimulatorOptions {
  /** The one token accepted (as `Authorization: token …` or `bearer …`); any other gets a 401. */
  readonly token: string;
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
  /** Page size when a request sends no `limit`. @default 10 (Snyk's default) */
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
 * A Snyk REST API simulator: a real HTTP server on loopback that serves orgs, group orgs and the Cloud Events
 * registrations resource with Snyk's conventions (version check, media type check, token check, JSON:API
 * bodies and errors, cursor pagination, `snyk-request-id`, rate limiting with 429 and `Retry-After`). Like
 * Snyk, it makes the partner event source appear in a {@link PartnerSourceRegistry} after a delay when an
 * EventBridge registration is created, and removes it when the registration is deleted. Faults are injected
 * with {@link SnykApiSimulator.injectFault} or the `faults` option.
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
  private closed = false;

  private constructor(private readonly options: SnykApiSimulatorOptions) {
    if (options.token.length === 0) {
      throw new RangeError("SnykApiSimulator needs a non-empty token to accept");
    }
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
    if (!url.pathname.startsWith("/rest/")) {
      return errorResponse(
        404,
        CODES.NOT_FOUND,
        "Not Found",
        `The Snyk REST API lives under /rest (got ${url.pathname}).`,
      );
    }
    const authorization = request.headers.authorization ?? "";
    const match = /^(token|bearer)\s+(.+)$/i.exec(authorization.trim());
    if (match === null || match[2] !== this.options.token) {
      return errorResponse(
        401,
        CODES.UNAUTHORIZED,
        "Unauthorized",
        "Authentication credentials not recognized, or user access is not authorized.",
      );
    }
    const limited = this.rateLimited();
    if (limited !== undefined) {
      return limited;
    }
    let body: unknown;
    if (method === "POST" || method === "PATCH") {
      const contentType = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
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
        pageSize: this.options.pageSize ?? 10,
        onCreated: (registration) => this.coupling.created(registration),
        onDeleted: (registration) => this.coupling.deleted(registration),
      },
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

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
