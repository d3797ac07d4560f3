// GET /api/v1/openapi.json — this API's description, generated from its zod schemas
import { env } from "@/env";
import { buildOpenApiDocument } from "@/server/http/openapi";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(buildOpenApiDocument(env().publicUrl), { headers: { "cache-control": "public, max-age=300" } });
}
