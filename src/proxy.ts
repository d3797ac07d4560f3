// Next 16 middleware. Today: admin pages require a session. Token scopes for /api/v1/** join here
// (never on upload byte streams, which stay outside the matcher: a proxied body is cut at 10 MB).
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { auth } from "@/auth";

const requireSession = auth((req) => {
  if (!req.auth?.user) {
    const login = new URL("/login", req.nextUrl.origin);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  return NextResponse.next();
});

// With a lazily built config (src/auth.ts) next-auth's auth(fn) hands back a promise of the
// wrapped handler, not the handler itself, so it is awaited here rather than exported directly.
export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const handler = await requireSession;
  return (await handler(request, event as never)) ?? NextResponse.next();
}

export const config = { matcher: ["/admin", "/admin/:path*"] };
