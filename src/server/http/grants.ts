import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/env";

// Download grants: signed, expiring capabilities carried in the URL path, because iOS's install
// daemon fetches manifests and IPAs without cookies or headers. Format:
// base64url(JSON {a: artifactId, e: expiry seconds}) "." base64url(HMAC-SHA256).

let key: Buffer | undefined;
function grantKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", authSecret(), "shipyard", "download-grant-v1", 32));
  return key;
}

function sign(payload: string): string {
  return createHmac("sha256", grantKey()).update(payload).digest("base64url");
}

export function createDownloadGrant(artifactId: string, ttlSeconds: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ a: artifactId, e: Math.floor(now / 1000) + ttlSeconds })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The artifact id a grant allows, or null when it is forged, malformed or expired. */
export function verifyDownloadGrant(grant: string, now = Date.now()): string | null {
  const [payload, signature, ...rest] = grant.split(".");
  if (!payload || !signature || rest.length > 0 || grant.length > 512) return null;
  const expected = Buffer.from(sign(payload), "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { a, e } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { a?: unknown; e?: unknown };
    if (typeof a !== "string" || typeof e !== "number" || e * 1000 <= now) return null;
    return a;
  } catch {
    return null;
  }
}
