import { z } from "zod";

/** The kinds of caller `GET /rest/self` reports. */
export const SNYK_PRINCIPAL_TYPES = ["user", "service_account", "app_instance"] as const;

/** `GET /rest/self`'s resource: the user, service account or Snyk App instance a credential belongs to. */
export const principalResourceSchema = z.looseObject({
  type: z.enum(SNYK_PRINCIPAL_TYPES),
  id: z.string().min(1),
  attributes: z.looseObject({
    name: z.string().optional(),
    username: z.string().optional(),
  }),
});

/** Who a credential belongs to. */
export interface SnykPrincipal {
  /** A user, a service account or a Snyk App instance. */
  readonly type: (typeof SNYK_PRINCIPAL_TYPES)[number];
  /** Its Snyk ID. */
  readonly id: string;
  /** Its display name (the username or ID when Snyk reports no name). */
  readonly name: string;
}
