/**
 * Opaque `NextToken`s for the List operations: the position after the last item returned, bound to the
 * query so that a token is not replayed against another listing.
 */
import { validationError } from "./service-error";

/** One page of `items` (already sorted) and the token for the next, if any. */
export function paginate<T>(
  items: readonly T[],
  query: string,
  nextToken: unknown,
  limit: unknown,
  defaultLimit = 100,
): { page: T[]; nextToken?: string } {
  const start = typeof nextToken === "string" ? decode(nextToken, query) : 0;
  const size = typeof limit === "number" ? limit : defaultLimit;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: encode(end, query) } : { page };
}

function encode(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: query }), "utf8").toString("base64");
}

function decode(token: string, query: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === query) {
      return parsed.o;
    }
  } catch {
    throw validationError("The NextToken provided is invalid.");
  }
  throw validationError("The NextToken provided is invalid.");
}
