// GET /api/v1/audit — audit events newest first: one JSON page, or the whole filtered log streamed as JSON Lines or CSV (?format= or Accept)
import { auditExportFilename, preferredAuditFormat } from "@/domain/audit-export";
import { parseAuditQuery } from "@/domain/audit-query";
import { apiHandler } from "@/server/http/api-handler";
import { auditExportResponse } from "@/server/http/audit-export";
import { auditEventRepresentation, pageOf, respond } from "@/server/http/representations";
import { listAuditEvents } from "@/server/services/audit";
import { exportAuditEvents } from "@/server/services/audit-export";
import { resolveAuditFilter } from "@/server/services/audit-log";

export const GET = apiHandler(async ({ req, store }) => {
  const query = parseAuditQuery(new URL(req.url).searchParams);
  const { filter, app } = await resolveAuditFilter(store, query);
  const format = query.format ?? preferredAuditFormat(req.headers.get("accept"));
  if (format === "json") return respond(pageOf(auditEventRepresentation), await listAuditEvents(store, filter, query.page));
  // An export starts at ?cursor= when given (to resume one that broke off) and ignores ?limit=.
  const events = exportAuditEvents(store, filter, { cursor: query.page.cursor });
  return auditExportResponse(events, format, auditExportFilename(format, new Date(), app?.slug));
});
