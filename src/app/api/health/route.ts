// GET /api/health — liveness and database reachability, for load balancers and the quick start
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { prisma } = await getDb();
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    console.error("health check: database unreachable:", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
