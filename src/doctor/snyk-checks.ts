import { z } from "zod";
import { ENV } from "../consts";
import { SnykApiError, TimeoutError, ValidationError } from "../errors";
import { DEFAULT_SPEC_PROFILE, type IntegrationSpec } from "../provisioner/integration-spec";
import { jsonApiResourceSchema } from "../snyk/json-api";
import {
  AWS_EVENTBRIDGE_REGISTRATION_TYPE,
  CLOUD_EVENTS_API_VERSION,
  CLOUD_EVENTS_REGISTRATIONS_PATH,
} from "../snyk/profiles/cloud-events-profile";
import { groupRegistrationResourceSchema } from "../snyk/profiles/cloud-events-schemas";
import { SnykClient } from "../snyk/snyk-client";
import type { SnykClientOptions } from "../snyk/snyk-client-options";
import type { SnykCredentialKind } from "../snyk/snyk-credentials";
import type { SnykPrincipal } from "../snyk/snyk-principal";
import { SNYK_REGIONS, resolveSnykBaseUrl } from "../snyk/snyk-regions";
import { failed, passed, skipped, type DoctorCheck } from "./doctor-check";

/** What the Snyk checks read. */
export interface SnykCheckInput {
  /** The validated spec. */
  readonly spec: IntegrationSpec;
  /** The environment: credential variables and `SNYK_API_URL`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts the checks. @default - not abortable */
  readonly signal?: AbortSignal;
  /** Extra client options (dispatcher, retries, timeouts). @default - two attempts, a 30 s deadline per call */
  readonly client?: Omit<SnykClientOptions, "env" | "baseUrl">;
}

const KIND_LABELS: Readonly<Record<SnykCredentialKind, string>> = {
  "api-token": "API token (Authorization: token)",
  "oauth-bearer": "OAuth access token (Authorization: bearer)",
  "oauth-client-credentials": "OAuth client credentials (access tokens from POST /oauth2/token)",
};

const NOT_NEEDED = "not needed: the existing profile makes no Snyk calls";

/**
 * The Snyk half of `doctor`: the API host, the credential (present, which kind, accepted: `GET /rest/self`),
 * the org, the group and the registrations endpoint of the profile. Every call is a read. A failed check skips
 * the ones that depend on it, so that one problem shows as one failure.
 */
export async function snykChecks(input: SnykCheckInput): Promise<DoctorCheck[]> {
  const { spec, env } = input;
  const profile = spec.profile ?? DEFAULT_SPEC_PROFILE;
  const checks: DoctorCheck[] = [];
  const host = hostCheck(spec, env);
  checks.push(host.check);
  const rest = ["snyk-credential", "snyk-org", "snyk-group", "snyk-registrations"] as const;
  if (profile === "existing") {
    return [...checks, ...rest.map((id) => skipped(id, NOT_NEEDED))];
  }
  if (host.baseUrl === undefined) {
    return [...checks, ...rest.map((id) => skipped(id, "skipped: no usable Snyk API host"))];
  }
  let client: SnykClient;
  try {
    client = new SnykClient({
      retry: { maxAttempts: 2 },
      deadlineMs: 30_000,
      ...input.client,
      env,
      baseUrl: host.baseUrl,
    });
  } catch (error) {
    if (!ValidationError.isValidationError(error)) {
      throw error;
    }
    checks.push(failed("snyk-credential", error.message, credentialFix()));
    return [...checks, ...rest.slice(1).map((id) => skipped(id, "skipped: no usable Snyk credential"))];
  }
  try {
    const credential = await credentialCheck(client, input.signal);
    checks.push(credential.check);
    if (credential.principal === undefined) {
      return [...checks, ...rest.slice(1).map((id) => skipped(id, "skipped: Snyk did not accept the credential"))];
    }
    const who = `${credential.principal.type.replace("_", " ")} "${credential.principal.name}"`;
    checks.push(await orgCheck(client, spec, who, input.signal));
    const group = await groupCheck(client, spec, who, input.signal);
    checks.push(group);
    checks.push(
      group.status === "ok"
        ? await registrationsCheck(client, spec, input.signal)
        : skipped("snyk-registrations", "skipped: the group is not visible"),
    );
    return checks;
  } finally {
    await client.close();
  }
}

function hostCheck(
  spec: IntegrationSpec,
  env: Readonly<Record<string, string | undefined>>,
): { readonly check: DoctorCheck; readonly baseUrl?: string } {
  const from =
    spec.snykApiUrl !== undefined
      ? "spec.snykApiUrl"
      : env[ENV.SNYK_API_URL]?.trim()
        ? ENV.SNYK_API_URL
        : "the default";
  try {
    const baseUrl = resolveSnykBaseUrl({ baseUrl: spec.snykApiUrl, env });
    const region = Object.entries(SNYK_REGIONS).find(([name, url]) => url === baseUrl && name.includes("-"))?.[0];
    const what = region === undefined ? "not a Snyk host: a proxy or the sandbox" : `SNYK-${region.toUpperCase()}`;
    return { check: passed("snyk-api-host", `${baseUrl} (${what}; from ${from})`), baseUrl };
  } catch (error) {
    if (!ValidationError.isValidationError(error)) {
      throw error;
    }
    return {
      check: failed(
        "snyk-api-host",
        error.message.replace(/\n\s*/g, " "),
        `Set ${from === "spec.snykApiUrl" ? "spec.snykApiUrl" : ENV.SNYK_API_URL} to the API host of your Snyk region: ` +
          `${Object.entries(SNYK_REGIONS)
            .filter(([name]) => name.includes("-"))
            .map(([name, url]) => `${url} (SNYK-${name.toUpperCase()})`)
            .join(", ")}.`,
      ),
    };
  }
}

async function credentialCheck(
  client: SnykClient,
  signal: AbortSignal | undefined,
): Promise<{ readonly check: DoctorCheck; readonly principal?: SnykPrincipal }> {
  const kind = `${KIND_LABELS[client.credentialKind]} from ${client.credentialSource}`;
  try {
    const principal = await client.getSelf({ signal });
    return {
      check: passed("snyk-credential", `${kind}, accepted for ${principal.type.replace("_", " ")} "${principal.name}"`),
      principal,
    };
  } catch (error) {
    if (!SnykApiError.isSnykApiError(error)) {
      throw error;
    }
    if (error.operation?.endsWith("/oauth2/token") && !error.retryable) {
      return {
        check: failed(
          "snyk-credential",
          `${kind}: Snyk issued no access token (${httpAndRequestId(error)})`,
          `Check ${ENV.SNYK_CLIENT_ID} and ${ENV.SNYK_CLIENT_SECRET} (Snyk shows the secret once; rotate it if it was lost) and that the service account belongs to the Snyk region of ${client.baseUrl}.`,
        ),
      };
    }
    if (error.status === 401) {
      return {
        check: failed(
          "snyk-credential",
          `${kind}, not accepted by ${client.baseUrl} (${httpAndRequestId(error)})`,
          client.credentialKind === "oauth-bearer"
            ? `Get a new OAuth access token (they expire within the hour), or set ${ENV.SNYK_CLIENT_ID} and ${ENV.SNYK_CLIENT_SECRET} so that the tool gets and refreshes its own.`
            : `Put a current API token for ${client.baseUrl} in ${client.credentialSource} (tokens are per Snyk region; an OAuth access token goes in ${ENV.SNYK_OAUTH_TOKEN}).`,
        ),
      };
    }
    return { check: failed("snyk-credential", `${kind}: ${unreachable(client, error)}`, reachFix()) };
  }
}

async function orgCheck(
  client: SnykClient,
  spec: IntegrationSpec,
  who: string,
  signal: AbortSignal | undefined,
): Promise<DoctorCheck> {
  try {
    const org = await client.getOrg(spec.orgId, { signal });
    if (spec.groupId !== undefined && org.groupId !== undefined && org.groupId !== spec.groupId.toLowerCase()) {
      return failed(
        "snyk-org",
        `org "${org.name}" (${org.id}) belongs to group ${org.groupId}, not to spec.groupId ${spec.groupId}`,
        `Set spec.groupId to ${org.groupId}, the org's group.`,
      );
    }
    return passed(
      "snyk-org",
      `"${org.name}" (${org.id})${org.groupId === undefined ? "" : `, in group ${org.groupId}`}`,
    );
  } catch (error) {
    if (SnykApiError.isSnykApiError(error) && (error.status === 404 || error.status === 403)) {
      return failed(
        "snyk-org",
        `Snyk shows no org ${spec.orgId} to ${who} (${httpAndRequestId(error)})`,
        `Check spec.orgId (Snyk org settings, General: Organization ID) and that ${who} is a member of the org in the Snyk region of ${client.baseUrl}.`,
      );
    }
    return failed("snyk-org", unreachable(client, error), reachFix());
  }
}

const groupOrgsPage = z.looseObject({ data: z.array(jsonApiResourceSchema("org", z.looseObject({}))) });

async function groupCheck(
  client: SnykClient,
  spec: IntegrationSpec,
  who: string,
  signal: AbortSignal | undefined,
): Promise<DoctorCheck> {
  if (spec.groupId === undefined) {
    return skipped("snyk-group", "skipped: the spec names no groupId");
  }
  try {
    const page = await client.request(
      {
        method: "GET",
        path: `/groups/${encodeURIComponent(spec.groupId)}/orgs`,
        query: { limit: 10 },
        schema: groupOrgsPage,
      },
      { signal },
    );
    const count = page.data.data.length;
    return passed("snyk-group", `${spec.groupId} is visible (${count}${count === 10 ? "+" : ""} org(s))`);
  } catch (error) {
    if (SnykApiError.isSnykApiError(error) && (error.status === 404 || error.status === 403)) {
      return failed(
        "snyk-group",
        `Snyk shows no group ${spec.groupId} to ${who} (${httpAndRequestId(error)})`,
        `Check spec.groupId (Snyk group settings, General: Group ID) and that ${who} is a member of the group (Group Admin, to manage its registrations), in the Snyk region of ${client.baseUrl}.`,
      );
    }
    return failed("snyk-group", unreachable(client, error), reachFix());
  }
}

async function registrationsCheck(
  client: SnykClient,
  spec: IntegrationSpec,
  signal: AbortSignal | undefined,
): Promise<DoctorCheck> {
  const groupId = spec.groupId as string;
  const version = spec.snykApiVersion ?? CLOUD_EVENTS_API_VERSION;
  const path = CLOUD_EVENTS_REGISTRATIONS_PATH.replace("{group_id}", encodeURIComponent(groupId));
  try {
    const registrations = await client.listAll(
      { path, version, resource: groupRegistrationResourceSchema },
      { signal },
    );
    const ours = registrations.filter(
      (registration) =>
        registration.attributes.type === AWS_EVENTBRIDGE_REGISTRATION_TYPE &&
        (registration.attributes.config as { org_id?: unknown } | undefined)?.org_id === spec.orgId,
    );
    return passed(
      "snyk-registrations",
      `GET /rest${path} (version ${version}) answers: ${registrations.length} registration(s) in the group, ` +
        `${ours.length} EventBridge one(s) of this org. Creating one relies on the "${AWS_EVENTBRIDGE_REGISTRATION_TYPE}" ` +
        'type, which Snyk does not document: if reconcile says Snyk did not accept it, use the "existing" profile',
    );
  } catch (error) {
    if (SnykApiError.isSnykApiError(error) && (error.status === 403 || error.status === 404)) {
      return failed(
        "snyk-registrations",
        `the Cloud Events registrations of group ${groupId} are not available to this credential (${httpAndRequestId(error)})`,
        error.status === 403
          ? 'Give the user or service account the Group Admin role on the group, or create the integration in the Snyk UI and set "profile": "existing" in the spec.'
          : `This Snyk API does not serve the experimental registrations (version ${version}) for the group: create the integration in the Snyk UI and set "profile": "existing" in the spec.`,
      );
    }
    return failed("snyk-registrations", unreachable(client, error), reachFix());
  }
}

function httpAndRequestId(error: SnykApiError): string {
  return `HTTP ${error.status}${error.requestId === undefined ? "" : `, Snyk request ID ${error.requestId}`}`;
}

/** A failure that is not about the input: the network, Snyk's side, or a deadline. Anything else is a bug. */
function unreachable(client: SnykClient, error: unknown): string {
  if (SnykApiError.isSnykApiError(error)) {
    return error.status === 0
      ? `no answer from ${client.baseUrl} (${error.detail ?? "transport failure"})`
      : `Snyk answered ${httpAndRequestId(error)}${error.detail === undefined ? "" : `: ${error.detail}`}`;
  }
  if (TimeoutError.isTimeoutError(error)) {
    return error.message;
  }
  throw error;
}

function reachFix(): string {
  return `Check network access to the Snyk API host (proxy, firewall) and ${ENV.SNYK_API_URL}, then run doctor again; https://status.snyk.io shows Snyk outages.`;
}

function credentialFix(): string {
  return `Set ${ENV.SNYK_TOKEN} (an API token or a service account token), ${ENV.SNYK_OAUTH_TOKEN} (an OAuth access token), or ${ENV.SNYK_CLIENT_ID} and ${ENV.SNYK_CLIENT_SECRET} (a service account's OAuth client credentials).`;
}
