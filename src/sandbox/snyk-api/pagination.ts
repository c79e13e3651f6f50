import { SIMULATOR_ERROR_CODES, errorResponse, type SimulatedResponse } from "./json-api-responses";

/** One page of a collection and its links, or the error to answer instead. */
export type PageResult<T> =
  | { readonly ok: true; readonly items: T[]; readonly links: Record<string, string> }
  | { readonly ok: false; readonly response: SimulatedResponse };

/** Snyk's largest `limit`. */
export const MAX_PAGE_SIZE = 100;

/** Snyk's smallest `limit`; every `limit` is a multiple of it. */
export const MIN_PAGE_SIZE = 10;

/** Whether `limit` is one Snyk's REST specification allows: 10 to 100, a multiple of 10. */
export function isValidPageSize(limit: number): boolean {
  return Number.isInteger(limit) && limit >= MIN_PAGE_SIZE && limit <= MAX_PAGE_SIZE && limit % MIN_PAGE_SIZE === 0;
}

/**
 * Cursor pagination the way Snyk does it: `limit` (10 to 100, a multiple of 10; Snyk's REST specification) and
 * an opaque `starting_after` cursor; `links.next` is a path from the API root, with the `/rest` prefix as real
 * responses carry it, that repeats the query with the next cursor.
 */
export function paginate<T extends { readonly id: string }>(
  items: readonly T[],
  collectionPath: string,
  query: URLSearchParams,
  defaultPageSize: number,
): PageResult<T> {
  const rawLimit = query.get("limit");
  const limit = rawLimit === null ? defaultPageSize : Number(rawLimit);
  if (!isValidPageSize(limit)) {
    return invalid(
      `limit must be a multiple of ${MIN_PAGE_SIZE} from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE} (got ${JSON.stringify(rawLimit)})`,
      "limit",
    );
  }
  let start = 0;
  const cursor = query.get("starting_after");
  if (cursor !== null) {
    const afterId = decodeCursor(cursor);
    const index = afterId === undefined ? -1 : items.findIndex((item) => item.id === afterId);
    if (index < 0) {
      return invalid("starting_after is not a cursor this collection issued", "starting_after");
    }
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const links: Record<string, string> = { self: linkTo(collectionPath, query, cursor ?? undefined) };
  if (start + limit < items.length && page.length > 0) {
    links.next = linkTo(collectionPath, query, encodeCursor(page[page.length - 1].id));
  }
  return { ok: true, items: page, links };
}

function linkTo(collectionPath: string, query: URLSearchParams, cursor: string | undefined): string {
  const params = new URLSearchParams(query);
  params.delete("starting_after");
  if (cursor !== undefined) {
    params.set("starting_after", cursor);
  }
  return `/rest${collectionPath}?${params.toString()}`;
}

function encodeCursor(id: string): string {
  return Buffer.from(`v1:${id}`).toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  return text.startsWith("v1:") ? text.slice(3) : undefined;
}

function invalid(detail: string, parameter: string): PageResult<never> {
  return {
    ok: false,
    response: errorResponse(400, SIMULATOR_ERROR_CODES.BAD_REQUEST, "Bad Request", detail, { source: { parameter } }),
  };
}
