import { describe, expect, it } from "vitest";
import {
  ARTIFACT_FORMATS,
  ARTIFACT_KINDS,
  contentTypeFor,
  extensionsFor,
  FORMAT_NAMES,
  fileExtensionAllowed,
  formatNameOf,
  inferPlatform,
  kindFromFilename,
  MAGICS,
  uploadFilenameProblem,
} from "@/domain/artifact-formats";
import { PLATFORMS } from "@/domain/platform";
import { kindFromMagic } from "@/server/inspect/sniff";

describe("the artifact format table", () => {
  it("names every ending once, and each reads back as its own kind", () => {
    const all = ARTIFACT_KINDS.flatMap((kind) => ARTIFACT_FORMATS[kind].extensions.map((ext) => [ext, kind] as const));
    expect(new Set(all.map(([ext]) => ext)).size).toBe(all.length);
    for (const [ext, kind] of all) {
      expect(ext).toBe(ext.toLowerCase());
      expect(kindFromFilename(`App-1.0${ext.toUpperCase()}`)).toEqual({ extension: ext, kind });
    }
    expect(kindFromFilename(".ipa")).toBeUndefined();
    expect(kindFromFilename("README")).toBeUndefined();
  });

  it("names the format of every ending it accepts, and of no other", () => {
    const endings = ARTIFACT_KINDS.flatMap((kind) => ARTIFACT_FORMATS[kind].extensions);
    expect(Object.keys(FORMAT_NAMES).sort()).toEqual([...endings].sort());
    expect(formatNameOf("Hello_Fixture-1.2.3-x86_64.AppImage")).toBe("AppImage");
    expect(formatNameOf("hello-1.2.3.TAR.GZ")).toBe("tar.gz");
    expect(formatNameOf("hello.gz")).toBeUndefined();
    expect(formatNameOf("hello.flatpak")).toBeUndefined();
  });

  it("accepts these endings per platform (and .flatpak on none)", () => {
    expect(Object.fromEntries(PLATFORMS.map((p) => [p, extensionsFor(p)]))).toEqual({
      ios: [".ipa"],
      android_apk: [".apk", ".aab"],
      macos: [".dmg", ".pkg", ".zip", ".tar.gz", ".tgz"],
      linux: [".deb", ".rpm", ".appimage", ".zip", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tar.bz2", ".tar", ".snap"],
      windows: [".msi", ".exe", ".msix", ".msixbundle", ".appx", ".appxbundle", ".zip", ".nupkg"],
    });
    for (const platform of PLATFORMS) expect(fileExtensionAllowed(platform, "app.flatpak")).toBe(false);
  });

  it("infers a platform only from an ending that belongs to one", () => {
    expect(inferPlatform("Hello.IPA")).toBe("ios");
    expect(inferPlatform("app.tar.xz")).toBe("linux");
    expect(inferPlatform("Squirrel-1.0-full.nupkg")).toBe("windows");
    expect(inferPlatform("app.zip")).toBeNull();
    expect(inferPlatform("app.tar.gz")).toBeNull();
    expect(inferPlatform("app.flatpak")).toBeNull();
  });

  it("gives each kind's content type, and octet-stream to what it does not know", () => {
    expect(contentTypeFor("android_apk", "a.apk")).toBe("application/vnd.android.package-archive");
    expect(contentTypeFor("linux", "a.deb")).toBe("application/vnd.debian.binary-package");
    expect(contentTypeFor("macos", "a.DMG")).toBe("application/x-apple-diskimage");
    expect(contentTypeFor("windows", "a.zip")).toBe("application/zip");
    expect(contentTypeFor("ios", "a.ipa")).toBe("application/octet-stream");
    expect(contentTypeFor("linux", "a.flatpak")).toBe("application/octet-stream");
  });

  it("maps every signature but a bare ELF to exactly one kind; zip-based kinds carry a marker", () => {
    for (const magic of MAGICS) {
      const owners = ARTIFACT_KINDS.filter((k) => ARTIFACT_FORMATS[k].zipMarker === undefined && ARTIFACT_FORMATS[k].magic.includes(magic));
      expect(owners.length, magic).toBe(magic === "elf" ? 0 : 1);
      expect(kindFromMagic(magic)).toBe(owners[0]);
    }
    for (const kind of ["ipa", "apk", "aab", "msix"] as const) {
      expect(ARTIFACT_FORMATS[kind]).toMatchObject({ magic: ["zip"], zipMarker: expect.any(String) });
    }
  });
});

describe("upload file names", () => {
  it("refuses .flatpak, saying why and which Linux files are accepted", () => {
    for (const platform of [undefined, "linux"] as const) {
      const problem = uploadFilenameProblem("Hello.flatpak", platform);
      expect(problem).toContain("Flatpak bundles are not accepted");
      expect(problem).toContain("linux files end in .deb, .rpm, .appimage");
    }
  });

  it("names the platform's endings when a file does not fit it", () => {
    expect(uploadFilenameProblem("hello.ipa", "android_apk")).toBe('"hello.ipa" is not a android_apk file: android_apk files end in .apk, .aab');
    expect(uploadFilenameProblem("notes.txt", undefined)).toMatch(/^"notes.txt" is not a file type Shipyard publishes: ios files end in \.ipa; /);
    expect(uploadFilenameProblem("app.zip", undefined)).toBeNull();
    expect(uploadFilenameProblem("app.zip", "ios")).not.toBeNull();
  });
});
