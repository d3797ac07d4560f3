import { describe, expect, it } from "vitest";
import { type InspectionFacts, judgeArtifact } from "@/domain/artifact-validation";
import { DEFAULT_CHANNEL_POLICY } from "@/domain/channel";
import { agreeOnDeclared, declaredText, declaredVersion, versionMismatches } from "@/domain/declared-version";
import { uploadInspectionView } from "@/domain/upload-inspection";

const facts = (kind: string, metadata: Record<string, unknown>) => ({ kind, metadata });

describe("declaredVersion", () => {
  // Metadata as src/server/inspect reads it from the fixtures in ../shared/fixtures.
  it.each([
    ["apk", { packageName: "com.example.hello", versionName: "1.2.3", versionCode: 42 }, { version: "1.2.3", build: "42" }],
    ["ipa", { bundleId: "com.example.hello", shortVersion: "1.2.3", build: "42" }, { version: "1.2.3", build: "42" }],
    ["aab", { versionName: "2.0", versionCode: 7 }, { version: "2.0", build: "7" }],
    ["zip", { contents: "macos-app", shortVersion: "3.1", build: "310" }, { version: "3.1", build: "310" }],
    ["zip", { contents: "nupkg", version: "1.2.3" }, { version: "1.2.3" }],
    ["deb", { package: "hello-fixture", version: "1.2.3-42" }, { version: "1.2.3" }],
    ["deb", { package: "hello", version: "1:2.10-rc1-3ubuntu1" }, { version: "2.10-rc1" }],
    ["deb", { package: "native", version: "0.9" }, { version: "0.9" }],
    ["rpm", { name: "hello-fixture", version: "1.2.3", release: "42" }, { version: "1.2.3" }],
    ["appimage", { version: "1.2.3" }, { version: "1.2.3" }],
    ["msi", { productVersion: "1.2.3" }, { version: "1.2.3" }],
    ["exe", { productVersion: "1.2.3", fileVersion: "1.2.3.42" }, { version: "1.2.3" }],
    ["msix", { version: "1.2.3.0" }, { version: "1.2.3" }],
    ["msix", { version: "1.2.3.7" }, { version: "1.2.3.7" }],
    ["dmg", { format: "raw-hfs+" }, {}],
    ["zip", { contents: "archive", entryCount: 3 }, {}],
    ["apk", { versionName: "", versionCode: undefined }, {}],
  ])("%s %j declares %j", (kind, metadata, expected) => {
    expect(declaredVersion(facts(kind, metadata))).toEqual(expected);
  });
});

describe("agreeOnDeclared", () => {
  it("is none when no file declares anything", () => {
    expect(agreeOnDeclared([])).toEqual({ kind: "none" });
    expect(agreeOnDeclared([{ filename: "test.dmg" }])).toEqual({ kind: "none" });
  });

  it("agrees when every declared version and build is the same, builds compared as numbers", () => {
    expect(
      agreeOnDeclared([
        { filename: "hello.apk", version: "1.2.3", build: "42" },
        { filename: "Hello.ipa", version: "1.2.3", build: "042" },
        { filename: "hello.deb", version: "1.2.3" },
        { filename: "test.dmg" },
      ]),
    ).toEqual({ kind: "agreed", version: "1.2.3", build: "42" });
  });

  it("takes a build from the one file that declares it", () => {
    expect(
      agreeOnDeclared([
        { filename: "hello.msi", version: "1.2.3" },
        { filename: "hello.apk", version: "1.2.3", build: "42" },
      ]),
    ).toEqual({
      kind: "agreed",
      version: "1.2.3",
      build: "42",
    });
  });

  it("names the declaring files when versions or builds differ", () => {
    const files = [{ filename: "hello.apk", version: "1.2.3", build: "42" }, { filename: "Hello.ipa", version: "1.2.3", build: "43" }, { filename: "test.dmg" }];
    expect(agreeOnDeclared(files)).toEqual({ kind: "disagree", files: files.slice(0, 2) });
    expect(
      agreeOnDeclared([
        { filename: "a.msi", version: "1.2.3" },
        { filename: "b.deb", version: "1.2.4" },
      ]).kind,
    ).toBe("disagree");
  });
});

describe("declaredText", () => {
  it("says what a file declares", () => {
    expect(declaredText({ version: "1.2.3", build: "42" })).toBe("version 1.2.3, build 42");
    expect(declaredText({ version: "1.2.3" })).toBe("version 1.2.3");
    expect(declaredText({ build: "42" })).toBe("build 42");
  });
});

describe("versionMismatches", () => {
  it("is empty when the release says what the file declares", () => {
    expect(versionMismatches({ version: "1.2.3", build: "42" }, { version: "1.2.3", build: "042" })).toEqual([]);
    expect(versionMismatches({}, { version: "9", build: "9" })).toEqual([]);
  });

  it("leaves an empty field and a build that is not a number alone", () => {
    expect(versionMismatches({ version: "1.2.3", build: "42" }, { version: "", build: "forty-two" })).toEqual([]);
  });

  it("words each difference as the API records it on the file", () => {
    const apk: InspectionFacts = { kind: "apk", status: "valid", reasons: [], warnings: [], metadata: { versionName: "1.2.3", versionCode: 42 } };
    const release = { version: "1.2.4", build: "43" };
    const found = versionMismatches(declaredVersion(apk), release);
    expect(found).toEqual(["version 1.2.3 (release: 1.2.4)", "build 42 (release: 43)"]);
    const app = { id: "a", slug: "hello", displayName: "Hello", bundleIds: {}, ownerId: null, visibility: "public" as const, updateKey: null, createdAt: new Date(0), updatedAt: new Date(0) };
    const verdict = judgeArtifact(apk, { app, platform: "android_apk", ...release, policy: DEFAULT_CHANNEL_POLICY, now: new Date(0) });
    expect([...verdict.warnings, ...verdict.reasons]).toContain(`the file declares ${found.join(" and ")}`);
  });
});

describe("uploadInspectionView", () => {
  it("is not inspected before inspection ran", () => {
    expect(uploadInspectionView({ id: "u1", filename: "hello.apk", inspection: null })).toEqual({
      id: "u1",
      filename: "hello.apk",
      inspected: false,
      status: null,
      reasons: [],
      warnings: [],
      declared: {},
    });
  });

  it("keeps the verdict and what the file declares, not the rest of the metadata", () => {
    const inspection = { kind: "apk", status: "invalid", reasons: ["truncated file"], warnings: ["w"], metadata: { versionName: "1.2.3", versionCode: 42, signer: { sha256: "x" } } };
    expect(uploadInspectionView({ id: "u1", filename: "hello.apk", inspection })).toEqual({
      id: "u1",
      filename: "hello.apk",
      inspected: true,
      status: "invalid",
      reasons: ["truncated file"],
      warnings: ["w"],
      declared: { version: "1.2.3", build: "42" },
    });
  });
});
