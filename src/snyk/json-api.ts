import { z } from "zod";

/**
 * The parts of JSON:API (https://jsonapi.org/format/1.0/) that Snyk's REST API uses. Schemas are tolerant
 * readers: unknown members pass through, so a Snyk release that adds fields does not break the client.
 */

/** The media type of every Snyk REST request body and response. */
export const JSON_API_MEDIA_TYPE = "application/vnd.api+json";

/** A link is a URL string or, in JSON:API 1.1, an object with `href`. */
export const jsonApiLinkSchema = z.union([z.string(), z.looseObject({ href: z.string() })]);

/** Top-level `links` of a collection: `next` is what pagination follows. */
export const jsonApiLinksSchema = z.looseObject({
  self: jsonApiLinkSchema.nullish(),
  next: jsonApiLinkSchema.nullish(),
  prev: jsonApiLinkSchema.nullish(),
  first: jsonApiLinkSchema.nullish(),
  last: jsonApiLinkSchema.nullish(),
});

/** One JSON:API error object. */
export const jsonApiErrorSchema = z.looseObject({
  id: z.string().optional(),
  status: z.string().optional(),
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  source: z.looseObject({ pointer: z.string().optional(), parameter: z.string().optional() }).optional(),
});

/** A JSON:API error object. */
export type JsonApiError = z.infer<typeof jsonApiErrorSchema>;

/** A JSON:API error document (`{"errors": [...]}`). */
export const jsonApiErrorDocumentSchema = z.looseObject({
  errors: z.array(jsonApiErrorSchema).min(1),
});

/** A resource object of `type` whose attributes match `attributes`. */
export function jsonApiResourceSchema<A extends z.ZodType>(type: string, attributes: A) {
  return z.looseObject({
    type: z.literal(type),
    id: z.string().min(1),
    attributes,
  });
}

/** A document whose primary data is one resource. */
export function jsonApiSingleDocumentSchema<R extends z.ZodType>(resource: R) {
  return z.looseObject({ data: resource });
}

/** A document whose primary data is a page of resources, with pagination links. */
export function jsonApiCollectionDocumentSchema<R extends z.ZodType>(resource: R) {
  return z.looseObject({ data: z.array(resource), links: jsonApiLinksSchema.optional() });
}

/** The URL text of a link, whichever form it takes. */
export function linkHref(link: z.infer<typeof jsonApiLinkSchema> | null | undefined): string | undefined {
  if (link === null || link === undefined) {
    return undefined;
  }
  return typeof link === "string" ? link : link.href;
}

/**
 * Turns a `links.next` value into an absolute URL under `baseUrl`. Snyk returns paths relative to the API
 * root, with or without the `/rest` prefix; absolute URLs are accepted only on the base URL's origin so that
 * the token is never sent to another host. Returns `undefined` for an empty link (last page).
 * @throws Error when the link points to another origin (the caller turns it into a typed error)
 */
export function resolveNextLink(baseUrl: string, next: string | undefined): string | undefined {
  if (next === undefined || next.trim() === "") {
    return undefined;
  }
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, "");
  if (/^[a-z][a-z0-9+.-]*:/i.test(next)) {
    const absolute = new URL(next);
    if (absolute.origin !== base.origin) {
      throw new Error(`links.next points to ${absolute.origin}, not to the API origin ${base.origin}`);
    }
    return absolute.toString();
  }
  if (next.startsWith("//")) {
    throw new Error("links.next is a protocol-relative URL, which could leave the API origin");
  }
  const relative = next.startsWith("/") ? next : `/${next}`;
  const restPrefix = `${basePath}/rest`;
  const path =
    relative === restPrefix || relative.startsWith(`${restPrefix}/`) || relative.startsWith(`${restPrefix}?`)
      ? relative
      : relative.startsWith("/rest/") || relative.startsWith("/rest?")
        ? `${basePath}${relative}`
        : `${restPrefix}${relative}`;
  return new URL(path, base.origin).toString();
}
