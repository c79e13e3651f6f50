import { ENV } from "../consts";
import { ValidationError } from "../errors";

/**
 * Snyk's regional API hosts (base URLs without `/rest`), keyed by the region names Snyk uses
 * (`SNYK-US-01` is `us-01`). The short names `us`, `eu` and `au` are aliases of the first region of each.
 * @see https://docs.snyk.io/snyk-api/rest-api/about-the-rest-api
 */
export const SNYK_REGIONS = {
  "us-01": "https://api.snyk.io",
  "us-02": "https://api.us.snyk.io",
  "eu-01": "https://api.eu.snyk.io",
  "au-01": "https://api.au.snyk.io",
  us: "https://api.snyk.io",
  eu: "https://api.eu.snyk.io",
  au: "https://api.au.snyk.io",
} as const;

/** A key of {@link SNYK_REGIONS}. */
export type SnykRegion = keyof typeof SNYK_REGIONS;

/** The base URL used when neither an option nor `SNYK_API_URL` names one. */
export const DEFAULT_SNYK_API_URL = SNYK_REGIONS["us-01"];

/** Where the base URL comes from, in order of precedence. */
export interface BaseUrlSources {
  /** An explicit base URL. @default - use `region` */
  readonly baseUrl?: string;
  /** A Snyk region name. @default - use `SNYK_API_URL` from `env` */
  readonly region?: SnykRegion;
  /** Environment variables. @default - no environment (so {@link DEFAULT_SNYK_API_URL}) */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The host names of Snyk's regional REST API hosts. */
export const SNYK_API_HOSTS: ReadonlySet<string> = new Set(Object.values(SNYK_REGIONS).map((url) => new URL(url).host));

/**
 * Resolves and validates the Snyk API base URL (without `/rest`): `baseUrl`, else `region`, else
 * `SNYK_API_URL`, else `https://api.snyk.io`. Plain `http` is accepted only for loopback hosts (the sandbox), so
 * a token is never sent in clear text over a network. A trailing `/rest` is tolerated and removed. A host under
 * `snyk.io` must be one of Snyk's regional API hosts (`app.…` is the web app, and a made-up region does not
 * exist), with no path; any other host (a proxy, the sandbox) is taken as given.
 * @throws ValidationError when the URL is malformed, not https, names no Snyk API host under `snyk.io`, or
 *   carries credentials, a query or a fragment
 */
export function resolveSnykBaseUrl(sources: BaseUrlSources): string {
  if (sources.baseUrl === undefined && sources.region !== undefined) {
    const url: string | undefined = SNYK_REGIONS[sources.region];
    if (url === undefined) {
      throw ValidationError.fromIssues("Snyk client options", [
        { field: "region", rule: `must be one of ${Object.keys(SNYK_REGIONS).join(", ")}`, value: sources.region },
      ]);
    }
    return url;
  }
  const fromEnv = sources.env?.[ENV.SNYK_API_URL];
  const field = sources.baseUrl !== undefined ? "baseUrl" : ENV.SNYK_API_URL;
  const raw = (
    sources.baseUrl ?? (fromEnv !== undefined && fromEnv.trim() !== "" ? fromEnv : DEFAULT_SNYK_API_URL)
  ).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new ValidationError(
      `${field} is not a valid URL (got ${JSON.stringify(raw)}): give the Snyk API base without /rest, for example https://api.eu.snyk.io.`,
      [{ field, rule: "must be an absolute URL", value: raw }],
      { cause: error },
    );
  }
  const issues = [];
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    issues.push({ field, rule: "must use https (plain http is accepted only for loopback hosts)", value: raw });
  }
  if (url.username !== "" || url.password !== "") {
    // Do not echo the value: it holds credentials.
    issues.push({ field, rule: "must not contain credentials; pass the token through SNYK_TOKEN instead" });
  }
  if (url.search !== "" || url.hash !== "") {
    issues.push({ field, rule: "must not contain a query string or fragment", value: raw });
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/rest$/, "");
  const host = url.hostname.toLowerCase();
  if (host === "snyk.io" || host.endsWith(".snyk.io")) {
    if (!SNYK_API_HOSTS.has(host)) {
      issues.push({
        field,
        rule: `must name one of Snyk's API hosts: ${knownHosts()}${appHostHint(host)}`,
        value: raw,
      });
    } else if (path !== "") {
      issues.push({
        field,
        rule: `must be the API host alone, such as https://${host} (the client adds /rest)`,
        value: raw,
      });
    }
  }
  if (issues.length > 0) {
    throw ValidationError.fromIssues("Snyk API base URL", issues);
  }
  return `${url.origin}${path}`;
}

function knownHosts(): string {
  return [...SNYK_API_HOSTS].map((known) => `https://${known}`).join(", ");
}

/** `app.eu.snyk.io` is the web app of the region whose API is `api.eu.snyk.io`. */
function appHostHint(host: string): string {
  const api = host.replace(/^app\./, "api.");
  return host.startsWith("app.") && SNYK_API_HOSTS.has(api)
    ? ` (${host} is the web app; its API is https://${api})`
    : "";
}

/** Whether `hostname` (as `URL.hostname` reports it) is a loopback address or `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
