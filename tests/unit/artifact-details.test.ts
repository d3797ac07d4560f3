// The release page's facts for each platform, from what the real inspector reads in the shared
// fixtures (../shared/fixtures), stored as publishing stores it (with the format as `kind`).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { artifactKind, artifactMetadataFacts, commonName, expiry, xcodeVersion } from "@/components/admin/artifact-details";
import type { Platform } from "@/domain/platform";
import { inspectArtifact } from "@/server/inspect";
import { fixture } from "../helpers/inspect-fixtures";

const NOW = new Date("2026-12-06T12:00:00Z");

async function publishedFacts(relative: string, platform: Platform, ci?: Record<string, string>) {
  const result = await inspectArtifact({ path: fixture(relative) }, { platform, filename: path.basename(relative), now: NOW });
  const metadata = { ...result.metadata, kind: result.kind, ...(ci && { ci }) };
  return Object.fromEntries(artifactMetadataFacts({ filename: path.basename(relative), metadata }, NOW).map((f) => [f.label, f.value]));
}

describe("artifact facts on the release page", () => {
  it("iOS: bundle id, versions, minimum OS, SDK, signer, profile type, expiry and device count", async () => {
    expect(await publishedFacts("ios/Hello.ipa", "ios")).toEqual({
      Format: "iOS app (IPA)",
      "Bundle ID": "com.example.hello",
      Name: "Hello Fixture",
      Version: "1.2.3",
      Build: "42",
      "Minimum iOS": "15.0",
      Devices: "iPhone, iPad",
      SDK: "iphoneos17.0",
      Xcode: "15.0",
      Signer: "Apple Distribution: Fixture Inc (ABCDE12345)",
      "Certificate subject": "C=US, O=Fixture Inc, OU=ABCDE12345, CN=Apple Distribution: Fixture Inc (ABCDE12345), UID=ABCDE12345",
      "Certificate expires": "2027-11-28 (in 357 days)",
      "Profile type": "Ad hoc",
      "Profile name": "Hello Fixture AdHoc",
      "Profile expires": "2027-11-28 (in 357 days)",
      "Provisioned devices": "2",
      Team: "Fixture Inc · ABCDE12345",
    });
  });

  it("Android: package, version name and code, SDK levels, signer and schemes", async () => {
    expect(await publishedFacts("android/hello.apk", "android_apk")).toEqual({
      Format: "Android app (APK)",
      Package: "com.example.hello",
      Name: "Hello Fixture",
      "Version name": "1.2.3",
      "Version code": "42",
      "Minimum Android": "API 21 (Android 5.0)",
      "Target SDK": "API 29 (Android 10)",
      "Compile SDK": "API 29 (Android 10)",
      Signer: "Fixture Signer",
      "Certificate subject": "CN=Fixture Signer, O=Example, C=US",
      "Signer SHA-256": "BD:9C:22:C4:DC:71:F8:73:D6:2C:BD:81:BB:26:A6:F5:6D:80:FB:37:4D:81:A8:09:8E:C0:A1:A5:82:E0:EF:FF",
      "Certificate expires": "2054-04-15 (in 9992 days)",
      "Signature schemes": "v1, v2, v3",
      "Native ABIs": "none (runs on any)",
      Permissions: "1: android.permission.INTERNET",
    });
    expect((await publishedFacts("android/hello-v2only.apk", "android_apk"))["Signature schemes"]).toBe("v2, v3");
  });

  it("Linux: Debian and RPM packages and an AppImage", async () => {
    expect(await publishedFacts("linux/hello-fixture_1.2.3-42_amd64.deb", "linux")).toEqual({
      Format: "Debian package",
      Package: "hello-fixture",
      Version: "1.2.3-42",
      Architecture: "amd64",
      Maintainer: "Fixture <fixture@example.com>",
      Description: "Hello fixture",
    });
    expect(await publishedFacts("linux/hello-fixture-1.2.3-42.x86_64.rpm", "linux")).toMatchObject({
      Package: "hello-fixture",
      Version: "1.2.3-42",
      Architecture: "x86_64",
      License: "MIT",
      "Installed size": "34.9 KiB",
    });
    expect(await publishedFacts("linux/Hello_Fixture-1.2.3-x86_64.AppImage", "linux")).toEqual({
      Format: "AppImage",
      Name: "Hello Fixture",
      Version: "1.2.3",
      Architecture: "x86_64",
      "AppImage type": "2",
      Categories: "Utility",
    });
  });

  it("Windows: MSI, a signed NSIS installer and an MSIX", async () => {
    expect(await publishedFacts("windows/hello-fixture-1.2.3.msi", "windows")).toMatchObject({
      Product: "Hello Fixture",
      Version: "1.2.3",
      Manufacturer: "Fixture Inc",
      Architecture: "x64",
      Signed: "no",
    });
    expect(await publishedFacts("windows/HelloFixture-Setup-1.2.3-signed.exe", "windows")).toMatchObject({
      Format: "Windows executable",
      Version: "1.2.3",
      "File version": "1.2.3.42",
      Installer: "nsis",
      Signer: "Fixture Inc Code Signing",
    });
    expect((await publishedFacts("windows/HelloFixture-Setup-1.2.3.exe", "windows")).Signer).toBe("not signed");
    expect(await publishedFacts("windows/HelloFixture-1.2.3.0-x64.msix", "windows")).toMatchObject({
      Identity: "Fixture.HelloFixture",
      Publisher: "CN=Fixture Inc, O=Fixture Inc, C=US",
      "Minimum Windows": "Windows.Desktop 10.0.17763.0",
      Signed: "no",
    });
  });

  it("macOS: a disk image, whose minimum OS and architecture come from CI", async () => {
    expect(await publishedFacts("macos/test.dmg", "macos", { minimumSystemVersion: "12.0", arch: "universal" })).toEqual({
      Format: "Disk image (DMG)",
      "Image format": "raw-hfs+",
      "Minimum OS (from CI)": "12.0",
      "Architecture (from CI)": "universal",
    });
  });

  it("flags what blocks an install, and reads metadata from before `kind` was stored", () => {
    const facts = artifactMetadataFacts(
      {
        filename: "Old.IPA",
        metadata: { bundleId: "com.acme.old", provisioning: { type: "app-store", expiresAt: "2026-11-30T00:00:00Z", provisionsAllDevices: false } },
      },
      NOW,
    );
    expect(facts.filter((f) => f.attention).map((f) => `${f.label}: ${f.value}`)).toEqual([
      "Profile type: App Store (cannot be installed over the air)",
      "Profile expires: 2026-11-30 (expired 6 days ago)",
    ]);
    expect(facts.find((f) => f.label === "Bundle ID")).toEqual({ label: "Bundle ID", value: "com.acme.old", mono: true });
    expect(artifactMetadataFacts({ filename: "a.ipa", metadata: { kind: "ipa" } }, NOW).map((f) => f.value)).toContain("none embedded (cannot be installed over the air)");
    expect(
      artifactMetadataFacts({ filename: "a.apk", metadata: { kind: "apk", signer: null, debuggable: true } }, NOW)
        .filter((f) => f.attention)
        .map((f) => f.label),
    ).toEqual(["Signer", "Debuggable"]);
    expect(artifactKind({ filename: "x.tar.gz", metadata: {} })).toBe("tar");
    expect(artifactMetadataFacts({ filename: "weird.bin", metadata: { bundleId: 7, provisioning: "nope" } }, NOW)).toEqual([]);
  });

  it("formats Xcode versions, certificate names and expiry", () => {
    expect(xcodeVersion("1500")).toBe("15.0");
    expect(xcodeVersion("1431")).toBe("14.3.1");
    expect(xcodeVersion("beta")).toBe("beta");
    expect(commonName("C=US, CN=Apple Development: Jo (X1), UID=X1")).toBe("Apple Development: Jo (X1)");
    expect(commonName("O=No Common Name")).toBe("O=No Common Name");
    expect(expiry("2026-12-07T12:00:00Z", NOW)).toEqual({ value: "2026-12-07 (in 1 day)", expired: false });
    expect(expiry("2026-12-06T11:00:00Z", NOW)).toEqual({ value: "2026-12-06 (expired today)", expired: true });
    expect(expiry("not a date", NOW)).toEqual({ value: "not a date", expired: false });
  });
});
