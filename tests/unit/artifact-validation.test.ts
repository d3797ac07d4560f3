import { describe, expect, it } from "vitest";
import type { App } from "@/domain/app";
import { isInstallable } from "@/domain/artifact";
import { type InspectionFacts, judgeArtifact } from "@/domain/artifact-validation";
import { DEFAULT_CHANNEL_POLICY } from "@/domain/channel";

const app = (bundleIds: App["bundleIds"]): App => ({
  id: "a",
  slug: "hello",
  displayName: "Hello",
  bundleIds,
  ownerId: null,
  visibility: "public",
  updateKey: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const apk = (metadata: Record<string, unknown> = {}): InspectionFacts => ({
  kind: "apk",
  status: "valid",
  reasons: [],
  warnings: [],
  metadata: { packageName: "com.example.hello", versionName: "1.2.3", versionCode: 42, ...metadata },
});
const context = (overrides: Partial<Parameters<typeof judgeArtifact>[1]> = {}) => ({
  app: app({ android_apk: "com.example.hello" }),
  platform: "android_apk" as const,
  version: "1.2.3",
  build: "42",
  policy: DEFAULT_CHANNEL_POLICY,
  now: new Date("2026-12-01T00:00:00Z"),
  ...overrides,
});

describe("judging an inspected file against its app and release", () => {
  it("passes a file whose identity, version and build match", () => {
    expect(judgeArtifact(apk(), context())).toEqual({ status: "valid", reasons: [], warnings: [] });
  });

  it("keeps inspection's reasons for a file that is broken", () => {
    const broken: InspectionFacts = { ...apk(), status: "invalid", reasons: ["zip bomb suspected"] };
    expect(judgeArtifact(broken, context())).toMatchObject({ status: "invalid", reasons: ["zip bomb suspected"] });
  });

  it("refuses another app's bundle id", () => {
    const verdict = judgeArtifact(apk({ packageName: "com.evil" }), context());
    expect(verdict).toMatchObject({ status: "invalid", reasons: ["bundle id com.evil does not match the app's registered android_apk id com.example.hello"] });
  });

  it("says plainly that the identity was not checked when the app has no bundle id for the platform", () => {
    const verdict = judgeArtifact(apk(), context({ app: app({}) }));
    expect(verdict.status).toBe("valid");
    expect(verdict.warnings).toEqual([
      "bundle id not checked: the app has no registered android_apk bundle id; the file declares com.example.hello. Register one in the app's settings so every upload is checked against it",
    ]);
  });

  it("has nothing to say about identity for desktop files", () => {
    const deb: InspectionFacts = { kind: "deb", status: "valid", reasons: [], warnings: [], metadata: { package: "hello" } };
    expect(judgeArtifact(deb, context({ app: app({}), platform: "linux" })).warnings).toEqual([]);
  });

  it("warns about a version mismatch, or refuses it when the channel says so", () => {
    expect(judgeArtifact(apk({ versionName: "1.2.4" }), context()).warnings).toEqual(["the file declares version 1.2.4 (release: 1.2.3)"]);
    const strict = { ...DEFAULT_CHANNEL_POLICY, versionMismatch: "reject" as const };
    expect(judgeArtifact(apk({ versionCode: 41 }), context({ policy: strict }))).toMatchObject({ status: "invalid", reasons: ["the file declares build 41 (release: 42)"] });
  });

  it("refuses App Store builds and expired profiles", () => {
    const ipa = (provisioning: Record<string, unknown>): InspectionFacts => ({ kind: "ipa", status: "valid", reasons: [], warnings: [], metadata: { bundleId: "com.example.hello", provisioning } });
    const ios = context({ app: app({ ios: "com.example.hello" }), platform: "ios" });
    expect(judgeArtifact(ipa({ type: "app-store" }), ios).reasons).toEqual(["signed for the App Store: iOS will not install it over the air"]);
    expect(judgeArtifact(ipa({ type: "ad-hoc", expiresAt: "2026-11-30T00:00:00Z" }), ios).reasons).toEqual(["provisioning profile expired on 2026-11-30"]);
  });
});

describe("what may be offered", () => {
  it("offers only files that passed validation", () => {
    expect(isInstallable({ validationStatus: "valid" })).toBe(true);
    expect(isInstallable({ validationStatus: "invalid" })).toBe(false);
    expect(isInstallable({ validationStatus: "pending" })).toBe(false);
  });
});
