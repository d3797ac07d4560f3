import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/env";
import { createDownloadGrant, verifyDownloadGrant } from "@/server/http/grants";

beforeAll(() => {
  process.env.AUTH_SECRET = "x".repeat(40);
  resetEnvForTests();
});

describe("download grants", () => {
  it("round-trips until it expires", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    const grant = createDownloadGrant("artifact-1", 60, now);
    expect(grant).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(verifyDownloadGrant(grant, now)).toBe("artifact-1");
    expect(verifyDownloadGrant(grant, now + 59_000)).toBe("artifact-1");
    expect(verifyDownloadGrant(grant, now + 60_000)).toBeNull();
  });

  it("refuses forged and malformed grants", () => {
    const now = Date.now();
    const grant = createDownloadGrant("artifact-1", 60, now);
    const [payload, sig] = grant.split(".");
    const otherPayload = Buffer.from(JSON.stringify({ a: "artifact-2", e: Math.floor(now / 1000) + 60 })).toString("base64url");
    expect(verifyDownloadGrant(`${otherPayload}.${sig}`, now)).toBeNull();
    expect(verifyDownloadGrant(`${payload}.${(sig ?? "").slice(0, -2)}AA`, now)).toBeNull();
    expect(verifyDownloadGrant(`${payload}`, now)).toBeNull();
    expect(verifyDownloadGrant(`${payload}.${sig}.x`, now)).toBeNull();
    expect(verifyDownloadGrant("", now)).toBeNull();
  });
});
