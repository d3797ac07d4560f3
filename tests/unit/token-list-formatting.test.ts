import { describe, expect, it } from "vitest";
import { formatRelativeTime, formatUtc } from "@/domain/relative-time";
import { tokenState } from "@/domain/token-state";

const NOW = new Date("2026-12-06T12:00:00Z");
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000);

describe("token state", () => {
  it("is active until its expiry, expired from that instant, revoked whatever the expiry", () => {
    expect(tokenState({ revokedAt: null, expiresAt: null }, NOW)).toBe("active");
    expect(tokenState({ revokedAt: null, expiresAt: at(1) }, NOW)).toBe("active");
    expect(tokenState({ revokedAt: null, expiresAt: at(0) }, NOW)).toBe("expired");
    expect(tokenState({ revokedAt: at(-10), expiresAt: at(-5) }, NOW)).toBe("revoked");
    expect(tokenState({ revokedAt: at(-10), expiresAt: null }, NOW)).toBe("revoked");
  });
});

describe("relative times", () => {
  it.each([
    [-10, "just now"],
    [30, "just now"],
    [-70, "1 minute ago"],
    [-100, "2 minutes ago"],
    [-5 * 60, "5 minutes ago"],
    [-3 * 3600, "3 hours ago"],
    [-30 * 3600, "yesterday"],
    [3 * 86400, "in 3 days"],
    [-15 * 86400, "2 weeks ago"],
    [90 * 86400 - 1, "in 3 months"],
    [400 * 86400, "next year"],
  ])("%d seconds from now reads %j", (offset, text) => {
    expect(formatRelativeTime(at(offset), NOW)).toBe(text);
  });

  it("gives the absolute time in UTC to the minute, or to the second when asked", () => {
    expect(formatUtc(new Date("2026-12-06T14:03:59.999Z"))).toBe("2026-12-06 14:03 UTC");
    expect(formatUtc(new Date("2026-12-06T14:03:59.999Z"), "second")).toBe("2026-12-06 14:03:59 UTC");
  });
});
