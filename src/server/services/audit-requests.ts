import type { AuditEvent } from "@/domain/audit";
import { auditExportFilename, preferredAuditFormat } from "@/domain/audit-export";
import { type AuditExportFormat, parseAuditQuery } from "@/domain/audit-query";
import { DomainError } from "@/domain/errors";
import type { Page } from "@/domain/pagination";
import type { User } from "@/domain/user";
import type { Store } from "../store/types";
import { listAuditEvents } from "./audit";
import { exportAuditEvents } from "./audit-export";
import { resolveAuditFilter } from "./audit-log";

// The audit log as its URLs ask for it (the query parameters of audit-query.ts): GET /api/v1/audit
// answers a page or an export, the console's export route an export only.

export interface AuditExport {
  /** Read page by page as the download goes (exportAuditEvents). */
  events: AsyncGenerator<AuditEvent, void, undefined>;
  format: AuditExportFormat;
  filename: string;
}

export type AuditLogAnswer = { kind: "page"; page: Page<AuditEvent> } | ({ kind: "export" } & AuditExport);

/** One page as JSON, or the whole filtered log, by ?format= and else by the Accept header. */
export async function readAuditLog(store: Store, params: URLSearchParams, accept: string | null, now = new Date()): Promise<AuditLogAnswer> {
  const query = parseAuditQuery(params);
  const { filter, app } = await resolveAuditFilter(store, query);
  const format = query.format ?? preferredAuditFormat(accept);
  if (format === "json") return { kind: "page", page: await listAuditEvents(store, filter, query.page) };
  // An export starts at ?cursor= when given (to resume one that broke off) and ignores ?limit=.
  const events = exportAuditEvents(store, filter, { cursor: query.page.cursor });
  return { kind: "export", events, format, filename: auditExportFilename(format, now, app?.slug) };
}

/**
 * The console's export, for signed-in admins: the whole filtered log from its newest event. The
 * user is checked before the query, so a visitor learns nothing from how a query is refused.
 */
export async function exportAuditLog(store: Store, user: Pick<User, "role"> | null, params: URLSearchParams, now = new Date()): Promise<AuditExport> {
  if (!user) throw new DomainError("UNAUTHORIZED", "sign in to export the audit log");
  if (user.role !== "admin") throw new DomainError("FORBIDDEN", "only admins can export the audit log");
  const query = parseAuditQuery(params);
  if (!query.format) throw new DomainError("INVALID", "choose format=jsonl or format=csv", { issues: [{ path: "format", message: "choose jsonl or csv" }] });
  const { filter, app } = await resolveAuditFilter(store, query);
  return { events: exportAuditEvents(store, filter), format: query.format, filename: auditExportFilename(query.format, now, app?.slug) };
}
