// The install pages' device id: random, first-party, HttpOnly. It only places a visitor in a
// staged rollout's buckets, so the same browser keeps getting the same release.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const DEVICE_COOKIE = "sy_device";
export const DEVICE_COOKIE_MAX_AGE = 2 * 365 * 24 * 60 * 60;

const DEVICE_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([^;]+)`);

/** The device id in a Cookie header, or null (absent or empty). */
export function deviceIdOf(cookieHeader: string | undefined): string | null {
  return DEVICE_COOKIE_VALUE.exec(cookieHeader ?? "")?.[1] ?? null;
}

// Paths Next renders that have no use for a device id: the API, the console, sign-in, help, the
// byte and share-link paths, the site icon. What is left is the install pages (and their 404s and feeds).
const WITHOUT_DEVICE_ID = /^\/(?:api\/|_next\/|admin(?:\/|$)|login(?:\/|$)|help(?:\/|$)|d\/|g\/|i\/|s\/|favicon\.ico$|icon\.svg$|robots\.txt$)/;

export function needsDeviceId(pathname: string): boolean {
  return pathname.length > 1 && !WITHOUT_DEVICE_ID.test(pathname);
}

/**
 * Gives a first-time visitor a device id before Next renders the page: added to this request's
 * Cookie header, so the page rendered now already places them, and set on the response. Done in
 * the Node server rather than in Next middleware: a middleware run cost an install page 3-5 ms of
 * its 13-16 ms (one request at a time, production build), just for this.
 */
export function ensureDeviceId(req: IncomingMessage, res: ServerResponse, secure: boolean, now = Date.now()): void {
  if (deviceIdOf(req.headers.cookie) !== null) return;
  const id = randomUUID();
  req.headers.cookie = req.headers.cookie ? `${req.headers.cookie}; ${DEVICE_COOKIE}=${id}` : `${DEVICE_COOKIE}=${id}`;
  const expires = new Date(now + DEVICE_COOKIE_MAX_AGE * 1000).toUTCString();
  res.appendHeader("set-cookie", `${DEVICE_COOKIE}=${id}; Path=/; Expires=${expires}; Max-Age=${DEVICE_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`);
}
