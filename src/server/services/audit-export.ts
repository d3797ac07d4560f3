import { type AuditEvent, type AuditFilter, auditFilterSchema } from "@/domain/audit";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";

/** Rows read per store call: about 100 KB of events, far from memory concerns, few round trips. */
export const AUDIT_EXPORT_PAGE_SIZE = 500;

/**
 * Every event matching `filter`, newest first, read one cursor page at a time as the consumer
 * asks: at most one page is held, however long the log. Each page is its own short read (no
 * transaction held across a download); events appended meanwhile are newer than the first page
 * and never show up, so an export is the log as it stood when it began.
 */
export function exportAuditEvents(store: Store, filter: AuditFilter, options: { cursor?: string; pageSize?: number } = {}): AsyncGenerator<AuditEvent, void, undefined> {
  // Checked now, not at the first read: a bad filter is the caller's error, before any byte is sent.
  const valid = parseOrThrow(auditFilterSchema, filter, "audit filter");
  return walkPages(store, valid, options.pageSize ?? AUDIT_EXPORT_PAGE_SIZE, options.cursor);
}

async function* walkPages(store: Store, filter: AuditFilter, limit: number, start: string | undefined): AsyncGenerator<AuditEvent, void, undefined> {
  let cursor = start;
  do {
    const page = await store.audit.list(filter, { limit, ...(cursor && { cursor }) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
