// The per-platform fallback rule (domain/platform-fallback.ts): which older release of a channel
// serves each platform the shown release has no installable file of.
import { describe, expect, it } from "vitest";
import { fallbackCandidates, MAX_FALLBACK_RELEASES, platformFallbackPlan } from "@/domain/platform-fallback";

const file = (platform: "ios" | "android_apk" | "linux", validationStatus: "valid" | "invalid" = "valid") => ({ platform, validationStatus });

describe("fallbackCandidates", () => {
  it("lists the settled releases older than the shown one, newest first, at most MAX_FALLBACK_RELEASES", () => {
    expect(fallbackCandidates(["r1", "r2", "r3", "r4"], "r3")).toEqual(["r2", "r1"]);
    expect(fallbackCandidates(["r1", "r2"], "r1")).toEqual([]);
    // A release not settled yet (a rollout under way) may fall back to the whole settled history.
    expect(fallbackCandidates(["r1", "r2"], "r9")).toEqual(["r2", "r1"]);
    const long = Array.from({ length: 80 }, (_, i) => `r${i}`);
    expect(fallbackCandidates(long, "r79")).toHaveLength(MAX_FALLBACK_RELEASES);
  });

  it("takes a release settled twice from its last settling", () => {
    expect(fallbackCandidates(["r1", "r2", "r1", "r3"], "r1")).toEqual(["r2", "r1"]);
  });
});

describe("platformFallbackPlan", () => {
  const files: Record<string, ReturnType<typeof file>[]> = {
    r3: [file("android_apk")],
    r2: [file("ios", "invalid"), file("linux")],
    r1: [file("ios"), file("android_apk")],
  };
  const filesOf = (id: string) => files[id] ?? [];

  it("serves each missing platform from the newest candidate with an installable file of it", () => {
    expect(platformFallbackPlan(filesOf("r3"), ["r2", "r1"], filesOf)).toEqual(
      new Map([
        ["ios", "r1"],
        ["linux", "r2"],
      ]),
    );
  });

  it("leaves out the platforms the shown release has and those no candidate offers", () => {
    expect(platformFallbackPlan([file("ios"), file("android_apk"), file("linux")], ["r2", "r1"], filesOf)).toEqual(new Map());
    expect(platformFallbackPlan(filesOf("r3"), [], filesOf)).toEqual(new Map());
  });

  it("counts a file that failed validation as missing", () => {
    expect(platformFallbackPlan([file("ios", "invalid")], ["r1"], filesOf).get("ios")).toBe("r1");
  });
});
