// GET /api/v1/audit — audit events, newest first, filtered by actor, action, target and time
import { auditFilterSchema } from "@/domain/audit";
import { parseOrThrow } from "@/domain/validate";
import { apiHandler } from "@/server/http/api-handler";
import { pageFromQuery } from "@/server/http/query";
import { auditEventRepresentation, pageOf, respond } from "@/server/http/representations";
import { listAuditEvents } from "@/server/services/audit";

export const GET = apiHandler(async ({ req, store }) => {
  const q = new URL(req.url).searchParams;
  const date = (name: string) => (q.has(name) ? new Date(q.get(name) ?? "") : undefined);
  const filter = parseOrThrow(
    auditFilterSchema,
    {
      actor: q.get("actor") ?? undefined,
      action: q.get("action") ?? undefined,
      targetType: q.get("targetType") ?? undefined,
      targetId: q.get("targetId") ?? undefined,
      from: date("from"),
      to: date("to"),
    },
    "audit filter",
  );
  return respond(pageOf(auditEventRepresentation), await listAuditEvents(store, filter, pageFromQuery(new URL(req.url))));
});
