import { z } from "zod";
import {
  SIMULATOR_ERROR_CODES as CODES,
  documentResponse,
  errorResponse,
  type SimulatedResponse,
} from "./json-api-responses";
import { paginate } from "./pagination";
import type { SimulatedOrg, SimulatedRegistration, SimulatorState } from "./simulator-state";

/** A request after transport concerns (auth, rate limit, faults) were dealt with. */
export interface RouteRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The path after `/rest`. */
  readonly path: string;
  /** The query parameters. */
  readonly query: URLSearchParams;
  /** The parsed JSON body. @default - no body was sent */
  readonly body?: unknown;
}

/**
 * What the simulator answers on the Cloud Events registrations resource:
 * - `assumed` (the default, what the demo needs): our reading of it, with an `aws-eventbridge` registration type
 *   that creates a partner event source, a `PATCH` for the name and a `GET` by ID;
 * - `documented`: only what Snyk documents (list, create of the `aws-cloudtrail` and
 *   `google-securitycommandcenter` types, delete): any other type is a 400, and `PATCH` or `GET` on one
 *   registration a 405, as a real API without those operations would plausibly answer.
 */
export type SnykApiMode = "assumed" | "documented";

/** Every {@link SnykApiMode}, the default first. */
export const SNYK_API_MODES: readonly SnykApiMode[] = ["assumed", "documented"];

/** Who is calling, from the `Authorization` header. */
export interface RouteCaller {
  /** A user (the static API token) or a service account (an OAuth access token). */
  readonly type: "user" | "service_account";
  /** The caller's display name. */
  readonly name: string;
}

/** What the routes need from the simulator around them. */
export interface RouteContext {
  /** The simulator data. */
  readonly state: SimulatorState;
  /** Which registrations API is served. */
  readonly mode: SnykApiMode;
  /** Who is calling. */
  readonly caller: RouteCaller;
  /** Groups the caller cannot see: every request on them is a 404. */
  readonly hiddenGroups: ReadonlySet<string>;
  /** Page size when a request sends no `limit`. */
  readonly pageSize: number;
  /** Called after a registration was stored. */
  readonly onCreated: (registration: SimulatedRegistration) => void;
  /** Called after a registration was removed. */
  readonly onDeleted: (registration: SimulatedRegistration) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^(\d{4}-\d{2}-\d{2})(?:~(beta|experimental))?$/;
const REGISTRATIONS = /^\/groups\/([^/]+)\/cloud_events\/group_registrations(?:\/([^/]+))?$/;
const SELF = /^\/self$/;
const GROUP_ORGS = /^\/groups\/([^/]+)\/orgs$/;
const ORG = /^\/orgs\/([^/]+)$/;

/** The first version of each endpoint, and whether it exists only as an experimental version. */
const ENDPOINT_VERSIONS = {
  orgs: { since: "2021-06-04", experimentalOnly: false },
  self: { since: "2024-04-22", experimentalOnly: false },
  cloudEvents: { since: "2023-01-25", experimentalOnly: true },
} as const;

const eventBridgeConfig = z.object({
  org_id: z.string().regex(UUID, "must be a UUID"),
  account_id: z.string().regex(/^\d{12}$/, "must be 12 digits"),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
  event_type: z.string().min(1),
});

/** The registration types Snyk documents, and the config each takes. */
const DOCUMENTED_TYPES: Readonly<Record<string, z.ZodType>> = {
  "aws-cloudtrail": z.object({
    account_id: z.string().regex(/^\d{12}$/, "must be 12 digits"),
    channel_arn: z.string().startsWith("arn:aws:cloudtrail:", "must be a CloudTrail Lake channel ARN"),
  }),
  "google-securitycommandcenter": z.object({
    org_id: z.string().min(1),
    finding_source_name: z.string().min(1),
  }),
};

const createBody = z.object({
  data: z.object({
    type: z.literal("group_registration"),
    attributes: z.object({
      type: z.string().min(1),
      name: z.string().min(1).max(255),
      config: z.record(z.string(), z.unknown()),
    }),
  }),
});

const updateBody = z.object({
  data: z.object({
    type: z.literal("group_registration"),
    id: z.string(),
    attributes: z.object({ name: z.string().min(1).max(255) }).strict(),
  }),
});

/** The Snyk REST endpoints the simulator serves: orgs, group orgs, and Cloud Events registrations. */
export function route(request: RouteRequest, context: RouteContext): SimulatedResponse {
  const hiddenGroup = /^\/groups\/([^/]+)/.exec(request.path)?.[1];
  if (hiddenGroup !== undefined && context.hiddenGroups.has(decodeURIComponent(hiddenGroup))) {
    return notFound("Group", decodeURIComponent(hiddenGroup));
  }
  if (SELF.test(request.path)) {
    return selfRoute(request, context);
  }
  const registrations = REGISTRATIONS.exec(request.path);
  if (registrations !== null) {
    const versionError = checkVersion(request.query, ENDPOINT_VERSIONS.cloudEvents);
    return versionError ?? registrationRoute(request, context, decodeURIComponent(registrations[1]), registrations[2]);
  }
  const groupOrgs = GROUP_ORGS.exec(request.path);
  const org = ORG.exec(request.path);
  if (groupOrgs === null && org === null) {
    return errorResponse(
      404,
      CODES.NOT_FOUND,
      "Not Found",
      `The simulator serves no endpoint at /rest${request.path}.`,
    );
  }
  if (request.method !== "GET") {
    return methodNotAllowed(request.method, "GET");
  }
  const versionError = checkVersion(request.query, ENDPOINT_VERSIONS.orgs);
  if (versionError !== undefined) {
    return versionError;
  }
  if (org !== null) {
    const id = decodeURIComponent(org[1]);
    const invalid = checkId(id, "org_id");
    const found = invalid === undefined ? context.state.org(id) : undefined;
    return (
      invalid ??
      (found
        ? documentResponse(200, { data: orgResource(found), links: { self: `/rest/orgs/${id}` } })
        : notFound("Org", id))
    );
  }
  const groupId = decodeURIComponent((groupOrgs as RegExpExecArray)[1]);
  const invalid = checkId(groupId, "group_id");
  if (invalid !== undefined) {
    return invalid;
  }
  if (context.state.group(groupId) === undefined) {
    return notFound("Group", groupId);
  }
  const page = paginate(context.state.orgsOfGroup(groupId), `/groups/${groupId}/orgs`, request.query, context.pageSize);
  return page.ok ? documentResponse(200, { data: page.items.map(orgResource), links: page.links }) : page.response;
}

function registrationRoute(
  request: RouteRequest,
  context: RouteContext,
  groupId: string,
  rawId: string | undefined,
): SimulatedResponse {
  const invalidGroup = checkId(groupId, "group_id");
  if (invalidGroup !== undefined) {
    return invalidGroup;
  }
  if (context.state.group(groupId) === undefined) {
    return notFound("Group", groupId);
  }
  const collection = `/groups/${groupId}/cloud_events/group_registrations`;
  if (rawId === undefined) {
    if (request.method === "GET") {
      const page = paginate(context.state.registrations(groupId), collection, request.query, context.pageSize);
      return page.ok
        ? documentResponse(200, { data: page.items.map(registrationResource), links: page.links })
        : page.response;
    }
    if (request.method === "POST") {
      return createRegistration(request, context, groupId, collection);
    }
    return methodNotAllowed(request.method, "GET, POST");
  }
  if (context.mode === "documented" && request.method !== "DELETE") {
    // Snyk documents only DELETE on one registration: no GET by ID, no PATCH.
    return methodNotAllowed(request.method, "DELETE");
  }
  const id = decodeURIComponent(rawId);
  const invalidId = checkId(id, "registration_id");
  if (invalidId !== undefined) {
    return invalidId;
  }
  const existing = context.state.registration(id);
  if (existing === undefined || existing.groupId !== groupId) {
    return notFound("Registration", id);
  }
  switch (request.method) {
    case "GET":
      return documentResponse(200, {
        data: registrationResource(existing),
        links: { self: `/rest${collection}/${id}` },
      });
    case "PATCH":
      return updateRegistration(request, context, existing, collection);
    case "DELETE":
      context.state.deleteRegistration(id);
      context.onDeleted(existing);
      return { status: 204 };
    default:
      return methodNotAllowed(request.method, "GET, PATCH, DELETE");
  }
}

function createRegistration(
  request: RouteRequest,
  context: RouteContext,
  groupId: string,
  collection: string,
): SimulatedResponse {
  const parsed = createBody.safeParse(request.body);
  if (!parsed.success) {
    return schemaError(parsed.error);
  }
  const attributes = parsed.data.data.attributes;
  let config: Record<string, unknown> = attributes.config;
  if (context.mode === "documented") {
    const schema = DOCUMENTED_TYPES[attributes.type];
    if (schema === undefined) {
      return errorResponse(
        400,
        CODES.BAD_REQUEST,
        "Bad Request",
        `Client request did not conform to OpenAPI specification: /data/attributes/type must be one of ${Object.keys(DOCUMENTED_TYPES).join(", ")} (got ${JSON.stringify(attributes.type)}).`,
        { source: { pointer: "/data/attributes/type" } },
      );
    }
    const checked = schema.safeParse(attributes.config);
    if (!checked.success) {
      return schemaError(checked.error, "/data/attributes/config");
    }
  } else if (attributes.type === "aws-eventbridge") {
    const checked = eventBridgeConfig.safeParse(attributes.config);
    if (!checked.success) {
      return schemaError(checked.error, "/data/attributes/config");
    }
    config = checked.data;
    const org = context.state.org(checked.data.org_id);
    if (org === undefined) {
      return errorResponse(404, CODES.NOT_FOUND, "Not Found", `Org ${checked.data.org_id} does not exist.`, {
        source: { pointer: "/data/attributes/config/org_id" },
      });
    }
    if (org.groupId !== undefined && org.groupId !== groupId) {
      return errorResponse(
        400,
        CODES.BAD_REQUEST,
        "Bad Request",
        `Org ${org.id} belongs to group ${org.groupId}, not to group ${groupId}.`,
        {
          source: { pointer: "/data/attributes/config/org_id" },
        },
      );
    }
    context.state.adoptOrg(org.id, groupId);
    const duplicate = context.state
      .registrations(groupId)
      .find((other) => other.type === attributes.type && sameIdentity(other.config, checked.data));
    if (duplicate !== undefined) {
      return errorResponse(
        409,
        CODES.CONFLICT,
        "Conflict",
        `Registration ${duplicate.id} already sends ${checked.data.event_type} events of org ${checked.data.org_id} to account ${checked.data.account_id} in ${checked.data.region}.`,
      );
    }
  }
  const created = context.state.createRegistration({ groupId, type: attributes.type, name: attributes.name, config });
  context.onCreated(created);
  const stored = context.state.registration(created.id) ?? created;
  return documentResponse(201, {
    data: registrationResource(stored),
    links: { self: `/rest${collection}/${created.id}` },
  });
}

function updateRegistration(
  request: RouteRequest,
  context: RouteContext,
  existing: SimulatedRegistration,
  collection: string,
): SimulatedResponse {
  const parsed = updateBody.safeParse(request.body);
  if (!parsed.success) {
    return schemaError(
      parsed.error,
      undefined,
      " Only the name can change: account, region and event type are fixed, so delete and re-create the registration to change them.",
    );
  }
  if (parsed.data.data.id !== existing.id) {
    return errorResponse(
      409,
      CODES.CONFLICT,
      "Conflict",
      `data.id ${parsed.data.data.id} does not match the registration ${existing.id} in the path.`,
    );
  }
  const updated = context.state.updateRegistration(existing.id, { name: parsed.data.data.attributes.name });
  return documentResponse(200, {
    data: registrationResource(updated),
    links: { self: `/rest${collection}/${existing.id}` },
  });
}

function sameIdentity(a: Readonly<Record<string, unknown>>, b: z.infer<typeof eventBridgeConfig>): boolean {
  return (
    a.org_id === b.org_id && a.account_id === b.account_id && a.region === b.region && a.event_type === b.event_type
  );
}

/** `GET /rest/self`: the user or service account the token belongs to. */
function selfRoute(request: RouteRequest, context: RouteContext): SimulatedResponse {
  if (request.method !== "GET") {
    return methodNotAllowed(request.method, "GET");
  }
  const versionError = checkVersion(request.query, ENDPOINT_VERSIONS.self);
  if (versionError !== undefined) {
    return versionError;
  }
  const { caller } = context;
  const attributes =
    caller.type === "user"
      ? { name: caller.name, username: "sandbox-user", email: "sandbox-user@example.com" }
      : { name: caller.name };
  return documentResponse(200, {
    data: { type: caller.type, id: SELF_IDS[caller.type], attributes },
    links: { self: "/rest/self" },
  });
}

/** Stable made-up IDs of the two callers the simulator knows. */
const SELF_IDS = {
  user: "5a5d1b0e-0000-4000-8000-00000000a001",
  service_account: "5a5d1b0e-0000-4000-8000-00000000a002",
} as const;

function orgResource(org: SimulatedOrg): Record<string, unknown> {
  return {
    type: "org",
    id: org.id,
    attributes: {
      name: org.name,
      slug: org.slug,
      is_personal: false,
      ...(org.groupId ? { group_id: org.groupId } : {}),
    },
  };
}

function registrationResource(registration: SimulatedRegistration): Record<string, unknown> {
  return {
    type: "group_registration",
    id: registration.id,
    attributes: {
      type: registration.type,
      name: registration.name,
      config: registration.config,
      created_at: registration.createdAt,
      updated_at: registration.updatedAt,
    },
  };
}

function checkVersion(
  query: URLSearchParams,
  endpoint: { readonly since: string; readonly experimentalOnly: boolean },
): SimulatedResponse | undefined {
  const version = query.get("version");
  if (version === null) {
    return errorResponse(
      400,
      CODES.BAD_REQUEST,
      "Bad Request",
      "The version query parameter is required (for example version=2024-10-15).",
      {
        source: { parameter: "version" },
      },
    );
  }
  const match = VERSION.exec(version);
  if (match === null || Number.isNaN(Date.parse(match[1]))) {
    return errorResponse(
      400,
      CODES.BAD_REQUEST,
      "Bad Request",
      `The requested version ${JSON.stringify(version)} is not a valid version.`,
      {
        source: { parameter: "version" },
      },
    );
  }
  if (match[1] < endpoint.since || (endpoint.experimentalOnly && match[2] !== "experimental")) {
    const wanted = `${endpoint.since}${endpoint.experimentalOnly ? "~experimental" : ""}`;
    return errorResponse(
      404,
      CODES.NOT_FOUND,
      "Not Found",
      `No version of this endpoint matches ${version}; it is available from ${wanted}.`,
    );
  }
  return undefined;
}

function checkId(id: string, parameter: string): SimulatedResponse | undefined {
  return UUID.test(id)
    ? undefined
    : errorResponse(400, CODES.BAD_REQUEST, "Bad Request", `${parameter} must be a UUID (got ${JSON.stringify(id)}).`, {
        source: { parameter },
      });
}

function notFound(kind: string, id: string): SimulatedResponse {
  return errorResponse(404, CODES.NOT_FOUND, "Not Found", `${kind} ${id} was not found.`);
}

function methodNotAllowed(method: string, allowed: string): SimulatedResponse {
  return errorResponse(
    405,
    CODES.METHOD_NOT_ALLOWED,
    "Method Not Allowed",
    `${method} is not allowed here; use ${allowed}.`,
    {
      headers: { allow: allowed },
    },
  );
}

function schemaError(error: z.ZodError, pointerPrefix = "", hint = ""): SimulatedResponse {
  const issue = error.issues[0];
  const pointer = `${pointerPrefix}/${issue.path.join("/")}`.replace(/\/$/, "") || "/";
  return errorResponse(
    400,
    CODES.BAD_REQUEST,
    "Bad Request",
    `Client request did not conform to OpenAPI specification: ${pointer} ${issue.message}.${hint}`,
    {
      source: { pointer },
    },
  );
}
