import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/env";

// Download grants: signed, expiring capabilities carried in the URL path, because iOS's install
// daemon fetches manifests and IPAs without cookies or headers. Format:
// base64url(JSON {a: artifactId, e: expiry seconds, s?: share link id, p?: "icon"}) "." base64url(HMAC-SHA256).
// A grant minted through a share link names it, so revoking the link closes its grants too. An
// icon grant ("p": "icon") opens the build's icon and nothing else: the console shows icons of
// private apps, and an <img> URL must not double as a download link for the build.

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

function createGrant(body: { a: string; e: number; s?: string; p?: "icon" }): string {
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function createDownloadGrant(artifactId: string, ttlSeconds: number, { shareLinkId = null, now = Date.now() }: GrantOptions = {}): string {
  return createGrant({ a: artifactId, e: Math.floor(now / 1000) + ttlSeconds, ...(shareLinkId && { s: shareLinkId }) });
}

/** A grant for the build's icon alone (/i/{grant}/icon.png): no manifest, no download, no install tap. */
export function createIconGrant(artifactId: string, ttlSeconds: number, { now = Date.now() }: { now?: number } = {}): string {
  return createGrant({ a: artifactId, e: Math.floor(now / 1000) + ttlSeconds, p: "icon" });
}

export interface VerifiedGrant {
  /** Names this grant (its canonical signature): what a capped share link's allowance is kept under. */
  id: string;
  artifactId: string;
  /** The share link it was minted through, which must still be open when it is used. */
  shareLinkId: string | null;
}

/** What a download grant allows, or null when it is forged, malformed, expired or an icon grant. */
export function readDownloadGrant(grant: string, now = Date.now()): VerifiedGrant | null {
  const read = readGrant(grant, now);
  return read && !read.iconOnly ? read.grant : null;
}

/** The artifact whose icon a grant may show: any valid grant, download or icon. */
export function readIconGrant(grant: string, now = Date.now()): VerifiedGrant | null {
  return readGrant(grant, now)?.grant ?? null;
}

function readGrant(grant: string, now: number): { grant: VerifiedGrant; iconOnly: boolean } | null {
  const [payload, signature, ...rest] = grant.split(".");
  if (!payload || !signature || rest.length > 0 || grant.length > 512) return null;
  const id = sign(payload);
  const expected = Buffer.from(id, "base64url");
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { a, e, s, p } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { a?: unknown; e?: unknown; s?: unknown; p?: unknown };
    if (typeof a !== "string" || typeof e !== "number" || e * 1000 <= now) return null;
    if (s !== undefined && typeof s !== "string") return null;
    // A purpose this code does not know grants nothing.
    if (p !== undefined && p !== "icon") return null;
    return { grant: { id, artifactId: a, shareLinkId: s ?? null }, iconOnly: p === "icon" };
  } catch {
    return null;
  }
}
