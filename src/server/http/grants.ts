import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/env";

// Download grants: signed, expiring capabilities carried in the URL path, because iOS's install
// daemon fetches manifests and IPAs without cookies or headers. Format:
// base64url(JSON {a: artifactId, e: expiry seconds, s?: share link id}) "." base64url(HMAC-SHA256).
// A grant minted through a share link names it, so revoking the link closes its grants too.

let key: Buffer | undefined;
function grantKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", authSecret(), "shipyard", "download-grant-v1", 32));
  return key;
}

function sign(payload: string): string {
  return createHmac("sha256", grantKey()).update(payload).digest("base64url");
}

export interface GrantOptions {
  shareLinkId?: string | null;
  now?: number;
}

export function createDownloadGrant(artifactId: string, ttlSeconds: number, { shareLinkId = null, now = Date.now() }: GrantOptions = {}): string {
  const body = { a: artifactId, e: Math.floor(now / 1000) + ttlSeconds, ...(shareLinkId && { s: shareLinkId }) };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export interface VerifiedGrant {
  /** Names this grant (its canonical signature): what a capped share link's allowance is kept under. */
  id: string;
  artifactId: string;
  /** The share link it was minted through, which must still be open when it is used. */
  shareLinkId: string | null;
}

/** What a grant allows, or null when it is forged, malformed or expired. */
export function readDownloadGrant(grant: string, now = Date.now()): VerifiedGrant | null {
  const [payload, signature, ...rest] = grant.split(".");
  if (!payload || !signature || rest.length > 0 || grant.length > 512) return null;
  const id = sign(payload);
  const expected = Buffer.from(id, "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { a, e, s } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { a?: unknown; e?: unknown; s?: unknown };
    if (typeof a !== "string" || typeof e !== "number" || e * 1000 <= now) return null;
    if (s !== undefined && typeof s !== "string") return null;
    return { id, artifactId: a, shareLinkId: s ?? null };
  } catch {
    return null;
  }
}
