import { describe, expect, it } from "vitest";
import { actionLabel } from "@/components/install/labels";

describe("the install button's label", () => {
  it("installs an IPA and downloads an APK; an Android bundle says it will not install", () => {
    expect(actionLabel("ios", "Hello.ipa")).toBe("Install");
    expect(actionLabel("android_apk", "hello.apk")).toBe("Download APK");
    expect(actionLabel("android_apk", "hello.aab")).toBe("Download bundle (not installable)");
  });

  it.each([
    ["linux", "Hello_Fixture-1.2.3-x86_64.AppImage", "Download AppImage"],
    ["linux", "hello-fixture_1.2.3-42_amd64.deb", "Download DEB"],
    ["linux", "hello-1.2.3.x86_64.rpm", "Download RPM"],
    ["linux", "hello_1.2.3_amd64.snap", "Download Snap"],
    ["linux", "hello-1.2.3.tar.gz", "Download tar.gz"],
    ["linux", "hello-1.2.3.tar.xz", "Download tar.xz"],
    ["macos", "Hello-1.2.3.dmg", "Download DMG"],
    ["macos", "Hello-1.2.3.pkg", "Download PKG"],
    ["macos", "Hello-1.2.3-mac.zip", "Download ZIP"],
    ["macos", "Hello-1.2.3-mac.tgz", "Download tgz"],
    ["windows", "HelloFixture-Setup-1.2.3.exe", "Download EXE"],
    ["windows", "Hello-1.2.3.msi", "Download MSI"],
    ["windows", "Hello-1.2.3.msix", "Download MSIX"],
    ["windows", "Hello-1.2.3.msixbundle", "Download MSIX bundle"],
    ["windows", "Hello-1.2.3-full.nupkg", "Download NuGet package"],
  ] as const)("%s %s: %s", (platform, filename, label) => {
    expect(actionLabel(platform, filename)).toBe(label);
  });

  it("names no format for an ending no longer accepted, rather than upper-casing it", () => {
    expect(actionLabel("linux", "hello.flatpak")).toBe("Download");
  });
});
