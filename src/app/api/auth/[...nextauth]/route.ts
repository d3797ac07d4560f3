// GET/POST /api/auth/* — next-auth's session, CSRF-token and sign-out endpoints
import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { env } from "@/env";
import { jsonError } from "@/server/http/errors";
import { crossSiteRefusal } from "@/server/http/same-origin";

export const { GET } = handlers;

export async function POST(req: NextRequest): Promise<Response> {
  const refusal = crossSiteRefusal(req.headers, env().publicUrl);
  if (refusal) return jsonError(403, "FORBIDDEN", refusal);
  // Passwords go through POST /api/auth/sign-in, which answers a throttled attempt with 429 and
  // Retry-After; next-auth's own endpoint would answer it with a redirect to an error page.
  if (req.nextUrl.pathname.startsWith("/api/auth/callback/credentials")) {
    return jsonError(404, "NOT_FOUND", "sign in with POST /api/auth/sign-in");
  }
  return handlers.POST(req);
}
