import { describe, expect, it } from "vitest";
import type { Artifact } from "@/domain/artifact";
import { type Channel, DEFAULT_CHANNEL_POLICY } from "@/domain/channel";
import { evaluatePromotionGates, type PromotionCandidate } from "@/domain/promotion-gates";
import type { Release } from "@/domain/release";

const now = new Date("2026-01-01T00:00:00Z");

function release(id: string, build: string, appId = "app-1"): Release {
  return { id, appId, version: "1.0.0", build, channel: "beta", notes: "", createdBy: "system", createdAt: now, publishedAt: now };
}

function artifact(platform: Artifact["platform"], status: Artifact["validationStatus"] = "valid"): Artifact {
  return {
    id: `a-${platform}`,
    appId: "app-1",
    releaseId: "r2",
    platform,
    filename: platform === "ios" ? "App.ipa" : "app.apk",
    contentType: "application/octet-stream",
    sizeBytes: 10,
    sha256: "0".repeat(64),
    storageKey: `sha256/00/${"0".repeat(62)}`,
    metadata: {},
    validationStatus: status,
    createdAt: now,
  };
}

const channel: Channel = {
  id: "c1",
  appId: "app-1",
  name: "beta",
  currentReleaseId: "r1",
  previousReleaseId: null,
  policy: DEFAULT_CHANNEL_POLICY,
  rolloutPercent: 100,
  createdAt: now,
  updatedAt: now,
};

const base: PromotionCandidate = {
  channel,
  release: release("r2", "43"),
  artifacts: [artifact("ios")],
  currentRelease: release("r1", "42"),
  mode: "promote",
};

const gates = (overrides: Partial<PromotionCandidate>) => evaluatePromotionGates({ ...base, ...overrides }).map((f) => f.gate);

describe("promotion gates", () => {
  it("passes a newer release whose artifacts are all valid", () => {
    expect(gates({})).toEqual([]);
  });

  it("passes the first release of an empty channel", () => {
    expect(gates({ channel: { ...channel, currentReleaseId: null }, currentRelease: null })).toEqual([]);
  });

  it.each<[string, Partial<PromotionCandidate>, string[]]>([
    ["another app's release", { release: release("r2", "43", "app-2") }, ["same-app"]],
    ["the current release again", { release: release("r1", "42") }, ["not-current", "build-increases"]],
    ["no artifacts", { artifacts: [] }, ["has-artifacts"]],
    ["a pending artifact", { artifacts: [artifact("ios", "pending")] }, ["artifacts-valid"]],
    ["an invalid artifact", { artifacts: [artifact("ios"), artifact("android_apk", "invalid")] }, ["artifacts-valid"]],
    ["an older build", { release: release("r0", "41") }, ["build-increases"]],
    ["an equal build", { release: release("r3", "42.0") }, ["build-increases"]],
    ["a missing required platform", { channel: { ...channel, policy: { ...DEFAULT_CHANNEL_POLICY, requiredPlatforms: ["ios", "android_apk"] } } }, ["required-platforms"]],
    ["several problems at once", { release: release("r0", "41"), artifacts: [artifact("ios", "pending")] }, ["artifacts-valid", "build-increases"]],
  ])("blocks %s", (_, overrides, expected) => {
    expect(gates(overrides)).toEqual(expected);
  });

  it("lets a rollback move to an older build", () => {
    expect(gates({ release: release("r0", "41"), mode: "rollback" })).toEqual([]);
  });

  it("still requires valid artifacts on rollback", () => {
    expect(gates({ release: release("r0", "41"), mode: "rollback", artifacts: [artifact("ios", "invalid")] })).toEqual(["artifacts-valid"]);
  });

  it("allows pending artifacts when the policy does not require validation", () => {
    const lax = { ...channel, policy: { ...DEFAULT_CHANNEL_POLICY, requireValidArtifacts: false } };
    expect(gates({ channel: lax, artifacts: [artifact("ios", "pending")] })).toEqual([]);
  });

  it("names the reason in each failure message", () => {
    const [failure] = evaluatePromotionGates({ ...base, release: release("r0", "41") });
    expect(failure?.message).toContain("build 41 is not greater than the current build 42 on beta");
  });
});
