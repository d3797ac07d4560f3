// GET /admin/audit/export?format=jsonl|csv&… — the console's audit export: the filtered log streamed as a download, for signed-in admins
import { currentUser } from "@/server/entry/current-user";
import { serverContext } from "@/server/composition";
import { auditExportResponse } from "@/server/http/audit-export";
import { errorResponse } from "@/server/http/errors";
import { exportAuditLog } from "@/server/services/audit-requests";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    // proxy.ts sends visitors without a session to /login; route handlers skip the admin layout, so the service checks the role.
    const user = await currentUser();
    const exported = await exportAuditLog((await serverContext()).store, user, new URL(req.url).searchParams);
    return auditExportResponse(exported.events, exported.format, exported.filename);
  } catch (error) {
    return errorResponse(error);
  }
}
