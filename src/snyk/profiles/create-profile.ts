import { ValidationError } from "../../errors";
import type { IntegrationProfile } from "../integration-profile";
import { SnykClient } from "../snyk-client";
import type { SnykClientOptions } from "../snyk-client-options";
import { CloudEventsProfile, type CloudEventsProfileOptions } from "./cloud-events-profile";
import { ExistingProfile, type ExistingProfileOptions } from "./existing-profile";

/** The names of the built-in profiles. */
export type BuiltInProfileName = "cloud-events" | "existing";

/** Every built-in profile name, the default first. */
export const BUILT_IN_PROFILE_NAMES: readonly BuiltInProfileName[] = ["cloud-events", "existing"];

/** The profile used when none is named. */
export const DEFAULT_BUILT_IN_PROFILE: BuiltInProfileName = "cloud-events";

/** Options of {@link createProfile}; each profile reads only its own. */
export interface CreateProfileOptions {
  /** cloud-events: the Snyk client. @default - a new `SnykClient` built from `clientOptions` */
  readonly client?: SnykClient;
  /** cloud-events: options of the client built when `client` is not given. @default - the environment */
  readonly clientOptions?: SnykClientOptions;
  /** cloud-events: version, path, registration type and event-type names. @default - the documented experimental API */
  readonly cloudEvents?: Omit<CloudEventsProfileOptions, "client">;
  /** existing: the integrations created in the Snyk UI. @default - none declared (lists are empty) */
  readonly existing?: ExistingProfileOptions;
}

/**
 * Builds a built-in profile by name.
 *
 * To plug in your own, implement `IntegrationProfile` (`src/snyk/integration-profile.ts`): `list`, `get`,
 * `create`, `rename` and `delete` on integration scopes, returning `SnykIntegration`s; map "not found"
 * to `undefined` (get) and `"not-found"` (delete), throw `SnykApiError` with `retryable` set for API failures,
 * and set `readOnly` when the profile never writes. Pass the object wherever a profile name is accepted
 * (see {@link resolveProfile}).
 * @throws ValidationError for an unknown name
 */
export function createProfile(name: BuiltInProfileName, options: CreateProfileOptions = {}): IntegrationProfile {
  switch (name) {
    case "cloud-events":
      return new CloudEventsProfile({
        ...options.cloudEvents,
        client: options.client ?? new SnykClient(options.clientOptions),
      });
    case "existing":
      return new ExistingProfile(options.existing ?? { integrations: [] });
    default:
      throw ValidationError.fromIssues("integration profile", [
        {
          field: "profile",
          rule: `must be one of ${BUILT_IN_PROFILE_NAMES.join(", ")} (or your own IntegrationProfile object)`,
          value: name,
        },
      ]);
  }
}

/** A profile object as given, or the built-in one of that name. */
export function resolveProfile(
  profile: BuiltInProfileName | IntegrationProfile,
  options: CreateProfileOptions = {},
): IntegrationProfile {
  return typeof profile === "string" ? createProfile(profile, options) : profile;
}

/** Whether `value` has the shape of an {@link IntegrationProfile} (for profiles loaded from user modules). */
export function isIntegrationProfile(value: unknown): value is IntegrationProfile {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === "string" &&
    typeof candidate.readOnly === "boolean" &&
    ["list", "get", "create", "rename", "delete"].every((method) => typeof candidate[method] === "function")
  );
}
