import { pageInputSchema } from "@/domain/pagination";
import { parseOrThrow } from "@/domain/validate";

/** ?cursor=…&limit=… as a validated page request. */
export function pageFromQuery(url: URL) {
  const limit = url.searchParams.get("limit");
  return parseOrThrow(pageInputSchema, { cursor: url.searchParams.get("cursor") ?? undefined, limit: limit === null ? undefined : Number(limit) }, "page");
}
