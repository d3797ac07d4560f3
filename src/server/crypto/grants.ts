import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

// Download grants: signed, expiring capabilities carried in the URL path, because iOS's install
// daemon fetches manifests and IPAs without cookies or headers. Format:
// base64url(JSON {a: artifactId, e: expiry seconds, s?: share link id, p?: "icon"}) "." base64url(HMAC-SHA256).
// A grant minted through a share link names it, so revoking the link closes its grants too. An
// icon grant ("p": "icon") opens the build's icon and nothing else: the console shows icons of
// private apps, and an <img> URL must not double as a download link for the build.

export interface GrantOptions {
  shareLinkId?: string | null;
  now?: number;
}

export interface VerifiedGrant {
  /** Names this grant (its canonical signature): what a capped share link's allowance is kept under. */
  id: string;
  artifactId: string;
  /** The share link it was minted through, which must still be open when it is used. */
  shareLinkId: string | null;
}

/** Mints and reads grants signed with a key derived from the server's secret (AUTH_SECRET). */
export interface GrantCodec {
  createDownloadGrant(artifactId: string, ttlSeconds: number, options?: GrantOptions): string;
  /** A grant for the build's icon alone (/i/{grant}/icon.png): no manifest, no download, no install tap. */
  createIconGrant(artifactId: string, ttlSeconds: number, options?: { now?: number }): string;
  /** What a download grant allows, or null when it is forged, malformed, expired or an icon grant. */
  readDownloadGrant(grant: string, now?: number): VerifiedGrant | null;
  /** The artifact whose icon a grant may show: any valid grant, download or icon. */
  readIconGrant(grant: string, now?: number): VerifiedGrant | null;
}

export function createGrantCodec(secret: string): GrantCodec {
  // A key of its own: the secret also signs sessions, and a grant must never pass for one.
  const key = Buffer.from(hkdfSync("sha256", secret, "shipyard", "download-grant-v1", 32));
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

  function create(body: { a: string; e: number; s?: string; p?: "icon" }): string {
    const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
    return `${payload}.${sign(payload)}`;
  }

  function read(grant: string, now: number): { grant: VerifiedGrant; iconOnly: boolean } | null {
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

  return {
    createDownloadGrant: (artifactId, ttlSeconds, { shareLinkId = null, now = Date.now() } = {}) =>
      create({ a: artifactId, e: Math.floor(now / 1000) + ttlSeconds, ...(shareLinkId && { s: shareLinkId }) }),
    createIconGrant: (artifactId, ttlSeconds, { now = Date.now() } = {}) => create({ a: artifactId, e: Math.floor(now / 1000) + ttlSeconds, p: "icon" }),
    readDownloadGrant: (grant, now = Date.now()) => {
      const found = read(grant, now);
      return found && !found.iconOnly ? found.grant : null;
    },
    readIconGrant: (grant, now = Date.now()) => read(grant, now)?.grant ?? null,
  };
}
