// GET /api/health — liveness and database reachability, for load balancers and the quick start
import { serverContext } from "@/server/composition";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await (await serverContext()).database.ping();
    return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    console.error("health check: database unreachable:", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
