import { describe, expect, it } from "vitest";
import type { Artifact } from "@/domain/artifact";
import { artifactArch, electronFeedFiles, sparkleFacts } from "@/server/services/feeds";

function artifact(filename: string, metadata: Record<string, unknown>, platform: Artifact["platform"] = "linux"): Artifact {
  return {
    id: filename,
    appId: "a",
    releaseId: "r",
    platform,
    filename,
    contentType: "application/octet-stream",
    sizeBytes: 10,
    sha256: "0".repeat(64),
    storageKey: "k",
    metadata,
    validationStatus: "valid",
    createdAt: new Date(0),
  };
}

describe("what feeds read from a file's metadata", () => {
  it("takes the architecture from CI, then from what inspection read for the kind, then from the name", () => {
    expect(artifactArch(artifact("app.deb", { kind: "deb", architecture: "amd64", ci: { arch: "arm64" } }))).toBe("arm64");
    expect(artifactArch(artifact("app.deb", { kind: "deb", architecture: "arm64" }))).toBe("arm64");
    expect(artifactArch(artifact("app.rpm", { kind: "rpm", arch: "x86_64" }))).toBe("x64");
    expect(artifactArch(artifact("Setup.exe", { kind: "exe", machine: "x64" }, "windows"))).toBe("x64");
    expect(artifactArch(artifact("app-aarch64.AppImage", { kind: "appimage", arch: 5 }))).toBe("arm64");
    expect(artifactArch(artifact("app.deb", {}))).toBeNull();
  });

  it("lists only files whose feed digest was stored", () => {
    const files = electronFeedFiles(
      [artifact("a.AppImage", { kind: "appimage", digests: { sha512: "abc" } }), artifact("b.deb", { kind: "deb", digests: { sha512: 7 } })],
      { platform: "linux", arch: null },
      (a) => a.filename,
    );
    expect(files.map((f) => f.filename)).toEqual(["a.AppImage"]);
  });

  it("gives Sparkle CI's signature and minimum macOS, else the minimum the package declares", () => {
    const edSignature = `${"A".repeat(86)}==`;
    expect(sparkleFacts(artifact("a.zip", { kind: "zip", contents: "macos-app", minimumOsVersion: "12.0", ci: { edSignature } }, "macos"))).toEqual({ edSignature, minimumSystemVersion: "12.0" });
    expect(sparkleFacts(artifact("a.pkg", { kind: "pkg", minimumOsVersion: "11.0", ci: { minimumSystemVersion: "13.0" } }, "macos"))).toEqual({ minimumSystemVersion: "13.0" });
    expect(sparkleFacts(artifact("a.dmg", { kind: "dmg", ci: "junk" }, "macos"))).toEqual({});
  });
});
