// inspectArtifact on every file in ../shared/fixtures, checked against the fixture README.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORMAT_METADATA_SCHEMAS } from "@/domain/artifact-metadata";
import { readMetadata } from "@/domain/metadata-reader";
import type { Platform } from "@/domain/platform";
import { FIXTURE_ARTIFACTS } from "../helpers/fixture-artifacts";
import { convertCgbiToPng } from "@/server/inspect/cgbi";
import { inspectArtifact, type InspectionResult } from "@/server/inspect";
import { extractCmsPlist, parseProvisioningProfile } from "@/server/inspect/mobileprovision";
import { DEFAULT_LIMITS } from "@/server/inspect/types";
import { parsePlist } from "@/server/inspect/plist";
import { decodePngHeader, fixture, FIXTURES, scanCertificates, factsOf } from "../helpers/inspect-fixtures";

/** Verified with Debian's `apksigner verify --print-certs` (31.0.2) and JDK `keytool -printcert -jarfile`. */
const FIXTURE_SIGNER_SHA256 = "bd9c22c4dc71f873d62cbd81bb26a6f56d80fb374d81a8098ec0a1a582e0efff";

async function inspect(relative: string, platform: Platform, now?: Date): Promise<InspectionResult> {
  return inspectArtifact({ path: fixture(relative) }, { platform, filename: path.basename(relative), now });
}

function expectIcon(result: InspectionResult, width: number, height: number) {
  expect(result.icon).toBeDefined();
  const png = result.icon?.png ?? Buffer.alloc(0);
  expect(decodePngHeader(png)).toMatchObject({ width, height });
  expect(result.icon).toMatchObject({ width, height });
}

/** The only certificate inside the APK bytes, found without parsing any signature structure. */
function independentSigner(relative: string): string {
  const certs = [...scanCertificates(readFileSync(fixture(relative))).keys()];
  expect(certs).toHaveLength(1);
  return certs[0] ?? "";
}

const COVERED = new Set<string>();
const covers = (...files: string[]) => {
  for (const f of files) COVERED.add(f);
};

describe("Android fixtures", () => {
  covers("android/hello.apk", "android/hello-v2only.apk", "android/adaptive-icon-only.apk");

  it.each([
    ["android/hello.apk", ["v1", "v2", "v3"]],
    ["android/hello-v2only.apk", ["v2", "v3"]],
  ])("%s: manifest, label, icon and signer", async (file, schemes) => {
    const result = await inspect(file, "android_apk");
    expect(result).toMatchObject({ kind: "apk", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({
      packageName: "com.example.hello",
      versionName: "1.2.3",
      versionCode: 42,
      minSdk: 21,
      targetSdk: 29,
      label: "Hello Fixture",
      installable: true,
      signingSchemes: schemes,
      signer: { sha256: FIXTURE_SIGNER_SHA256, subject: "CN=Fixture Signer, O=Example, C=US", debugCertificate: false },
    });
    expect(FIXTURE_SIGNER_SHA256).toBe(independentSigner(file));
    expectIcon(result, 145, 145);
  });

  it("hello-v2only.apk: warns that Android 6 and older cannot install it (minSdk 21, no v1)", async () => {
    const result = await inspect("android/hello-v2only.apk", "android_apk");
    expect(result.warnings).toEqual([expect.stringContaining("no v1 (JAR) signature although minSdk is 21")]);
    expect((await inspect("android/hello.apk", "android_apk")).warnings).toEqual([]);
  });

  it("adaptive-icon-only.apk: the launcher icon resolves to XML; the foreground PNG is returned", async () => {
    const result = await inspect("android/adaptive-icon-only.apk", "android_apk");
    expect(result).toMatchObject({ kind: "apk", status: "valid", warnings: [] });
    expect(result.metadata).toMatchObject({ packageName: "com.example.adaptive", minSdk: 26, targetSdk: 29, label: "Hello Fixture" });
    expectIcon(result, 145, 145);
    expect(result.icon?.png.subarray(0, 4).toString("hex")).toBe("89504e47");
  });
});

describe("iOS fixtures", () => {
  covers("ios/Hello.ipa", "ios/embedded.mobileprovision", "ios/AppIcon60x60@3x.png", "ios/manifest-example.plist");
  covers("ios/udid.mobileconfig", "ios/udid-device-response.p7s");
  const profileXml = readFileSync(fixture("ios/embedded.mobileprovision")).toString("latin1");
  const expiresAt = new Date(/<key>ExpirationDate<\/key>\s*<date>([^<]+)<\/date>/.exec(profileXml)?.[1] ?? "");

  it("Hello.ipa: Info.plist, provisioning profile and converted CgBI icon", async () => {
    const now = new Date(expiresAt.getTime() - 86_400_000);
    const result = await inspect("ios/Hello.ipa", "ios", now);
    expect(result).toMatchObject({ kind: "ipa", status: "valid", reasons: [], warnings: [] });
    expect(result.metadata).toMatchObject({
      bundleId: "com.example.hello",
      shortVersion: "1.2.3",
      build: "42",
      displayName: "Hello Fixture",
      minimumOsVersion: "15.0",
      deviceFamily: ["iphone", "ipad"],
      profileExpired: false,
      appStoreSigned: false,
      provisioning: {
        type: "ad-hoc",
        expiresAt: expiresAt.toISOString(),
        teamId: "ABCDE12345",
        teamName: "Fixture Inc",
        name: "Hello Fixture AdHoc",
        provisionedDevices: ["00008110-001A2B3C4D5E6F70", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"],
        getTaskAllow: false,
      },
    });
    expectIcon(result, 180, 180);
  });

  it("Hello.ipa: profileExpired is computed against hints.now", async () => {
    const result = await inspect("ios/Hello.ipa", "ios", new Date(expiresAt.getTime() + 1000));
    expect(result.status).toBe("valid");
    expect(factsOf(result, "ipa").profileExpired).toBe(true);
    expect(result.warnings).toEqual([`provisioning profile expired on ${expiresAt.toISOString()}`]);
  });

  it("embedded.mobileprovision: devices, expiry, team, get-task-allow", () => {
    const profile = parseProvisioningProfile(readFileSync(fixture("ios/embedded.mobileprovision")), DEFAULT_LIMITS);
    expect(profile).toMatchObject({
      type: "ad-hoc",
      teamId: "ABCDE12345",
      getTaskAllow: false,
      provisionsAllDevices: false,
      expiresAt: expiresAt.toISOString(),
      provisionedDevices: ["00008110-001A2B3C4D5E6F70", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"],
    });
    expect(profile.certificates[0]?.subject).toContain("CN=Apple Distribution: Fixture Inc (ABCDE12345)");
  });

  it("AppIcon60x60@3x.png: not a browser PNG until converted; 180x180 afterwards", () => {
    const cgbi = readFileSync(fixture("ios/AppIcon60x60@3x.png"));
    expect(() => decodePngHeader(cgbi)).toThrow();
    expect(decodePngHeader(convertCgbiToPng(cgbi, DEFAULT_LIMITS.maxIconPixels))).toEqual({ width: 180, height: 180, colorType: 6 });
  });

  it("manifest-example.plist: the itms-services manifest shape", () => {
    const manifest = parsePlist(readFileSync(fixture("ios/manifest-example.plist")), DEFAULT_LIMITS);
    expect(manifest).toMatchObject({
      items: [
        {
          assets: [{ kind: "software-package" }, { kind: "display-image" }, { kind: "full-size-image" }],
          metadata: { "bundle-identifier": "com.example.hello", "bundle-version": "1.2.3", kind: "software", title: "Hello Fixture" },
        },
      ],
    });
  });

  it("udid.mobileconfig and the device's signed reply: the plists inside the CMS envelopes", () => {
    const config = extractCmsPlist(readFileSync(fixture("ios/udid.mobileconfig")), DEFAULT_LIMITS);
    expect(config).toMatchObject({ PayloadType: "Profile Service", PayloadContent: { Challenge: "ENROLLTOKEN" } });
    const reply = extractCmsPlist(readFileSync(fixture("ios/udid-device-response.p7s")), DEFAULT_LIMITS);
    expect(reply).toMatchObject({ UDID: "00008110-001A2B3C4D5E6F70", PRODUCT: "iPhone15,2", VERSION: "21A329", CHALLENGE: "ENROLLTOKEN" });
  });

  it.each(["ios/embedded.mobileprovision", "ios/AppIcon60x60@3x.png", "ios/manifest-example.plist", "ios/udid.mobileconfig", "ios/udid-device-response.p7s"])(
    "%s is not an uploadable artifact",
    async (file) => {
      expect(await inspect(file, "ios")).toMatchObject({ kind: "unknown", status: "invalid", reasons: ["unrecognised file format"] });
    },
  );
});

describe("Linux fixtures", () => {
  covers("linux/hello_2.10-3_amd64.deb", "linux/hello-fixture_1.2.3-42_amd64.deb", "linux/hello-fixture-1.2.3-42.x86_64.rpm");
  covers("linux/Hello_Fixture-1.2.3-x86_64.AppImage");

  it.each([
    ["linux/hello_2.10-3_amd64.deb", "hello", "2.10-3"],
    ["linux/hello-fixture_1.2.3-42_amd64.deb", "hello-fixture", "1.2.3-42"],
  ])("%s: control fields", async (file, name, version) => {
    const result = await inspect(file, "linux");
    expect(result).toMatchObject({ kind: "deb", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({ package: name, version, architecture: "amd64" });
  });

  it("rpm: name, version, release, arch", async () => {
    const result = await inspect("linux/hello-fixture-1.2.3-42.x86_64.rpm", "linux");
    expect(result).toMatchObject({ kind: "rpm", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({ name: "hello-fixture", version: "1.2.3", release: "42", arch: "x86_64", sourcePackage: false });
  });

  it("AppImage: type 2, arch, squashfs offset, .desktop name and version, .DirIcon", async () => {
    const file = "linux/Hello_Fixture-1.2.3-x86_64.AppImage";
    const result = await inspect(file, "linux");
    expect(result).toMatchObject({ kind: "appimage", status: "valid", reasons: [], warnings: [] });
    expect(result.metadata).toMatchObject({ appImageType: 2, arch: "x86_64", name: "Hello Fixture", version: "1.2.3" });
    const offset = factsOf(result, "appimage").squashfsOffset ?? -1;
    expect(readFileSync(fixture(file)).toString("latin1", offset, offset + 4)).toBe("hsqs");
    expectIcon(result, 145, 145);
  });
});

describe("Windows fixtures", () => {
  covers("windows/hello-fixture-1.2.3.msi", "windows/HelloFixture-Setup-1.2.3.exe", "windows/HelloFixture-Setup-1.2.3-signed.exe");
  covers("windows/HelloFixture-1.2.3.0-x64.msix");

  it("msi: Property table and summary", async () => {
    const result = await inspect("windows/hello-fixture-1.2.3.msi", "windows");
    expect(result).toMatchObject({ kind: "msi", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({ productName: "Hello Fixture", productVersion: "1.2.3", manufacturer: "Fixture Inc", architecture: "x64" });
    expect(factsOf(result, "msi").upgradeCode).toMatch(/^\{6f1b2a64-3a0d-4c3e-9a55-0f5c8f8b2b10\}$/i);
  });

  it.each([
    ["windows/HelloFixture-Setup-1.2.3.exe", false],
    ["windows/HelloFixture-Setup-1.2.3-signed.exe", true],
  ])("%s: version resource, machine, Authenticode signed = %s", async (file, signed) => {
    const result = await inspect(file, "windows");
    expect(result).toMatchObject({ kind: "exe", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({
      productVersion: "1.2.3",
      fileVersion: "1.2.3.42",
      productName: "Hello Fixture",
      companyName: "Fixture Inc",
      machine: "x86",
      authenticodeSigned: signed,
      installer: "nsis",
    });
    // RFC 4514 order (reverse of the encoding order; osslsigncode encoded CN first).
    if (signed) expect(factsOf(result, "exe").authenticode).toMatchObject({ subject: "C=US, O=Fixture Inc, CN=Fixture Inc Code Signing", verified: false });
  });

  it("msix: Identity, display name, logo", async () => {
    const result = await inspect("windows/HelloFixture-1.2.3.0-x64.msix", "windows");
    expect(result).toMatchObject({ kind: "msix", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({
      identityName: "Fixture.HelloFixture",
      publisher: "CN=Fixture Inc, O=Fixture Inc, C=US",
      version: "1.2.3.0",
      processorArchitecture: "x64",
      displayName: "Hello Fixture",
      signed: false,
    });
    expectIcon(result, 145, 145);
  });
});

describe("macOS fixtures", () => {
  covers("macos/test.dmg");

  it("test.dmg: raw HFS+ (HFSX) image; versions must come from CI", async () => {
    const result = await inspect("macos/test.dmg", "macos");
    expect(result).toMatchObject({ kind: "dmg", status: "valid", reasons: [] });
    expect(result.metadata).toMatchObject({ format: "raw-hfs+", hfsSignature: "HX", blockSize: 4096, totalBlocks: 1250 });
    expect(result.warnings).toEqual([expect.stringContaining("must come from CI")]);
  });
});

describe("every fixture's facts fit its kind's schema", () => {
  const ARTIFACTS = FIXTURE_ARTIFACTS;

  it.each(ARTIFACTS)("%s: the schema keeps every fact as read, and the stored-row reader reads them back", async (file, platform) => {
    const result = await inspect(file, platform);
    expect(result.status).toBe("valid");
    if (result.kind === "unknown") throw new Error(`${file} was not recognised`);
    // Strict: a fact the schema does not name, or names with another type, fails here (zod strips or refuses it).
    expect(FORMAT_METADATA_SCHEMAS[result.kind].parse(result.metadata)).toEqual(result.metadata);
    expect(readMetadata(result.kind, result.metadata)).toEqual({ ...result.metadata, kind: result.kind });
  });
});

describe("the fixture directory", () => {
  covers("README.md", "make-fixtures.sh");

  it("has no file this suite does not check", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : [path.relative(FIXTURES, full)];
      });
    expect(walk(FIXTURES).filter((f) => !COVERED.has(f))).toEqual([]);
  });

  it.each(["README.md", "make-fixtures.sh"])("%s is not an artifact", async (file) => {
    expect(await inspect(file, "linux")).toMatchObject({ kind: "unknown", status: "invalid", reasons: ["unrecognised file format"] });
  });
});
