// GET /api/v1/audit — audit events newest first: one JSON page, or the whole filtered log streamed as JSON Lines or CSV (?format= or Accept)
import { apiHandler } from "@/server/entry/api";
import { auditExportResponse } from "@/server/http/audit-export";
import { auditEventRepresentation, pageOf, respond } from "@/server/http/representations";
import { readAuditLog } from "@/server/services/audit-requests";

export const GET = apiHandler(async ({ req, store }) => {
  const answer = await readAuditLog(store, new URL(req.url).searchParams, req.headers.get("accept"));
  if (answer.kind === "page") return respond(pageOf(auditEventRepresentation), answer.page);
  return auditExportResponse(answer.events, answer.format, answer.filename);
});
