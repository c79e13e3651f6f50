import { z } from "zod";
import { jsonApiResourceSchema } from "./json-api";

/** An org resource as `GET /rest/orgs/{org_id}` and `GET /rest/groups/{group_id}/orgs` return it. */
export const orgResourceSchema = jsonApiResourceSchema(
  "org",
  z.looseObject({
    name: z.string(),
    slug: z.string().optional(),
    group_id: z.string().nullish(),
    is_personal: z.boolean().optional(),
  }),
);

/** A Snyk org. */
export interface SnykOrg {
  /** The org ID (a UUID). */
  readonly id: string;
  /** The display name. */
  readonly name: string;
  /** The URL slug. @default - not reported by Snyk */
  readonly slug?: string;
  /** The group the org belongs to. @default - not reported by Snyk */
  readonly groupId?: string;
}

/** Maps a validated org resource to a {@link SnykOrg}. */
export function toSnykOrg(resource: z.infer<typeof orgResourceSchema>): SnykOrg {
  return {
    id: resource.id,
    name: resource.attributes.name,
    ...(resource.attributes.slug !== undefined ? { slug: resource.attributes.slug } : {}),
    ...(resource.attributes.group_id ? { groupId: resource.attributes.group_id } : {}),
  };
}
