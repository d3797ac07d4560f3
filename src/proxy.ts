// Next 16 middleware. Today: admin pages require a session. Token scopes for /api/v1/** join here
// (never on upload byte streams, which stay outside the matcher: see docs/architecture).
import { NextResponse } from "next/server";
import { auth } from "@/auth";

export default auth((req) => {
  if (!req.auth?.user) {
    const login = new URL("/login", req.nextUrl.origin);
    login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  return NextResponse.next();
});

export const config = { matcher: ["/admin", "/admin/:path*"] };
