// Next 16 middleware: bearer-token scopes on every /api/v1/** route and a session on admin pages.
// Upload byte streams (/api/uploads/*) stay outside the matcher: a proxied body is cut at 10 MB.
// Install pages stay outside it too: their device id cookie is set by the Node server
// (http/device-cookie.ts), which spares each of them a middleware run.
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { auth } from "@/auth";
import { matchApiRoute } from "@/domain/api-routes";
import { env } from "@/env";
import { serverContext } from "@/server/composition";
import { jsonError } from "@/server/http/errors";
import { encodeIdentity, TOKEN_IDENTITY_HEADER } from "@/server/http/identity";
import { authorizeApiRequest, credentialInQuery } from "@/server/http/token-auth";

const requireSession = auth((req) => {
  if (!req.auth?.user) {
    // PUBLIC_URL, not the request's URL: behind a reverse proxy that is the bind address.
    const login = new URL("/login", env().publicUrl);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  return NextResponse.next();
});

async function guardApi(req: NextRequest): Promise<Response> {
  const headers = new Headers(req.headers);
  headers.delete(TOKEN_IDENTITY_HEADER);
  if (credentialInQuery(req.nextUrl)) {
    return jsonError(400, "INVALID", "credentials are accepted only in the Authorization header, never in the URL");
  }
  const match = matchApiRoute(req.method, req.nextUrl.pathname);
  if (match.kind === "not_found") return jsonError(404, "NOT_FOUND", "no such API route");
  if (match.kind === "method_not_allowed") {
    const res = jsonError(405, "METHOD_NOT_ALLOWED", `use ${match.allowed.join(", ")}`);
    res.headers.set("allow", match.allowed.join(", "));
    return res;
  }
  if (match.route.public) return NextResponse.next({ request: { headers } });
  try {
    const result = await authorizeApiRequest((await serverContext()).store, req, match.route, match.params);
    if (!result.ok) return result.response;
    headers.set(TOKEN_IDENTITY_HEADER, encodeIdentity(result.identity));
    return NextResponse.next({ request: { headers } });
  } catch (error) {
    console.error("token check failed:", error);
    return jsonError(500, "INTERNAL", "internal server error");
  }
}

export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const path = request.nextUrl.pathname;
  if (path.startsWith("/api/v1")) return guardApi(request);
  if (path !== "/admin" && !path.startsWith("/admin/")) return NextResponse.next();
  // With a lazily built config (src/auth.ts) next-auth's auth(fn) hands back a promise of the
  // wrapped handler, not the handler itself, so it is awaited here.
  const handler = await requireSession;
  return (await handler(request, event as never)) ?? NextResponse.next();
}

export const config = {
  matcher: ["/api/v1/:path*", "/admin", "/admin/:path*"],
};
