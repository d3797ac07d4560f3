import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { createDownloadGrant, readDownloadGrant } from "@/server/http/grants";

const allowedArtifact = (grant: string, now: number) => readDownloadGrant(grant, now)?.artifactId ?? null;

beforeAll(() => {
  process.env.AUTH_SECRET = "x".repeat(40);
  resetEnvForTests();
});

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
