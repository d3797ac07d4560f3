import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deviceIdSchema, releaseIdForDevice, rolloutBucket, rolloutSide } from "@/domain/rollout";

// Random-looking v4 UUIDs from a fixed seed: the statistical bounds below are 4+ standard
// deviations wide, and a seeded list makes even that remote failure reproducible.
function seededUuid(n: number): string {
  const h = createHash("sha256").update(`device-seed-${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const devices = Array.from({ length: 10_000 }, (_, n) => seededUuid(n));

function channel(rolloutPercent: number, previousReleaseId: string | null = "r-old") {
  return { id: "chan-1", currentReleaseId: "r-new", previousReleaseId, rolloutPercent };
}

describe("rolloutBucket", () => {
  it("is the first 4 bytes of sha256(channel NUL device), big-endian, mod 100", () => {
    const digest = createHash("sha256").update("chan-1\0device-1").digest();
    expect(rolloutBucket("chan-1", "device-1")).toBe(digest.readUInt32BE(0) % 100);
  });

  it("stays within 0..99 and gives the same answer on every call", () => {
    for (const id of devices.slice(0, 1000)) {
      const bucket = rolloutBucket("chan-1", id);
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket < 100).toBe(true);
      expect(rolloutBucket("chan-1", id)).toBe(bucket);
    }
  });

  it("separates the channel from the device id (no concatenation collisions)", () => {
    const pairs = [
      ["ab", "c"],
      ["a", "bc"],
      ["abc", ""],
      ["", "abc"],
    ] as const;
    const digests = new Set(pairs.map(([c, d]) => createHash("sha256").update(`${c}\0${d}`).digest("hex")));
    expect(digests.size).toBe(pairs.length);
    // Same buckets are possible by chance; what matters is that inputs hash differently.
    expect(rolloutBucket("ab", "c")).toBe(createHash("sha256").update("ab\0c").digest().readUInt32BE(0) % 100);
  });

  it("spreads devices evenly over the buckets", () => {
    const counts = new Array<number>(100).fill(0);
    for (const id of devices) counts[rolloutBucket("chan-1", id)]! += 1;
    // 100 per bucket on average; with 10,000 draws each count is within ±50 with overwhelming odds.
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });

  it("buckets each channel independently", () => {
    const inA = devices.map((id) => rolloutBucket("chan-A", id) < 50);
    const inB = devices.map((id) => rolloutBucket("chan-B", id) < 50);
    const both = inA.filter((a, i) => a && inB[i]).length / devices.length;
    // Independent halves overlap on a quarter; the same hash would overlap on a half.
    expect(both).toBeGreaterThan(0.23);
    expect(both).toBeLessThan(0.27);
  });
});

describe("releaseIdForDevice", () => {
  it("serves the current release to 30% ± 2 of devices at 30%", () => {
    const share = devices.filter((id) => releaseIdForDevice(channel(30), id) === "r-new").length / devices.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
  });

  it("serves everyone the previous release at 0% and the current one at 100%", () => {
    expect(devices.every((id) => releaseIdForDevice(channel(0), id) === "r-old")).toBe(true);
    expect(devices.every((id) => releaseIdForDevice(channel(100), id) === "r-new")).toBe(true);
  });

  it("never moves a device back out when the percentage is raised", () => {
    const steps = [0, 1, 5, 10, 30, 60, 99, 100];
    for (const id of devices.slice(0, 2000)) {
      let wasIn = false;
      for (const percent of steps) {
        const isIn = releaseIdForDevice(channel(percent), id) === "r-new";
        if (wasIn) expect(isIn).toBe(true);
        wasIn = isIn;
      }
    }
    const in30 = devices.filter((id) => releaseIdForDevice(channel(30), id) === "r-new");
    expect(in30.every((id) => releaseIdForDevice(channel(60), id) === "r-new")).toBe(true);
  });

  it("gives the same release on repeated calls", () => {
    for (const id of devices.slice(0, 500)) {
      expect(releaseIdForDevice(channel(50), id)).toBe(releaseIdForDevice(channel(50), id));
    }
  });

  it("serves the current release when there is nothing to fall back to", () => {
    expect(releaseIdForDevice(channel(10, null), devices[0]!)).toBe("r-new");
    expect(releaseIdForDevice(channel(10, null), null)).toBe("r-new");
  });

  it("keeps devices it cannot place on the previous release during a partial rollout", () => {
    expect(releaseIdForDevice(channel(99), null)).toBe("r-old");
    expect(releaseIdForDevice(channel(99), "")).toBe("r-old");
    expect(releaseIdForDevice(channel(100), null)).toBe("r-new");
  });

  it("returns null for a channel without any release", () => {
    expect(releaseIdForDevice({ id: "c", currentReleaseId: null, previousReleaseId: null, rolloutPercent: 50 }, "d")).toBeNull();
  });
});

describe("deviceIdSchema", () => {
  it.each(["8F14E45F-CEEA-467F-A0E6-1B7C4F8E9D2A", "00008030-001A35E22E88802E", "9774d56d682e549c", "a".repeat(128), "host:device_1.2-x"])("accepts %s", (id) => {
    expect(deviceIdSchema.parse(id)).toBe(id);
  });

  it("trims surrounding whitespace", () => {
    expect(deviceIdSchema.parse("  abc-123 \n")).toBe("abc-123");
  });

  it.each(["", "   ", "a".repeat(129), "has space", "slash/ed", "emoji😀", "semi;colon", "a\0b"])("rejects %j", (id) => {
    expect(deviceIdSchema.safeParse(id).success).toBe(false);
  });
});

describe("rolloutSide: the page cache's copy per side of a rollout", () => {
  it("puts every device on the side whose release releaseIdForDevice gives it", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 0, max: 99 }), fc.option(fc.string({ minLength: 0, maxLength: 40 }), { nil: null }), (channelId, percent, deviceId) => {
        const channel = { id: channelId, currentReleaseId: "new", previousReleaseId: "old", rolloutPercent: percent };
        const side = rolloutSide({ channelId, percent }, deviceId);
        expect(releaseIdForDevice(channel, deviceId)).toBe(side === "in" ? "new" : "old");
      }),
    );
  });
});
