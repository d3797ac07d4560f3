import { describe, expect, it } from "vitest";
import { createGrantCodec } from "@/server/crypto/grants";
import { createLinks } from "@/server/services/links";

const grants = createGrantCodec("x".repeat(40));
const { createDownloadGrant, readDownloadGrant, readIconGrant } = grants;
const adminIconUrl = createLinks({ publicUrl: "https://apps.example.com", grants }).adminIcon;
const allowedArtifact = (grant: string, now: number) => readDownloadGrant(grant, now)?.artifactId ?? null;

describe("download grants", () => {
  it("round-trips until it expires", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    const grant = createDownloadGrant("artifact-1", 60, { now });
    expect(grant).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(allowedArtifact(grant, now)).toBe("artifact-1");
    expect(allowedArtifact(grant, now + 59_000)).toBe("artifact-1");
    expect(allowedArtifact(grant, now + 60_000)).toBeNull();
  });

  it("refuses forged and malformed grants", () => {
    const now = Date.now();
    const grant = createDownloadGrant("artifact-1", 60, { now });
    const [payload, sig] = grant.split(".");
    const otherPayload = Buffer.from(JSON.stringify({ a: "artifact-2", e: Math.floor(now / 1000) + 60 })).toString("base64url");
    expect(allowedArtifact(`${otherPayload}.${sig}`, now)).toBeNull();
    expect(allowedArtifact(`${payload}.${(sig ?? "").slice(0, -2)}AA`, now)).toBeNull();
    expect(allowedArtifact(`${payload}`, now)).toBeNull();
    expect(allowedArtifact(`${payload}.${sig}.x`, now)).toBeNull();
    expect(allowedArtifact("", now)).toBeNull();
  });
});

describe("the console's icon URLs", () => {
  const grantOf = (url: string) => /^\/i\/([^/]+)\/icon\.png$/.exec(url)?.[1] ?? "";

  it("open the build's icon and nothing else: no download, no install manifest, no install tap", () => {
    const now = Date.parse("2026-11-28T10:20:00Z");
    const grant = grantOf(adminIconUrl("artifact-1", now));
    expect(grant).not.toBe("");
    expect(readIconGrant(grant, now)?.artifactId).toBe("artifact-1");
    // /g/{grant}/{file}, /i/{grant}/manifest.plist and /api/install-tap all read download grants.
    expect(readDownloadGrant(grant, now)).toBeNull();
  });

  it("stay the same for an hour and valid for at least one", () => {
    const start = Date.parse("2026-11-28T10:00:00Z");
    const url = adminIconUrl("artifact-1", start + 1_000);
    expect(adminIconUrl("artifact-1", start + 59 * 60_000)).toBe(url);
    expect(readIconGrant(grantOf(url), start + 119 * 60_000)).not.toBeNull();
    expect(readIconGrant(grantOf(url), start + 120 * 60_000)).toBeNull();
  });

  it("leave download grants able to show their icon (install pages use one grant for both)", () => {
    const now = Date.now();
    expect(readIconGrant(createDownloadGrant("artifact-1", 60, { now }), now)?.artifactId).toBe("artifact-1");
  });
});

describe("grant keys", () => {
  it("are the server's own: a grant signed with another secret opens nothing", () => {
    const now = Date.now();
    const foreign = createGrantCodec("y".repeat(40)).createDownloadGrant("artifact-1", 60, { now });
    expect(readDownloadGrant(foreign, now)).toBeNull();
    expect(readIconGrant(foreign, now)).toBeNull();
  });
});
