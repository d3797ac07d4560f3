import type { Page } from "@/domain/pagination";
import type { PageRequest } from "./types";

const PAGE_SIZE = 500;

/** Every item of a cursor-paginated list, read page by page (for background passes over a whole table). */
export async function allPages<T>(fetchPage: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ limit: PAGE_SIZE, ...(cursor && { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
