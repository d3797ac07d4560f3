// GET /admin/audit/export?format=jsonl|csv&… — the console's audit export: the filtered log streamed as a download, for signed-in admins
import { auditExportFilename } from "@/domain/audit-export";
import { parseAuditQuery } from "@/domain/audit-query";
import { DomainError } from "@/domain/errors";
import { currentUser } from "@/server/auth/current-user";
import { getStore } from "@/server/db";
import { auditExportResponse } from "@/server/http/audit-export";
import { errorResponse } from "@/server/http/errors";
import { exportAuditEvents } from "@/server/services/audit-export";
import { resolveAuditFilter } from "@/server/services/audit-log";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    // proxy.ts sends visitors without a session to /login; route handlers skip the admin layout, so the role is checked here.
    const user = await currentUser();
    if (!user) throw new DomainError("UNAUTHORIZED", "sign in to export the audit log");
    if (user.role !== "admin") throw new DomainError("FORBIDDEN", "only admins can export the audit log");
    const query = parseAuditQuery(new URL(req.url).searchParams);
    if (!query.format) throw new DomainError("INVALID", "choose format=jsonl or format=csv", { issues: [{ path: "format", message: "choose jsonl or csv" }] });
    const store = await getStore();
    const { filter, app } = await resolveAuditFilter(store, query);
    return auditExportResponse(exportAuditEvents(store, filter), query.format, auditExportFilename(query.format, new Date(), app?.slug));
  } catch (error) {
    return errorResponse(error);
  }
}
