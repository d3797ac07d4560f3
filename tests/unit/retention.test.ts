import { describe, expect, it } from "vitest";
import { channelPolicySchema } from "@/domain/channel";
import { defaultRetention, describeRetention, type RetentionChannel, type RetentionRelease, retentionPolicySchema, selectExpiredReleases } from "@/domain/retention";

const NOW = new Date("2026-11-29T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const release = (id: string, channel: string, ageDays: number): RetentionRelease => ({ id, channel, createdAt: daysAgo(ageDays) });
const channel = (name: string, patch: Partial<RetentionChannel> = {}): RetentionChannel => ({
  name,
  retention: null,
  currentReleaseId: null,
  previousReleaseId: null,
  historyReleaseIds: [],
  ...patch,
});
const ids = (releases: RetentionRelease[], channels: RetentionChannel[]) => selectExpiredReleases(releases, channels, NOW).map((e) => e.releaseId);

describe("retention", () => {
  it("keeps stable releases longer than beta and internal builds by default", () => {
    expect(defaultRetention("stable")).toEqual({ maxAgeDays: null, maxReleases: null });
    expect(defaultRetention("beta")).toEqual({ maxAgeDays: 90, maxReleases: null });
    expect(defaultRetention("internal")).toEqual({ maxAgeDays: 30, maxReleases: null });
    expect(defaultRetention("nightly")).toEqual({ maxAgeDays: 90, maxReleases: null });
    const releases = [release("s-old", "stable", 400), release("b-old", "beta", 91), release("b-new", "beta", 89), release("i-old", "internal", 31), release("i-new", "internal", 29)];
    const channels = [channel("stable"), channel("beta"), channel("internal")];
    expect(selectExpiredReleases(releases, channels, NOW)).toEqual([
      { releaseId: "b-old", reasons: ["beta: older than 90 days"] },
      { releaseId: "i-old", reasons: ["internal: older than 30 days"] },
    ]);
  });

  it("never deletes a release a channel points at, current or fallback", () => {
    const releases = [release("a", "internal", 300), release("b", "internal", 200), release("c", "internal", 100)];
    const channels = [channel("internal", { currentReleaseId: "c", previousReleaseId: "a" })];
    expect(ids(releases, channels)).toEqual(["b"]);
  });

  it("judges a release by every channel it has been on: promoted to stable, it stays", () => {
    const releases = [release("promoted", "beta", 200), release("beta-only", "beta", 200), release("now-stable", "beta", 10)];
    const channels = [channel("beta"), channel("stable", { currentReleaseId: "now-stable", historyReleaseIds: ["promoted", "now-stable"] })];
    expect(ids(releases, channels)).toEqual(["beta-only"]);
  });

  it("keeps only the newest releases when a channel limits the count, and says why", () => {
    const releases = [1, 2, 3, 4, 5].map((n) => release(`r${n}`, "beta", 10 - n));
    const channels = [channel("beta", { retention: { maxAgeDays: null, maxReleases: 2 } })];
    const expired = selectExpiredReleases(releases, channels, NOW);
    expect(expired.map((e) => e.releaseId)).toEqual(["r1", "r2", "r3"]);
    expect(expired[0]?.reasons).toEqual(["beta: not among the newest 2"]);
    // A channel's own policy wins over the default for its name.
    expect(ids(releases, [channel("beta", { retention: { maxAgeDays: 6, maxReleases: null } })])).toEqual(["r1", "r2", "r3"]);
    expect(ids([release("x", "stable", 9000)], [channel("stable")])).toEqual([]);
  });

  it("validates policies and defaults a channel's retention to its name's", () => {
    expect(channelPolicySchema.parse({}).retention).toBeNull();
    expect(retentionPolicySchema.safeParse({ maxAgeDays: 0, maxReleases: null }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ maxAgeDays: 1.5, maxReleases: null }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ maxAgeDays: 30 }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ maxAgeDays: 30, maxReleases: 5, extra: 1 }).success).toBe(false);
    expect(retentionPolicySchema.parse({ maxAgeDays: 30, maxReleases: 5 })).toEqual({ maxAgeDays: 30, maxReleases: 5 });
  });
});

describe("retention in words", () => {
  it("says what each policy keeps", () => {
    expect(describeRetention({ maxAgeDays: null, maxReleases: null })).toBe("keeps every release");
    expect(describeRetention({ maxAgeDays: 1, maxReleases: null })).toBe("keeps releases for 1 day");
    expect(describeRetention({ maxAgeDays: null, maxReleases: 20 })).toBe("keeps the newest 20");
    expect(describeRetention({ maxAgeDays: 90, maxReleases: 20 })).toBe("keeps the newest 20, none older than 90 days");
  });
});
