import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFormatMetadata } from "@/domain/artifact-metadata";
import { metadataOf, readMetadata } from "@/domain/metadata-reader";

const SHA = "ab".repeat(32);

describe("metadataOf", () => {
  it("reads a row by the kind stored with it, keeping the fields Shipyard added", () => {
    const view = metadataOf({
      filename: "whatever.bin",
      metadata: { kind: "apk", packageName: "com.example", minSdk: 21, signer: null, icon: { sha256: SHA, width: 48, height: null }, ci: { arch: "arm64" }, validationWarnings: ["w"] },
    });
    expect(view).toEqual({ kind: "apk", packageName: "com.example", minSdk: 21, signer: null, icon: { sha256: SHA, width: 48, height: null }, ci: { arch: "arm64" }, validationWarnings: ["w"] });
    if (view.kind !== "apk") throw new Error("narrowing");
    expect(view.minSdk).toBe(21);
  });

  it("reads a field of the wrong type as undefined and keeps its siblings, at any depth", () => {
    const view = metadataOf({
      filename: "a.ipa",
      metadata: { kind: "ipa", bundleId: 7, build: "42", deviceFamily: "iphone", provisioning: { type: "ad-hoc", name: 3, expiresAt: "2030-01-01T00:00:00.000Z" }, icon: { sha256: "nope" } },
    });
    expect(view).toEqual({ kind: "ipa", build: "42", provisioning: { type: "ad-hoc", expiresAt: "2030-01-01T00:00:00.000Z" }, icon: {} });
  });

  it("takes the kind from the file name for rows written before the kind was stored", () => {
    expect(metadataOf({ filename: "Hello.IPA", metadata: { bundleId: "com.x" } })).toMatchObject({ kind: "ipa", bundleId: "com.x" });
    expect(metadataOf({ filename: "a.deb", metadata: { kind: "flatpak", package: "a" } })).toMatchObject({ kind: "deb", package: "a" });
    // A kind Shipyard no longer knows, on a file name it does not know either: read as unknown, still readable.
    expect(metadataOf({ filename: "Hello.flatpak", metadata: { kind: "flatpak", icon: { sha256: SHA, width: 1, height: 1 } } })).toEqual({
      kind: "unknown",
      icon: { sha256: SHA, width: 1, height: 1 },
    });
  });

  it("never throws, whatever a row holds", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom("ipa", "apk", "aab", "zip", "snap", "unknown", "bogus", undefined), (value, kind) => {
        const view = readMetadata(kind, value, "x.apk");
        expect(typeof view.kind).toBe("string");
      }),
    );
  });
});

describe("checkFormatMetadata", () => {
  it("refuses a fact its kind's schema does not name, saying where", () => {
    expect(checkFormatMetadata("tar", { compression: "gzip", surprise: 1 })).toMatchObject({ ok: false });
    expect(checkFormatMetadata("tar", { compression: 5 })).toEqual({ ok: false, problem: expect.stringContaining("compression") });
    expect(checkFormatMetadata("tar", { compression: "xz", firstEntry: "a/" })).toEqual({ ok: true, facts: { kind: "tar", metadata: { compression: "xz", firstEntry: "a/" } } });
  });
});
