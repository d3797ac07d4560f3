import { env } from "@/env";

// A redeemed share link lives in a cookie scoped to its app, so a tester can come back to the
// page (and get fresh install grants) until the link expires or is revoked. The cookie holds the
// raw secret: it is re-checked against the database on every page view.

/** Every share cookie's name starts with it: a request carrying one is a share-link visitor's. */
export const SHARE_COOKIE_PREFIX = "sy_share_";

export function shareCookieName(appSlug: string): string {
  return `${SHARE_COOKIE_PREFIX}${appSlug}`;
}

/**
 * The share secret in this app's share cookie, read as Next reads cookies for the page (the last
 * of a repeated name wins, values URI-decoded), or null.
 */
export function shareSecretOf(cookieHeader: string | undefined, appSlug: string): string | null {
  const name = shareCookieName(appSlug);
  let value: string | null = null;
  for (const pair of (cookieHeader ?? "").split(/; */)) {
    const at = pair.indexOf("=");
    if (at === -1 || pair.slice(0, at) !== name) continue;
    try {
      value = decodeURIComponent(pair.slice(at + 1));
    } catch {
      // Next skips a value it cannot decode, keeping an earlier one.
    }
  }
  return value || null;
}

export function shareCookieHeader(appSlug: string, secret: string, expiresAt: Date | null, now = new Date()): string {
  const maxAge = expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)) : 60 * 60 * 24 * 365;
  const secure = env().publicUrl.startsWith("https:") ? "; Secure" : "";
  return `${shareCookieName(appSlug)}=${secret}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}
