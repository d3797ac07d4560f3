// Formats and cases without a shared fixture, built by hand in a temp dir: AAB, pkg, tarballs,
// zipped macOS apps, nupkg, msixbundle, UDIF, every provisioning profile type, ZIP64 signing blocks.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { Platform } from "@/domain/platform";
import { inspectArtifact, type InspectionResult } from "@/server/inspect";
import { FileSource } from "@/server/inspect/file-source";
import { Squashfs } from "@/server/inspect/squashfs";
import { buildTar, decodePngHeader, fixture, fixtureEntry, tempDir, factsOf } from "../helpers/inspect-fixtures";
import { buildZip, writeSparseZip64, type ZipWriterEntry } from "../helpers/inspect-zip-writer";

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const NOW = new Date("2030-01-01T00:00:00Z");
let counter = 0;

async function inspectBytes(data: Buffer, filename: string, platform: Platform): Promise<InspectionResult> {
  return inspectArtifact({ path: tmp.write(`${counter++}-${filename}`, data) }, { platform, filename, now: NOW });
}

const xmlPlist = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>${body}</dict></plist>`);

describe("IPA cases", () => {
  const info = xmlPlist(
    "<key>CFBundleIdentifier</key><string>com.example.x</string><key>CFBundleShortVersionString</key><string>2.0</string>" +
      "<key>CFBundleVersion</key><string>200</string><key>CFBundleName</key><string>X</string><key>UIDeviceFamily</key><array><integer>2</integer></array>",
  );
  // A CMS envelope is only sliced for its plist, so any DER-looking wrapper exercises the same path.
  const profile = (body: string) => Buffer.concat([Buffer.from([0x30, 0x80, 0x06, 0x09]), xmlPlist(body), Buffer.from([0, 0, 0, 0])]);
  const expiry = "<key>ExpirationDate</key><date>2031-01-01T00:00:00Z</date><key>TeamIdentifier</key><array><string>T1</string></array>";

  it.each([
    ["development", "<key>ProvisionedDevices</key><array><string>u1</string></array><key>Entitlements</key><dict><key>get-task-allow</key><true/></dict>"],
    ["ad-hoc", "<key>ProvisionedDevices</key><array><string>u1</string></array><key>Entitlements</key><dict><key>get-task-allow</key><false/></dict>"],
    ["enterprise", "<key>ProvisionsAllDevices</key><true/>"],
    ["app-store", ""],
  ])("profile type %s", async (type, body) => {
    const zip = buildZip([
      { name: "Payload/X.app/Info.plist", data: info },
      { name: "Payload/X.app/embedded.mobileprovision", data: profile(expiry + body) },
    ]);
    const result = await inspectBytes(zip, "x.ipa", "ios");
    expect(result).toMatchObject({ kind: "ipa", status: "valid", metadata: { bundleId: "com.example.x", build: "200", deviceFamily: ["ipad"] } });
    expect(result.metadata).toMatchObject({ provisioning: { type, teamId: "T1", expiresAt: "2031-01-01T00:00:00.000Z" }, appStoreSigned: type === "app-store", profileExpired: false });
    if (type === "app-store") expect(result.warnings).toContain("App Store distribution profile: the IPA cannot be installed over the air");
  });

  it("uses the top-level bundle's plist, profile and icon, not a nested app's", async () => {
    const zip = buildZip([
      { name: "Payload/X.app/Watch/W.app/Info.plist", data: xmlPlist("<key>CFBundleIdentifier</key><string>watch</string><key>CFBundleVersion</key><string>1</string>") },
      { name: "Payload/X.app/Watch/W.app/embedded.mobileprovision", data: profile("<key>ProvisionsAllDevices</key><true/>") },
      { name: "Payload/X.app/Info.plist", data: info },
      { name: "Payload/X.app/embedded.mobileprovision", data: profile(`${expiry}<key>ProvisionedDevices</key><array/>`) },
      { name: "Payload/X.app/AppIcon60x60@2x.png", data: await fixtureEntry("android/hello.apk", "res/drawable/icon.png") },
      { name: "Payload/X.app/AppIcon60x60@3x.png", data: readFileSync(fixture("ios/AppIcon60x60@3x.png")) },
    ]);
    const result = await inspectBytes(zip, "x.ipa", "ios");
    expect(result.metadata).toMatchObject({ bundleId: "com.example.x", provisioning: { type: "ad-hoc" } });
    expect(decodePngHeader(result.icon?.png ?? Buffer.alloc(0))).toMatchObject({ width: 180, height: 180 });
  });

  it("an IPA without a profile or icon is valid, with warnings", async () => {
    const result = await inspectBytes(buildZip([{ name: "Payload/X.app/Info.plist", data: info }]), "x.ipa", "ios");
    expect(result).toMatchObject({ status: "valid", reasons: [] });
    expect(result.icon).toBeUndefined();
    expect(result.warnings).toEqual(["no embedded.mobileprovision: the IPA cannot be installed over the air", "no app icon PNG in the bundle (icons only in Assets.car cannot be read)"]);
  });

  it("a corrupt CgBI icon is a warning, never a broken PNG", async () => {
    const broken = Buffer.from(readFileSync(fixture("ios/AppIcon60x60@3x.png")));
    broken.fill(0x55, 200, 400);
    const zip = buildZip([
      { name: "Payload/X.app/Info.plist", data: info },
      { name: "Payload/X.app/AppIcon60x60@3x.png", data: broken },
    ]);
    const result = await inspectBytes(zip, "x.ipa", "ios");
    expect(result.status).toBe("valid");
    expect(result.icon).toBeUndefined();
    expect(result.warnings.join()).toMatch(/no usable app icon/);
  });
});

describe("large artifacts", () => {
  it("a 5 GiB ZIP64 IPA (sparse file) is read by random access", async () => {
    const file = path.join(tmp.dir, "huge.ipa");
    const info = xmlPlist("<key>CFBundleIdentifier</key><string>com.example.big</string><key>CFBundleVersion</key><string>9</string>");
    writeSparseZip64(file, { name: "Payload/Big.app/Assets.car", size: 5 * 1024 ** 3 }, [{ name: "Payload/Big.app/Info.plist", data: info }]);
    expect(statSync(file).size).toBeGreaterThan(5 * 1024 ** 3);
    const started = Date.now();
    const result = await inspectArtifact({ path: file }, { platform: "ios", filename: "huge.ipa" });
    expect(result).toMatchObject({ kind: "ipa", status: "valid", metadata: { bundleId: "com.example.big", build: "9" } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("APK signing block in a ZIP64 archive", () => {
  it("finds the v2/v3 signer through the ZIP64 end of central directory", async () => {
    const source = readFileSync(fixture("android/hello-v2only.apk"));
    const eocd = source.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cdOffset = source.readUInt32LE(eocd + 16);
    const blockSize = Number(source.readBigUInt64LE(cdOffset - 24));
    const block = source.subarray(cdOffset - blockSize - 8, cdOffset);
    expect(block.toString("latin1", block.length - 16)).toBe("APK Sig Block 42");
    const entries: ZipWriterEntry[] = [];
    for (const name of ["AndroidManifest.xml", "resources.arsc", "res/drawable/icon.png"]) {
      entries.push({ name, data: await fixtureEntry("android/hello-v2only.apk", name) });
    }
    const result = await inspectBytes(buildZip(entries, { zip64: true, beforeCentralDirectory: block }), "z64.apk", "android_apk");
    expect(result).toMatchObject({ kind: "apk", status: "valid", metadata: { packageName: "com.example.hello", signingSchemes: ["v2", "v3"], label: "Hello Fixture" } });
    expect(factsOf(result, "apk").signer?.sha256).toBe("bd9c22c4dc71f873d62cbd81bb26a6f56d80fb374d81a8098ec0a1a582e0efff");
  });

  it("an unsigned APK is valid with a warning", async () => {
    const entries = [{ name: "AndroidManifest.xml", data: await fixtureEntry("android/hello.apk", "AndroidManifest.xml") }];
    const result = await inspectBytes(buildZip(entries), "u.apk", "android_apk");
    expect(result).toMatchObject({ status: "valid", metadata: { packageName: "com.example.hello", signingSchemes: [], signer: null } });
    expect(result.metadata).not.toHaveProperty("label");
    expect(result.warnings).toContain("the APK is not signed: Android will refuse to install it");
  });
});

/** Protocol buffer encoding, just enough for aapt2's XmlNode. */
function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.from(out);
}
const bytesField = (field: number, data: Buffer | string) => {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return Buffer.concat([varint(field * 8 + 2), varint(buf.length), buf]);
};
const ANDROID = "http://schemas.android.com/apk/res/android";
const attr = (name: string, value: string, ns = ANDROID, compiledInt?: number) =>
  bytesField(
    4,
    Buffer.concat([
      ns ? bytesField(1, ns) : Buffer.alloc(0),
      bytesField(2, name),
      bytesField(3, value),
      compiledInt === undefined ? Buffer.alloc(0) : bytesField(6, bytesField(7, Buffer.concat([varint(6 * 8), varint(compiledInt)]))),
    ]),
  );
const element = (name: string, parts: Buffer[]) => bytesField(1, Buffer.concat([bytesField(3, name), ...parts]));

describe("Android App Bundle", () => {
  it("reads the protobuf manifest; not installable", async () => {
    const usesSdk = element("uses-sdk", [attr("minSdkVersion", "24"), attr("targetSdkVersion", "34")]);
    const manifest = element("manifest", [attr("package", "com.example.bundle", ""), attr("versionCode", "", ANDROID, 77), attr("versionName", "7.7"), bytesField(5, usesSdk)]);
    const zip = buildZip([
      { name: "BundleConfig.pb", data: Buffer.from([0x0a, 0x00]) },
      { name: "base/manifest/AndroidManifest.xml", data: manifest },
      { name: "feature/manifest/AndroidManifest.xml", data: manifest },
    ]);
    const result = await inspectBytes(zip, "app.aab", "android_apk");
    expect(result).toMatchObject({
      kind: "aab",
      status: "valid",
      metadata: { packageName: "com.example.bundle", versionCode: 77, versionName: "7.7", minSdk: 24, targetSdk: 34, installable: false, modules: ["base", "feature"] },
    });
  });
});

function xar(files: { name: string; data: Buffer; gzip?: boolean }[]): Buffer {
  let offset = 0;
  const heap: Buffer[] = [];
  const entries = files.map((file, i) => {
    const stored = file.gzip ? deflateSync(file.data) : file.data;
    heap.push(stored);
    const style = file.gzip ? "application/x-gzip" : "application/octet-stream";
    const xml = `<file id="${i + 1}"><name>${file.name}</name><type>file</type><data><length>${stored.length}</length><offset>${offset}</offset><size>${file.data.length}</size><encoding style="${style}"/></data></file>`;
    offset += stored.length;
    return xml;
  });
  const toc = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><xar><toc><creation-time>2030-01-01T00:00:00</creation-time>${entries.join("")}</toc></xar>`);
  const compressed = deflateSync(toc);
  const header = Buffer.alloc(28);
  header.write("xar!", 0, "latin1");
  header.writeUInt16BE(28, 4);
  header.writeUInt16BE(1, 6);
  header.writeBigUInt64BE(BigInt(compressed.length), 8);
  header.writeBigUInt64BE(BigInt(toc.length), 16);
  return Buffer.concat([header, compressed, ...heap]);
}

describe("macOS installer packages (xar)", () => {
  it("a product archive: Distribution title, product and pkg-refs", async () => {
    const distribution = Buffer.from(
      '<?xml version="1.0"?><installer-gui-script minSpecVersion="2"><title>Hello</title><product id="com.example.hello" version="1.2.3"/>' +
        '<pkg-ref id="com.example.hello.pkg" version="1.2.3" onConclusion="none">#hello.pkg</pkg-ref><allowed-os-versions><os-version min="11.0"/></allowed-os-versions></installer-gui-script>',
    );
    const result = await inspectBytes(xar([{ name: "Distribution", data: distribution }]), "Hello.pkg", "macos");
    expect(result).toMatchObject({
      kind: "pkg",
      status: "valid",
      metadata: { pkgType: "product", title: "Hello", productVersion: "1.2.3", minimumOsVersion: "11.0", packages: [{ identifier: "com.example.hello.pkg", version: "1.2.3" }], signed: false },
    });
  });

  it("a component package: PackageInfo (zlib-encoded in the heap)", async () => {
    const info = Buffer.from('<?xml version="1.0"?><pkg-info format-version="2" identifier="com.example.component" version="2.0" install-location="/"/>');
    const result = await inspectBytes(xar([{ name: "PackageInfo", data: info, gzip: true }]), "c.pkg", "macos");
    expect(result).toMatchObject({ kind: "pkg", status: "valid", metadata: { pkgType: "component", packages: [{ identifier: "com.example.component", version: "2.0" }] } });
  });

  it("a xar that is not an installer package", async () => {
    const result = await inspectBytes(xar([{ name: "notes.txt", data: Buffer.from("hi") }]), "n.pkg", "macos");
    expect(result.reasons).toEqual(["xar archive has neither Distribution nor PackageInfo: not an installer package"]);
  });
});

describe("archives", () => {
  it("a .tar.gz starts with a tar header", async () => {
    const tarball = gzipSync(buildTar([{ name: "hello-1.0/README", data: Buffer.from("hi") }]));
    expect(await inspectBytes(tarball, "hello-1.0.tar.gz", "linux")).toMatchObject({ kind: "tar", status: "valid", metadata: { compression: "gzip", firstEntry: "hello-1.0/README" } });
  });

  it("a .tar.gz that holds no tar is invalid", async () => {
    const result = await inspectBytes(gzipSync(Buffer.alloc(4096, 0x61)), "x.tar.gz", "linux");
    expect(result).toMatchObject({ kind: "tar", status: "invalid", reasons: ["the gzip stream is not a tar archive"] });
  });

  it("a zipped macOS app: Info.plist facts and the PNG inside its .icns", async () => {
    const png = await fixtureEntry("android/hello.apk", "res/drawable/icon.png");
    const element = Buffer.alloc(8);
    element.write("ic07", 0, "latin1");
    element.writeUInt32BE(8 + png.length, 4);
    const icnsHeader = Buffer.alloc(8);
    icnsHeader.write("icns", 0, "latin1");
    icnsHeader.writeUInt32BE(16 + png.length, 4);
    const zip = buildZip([
      { name: "__MACOSX/Hello.app/Contents/Info.plist", data: Buffer.from("junk") },
      {
        name: "Hello.app/Contents/Info.plist",
        data: xmlPlist(
          "<key>CFBundleIdentifier</key><string>com.example.mac</string><key>CFBundleShortVersionString</key><string>3.1</string>" +
            "<key>CFBundleVersion</key><string>310</string><key>LSMinimumSystemVersion</key><string>12.0</string><key>CFBundleIconFile</key><string>AppIcon</string>",
        ),
      },
      { name: "Hello.app/Contents/Resources/AppIcon.icns", data: Buffer.concat([icnsHeader, element, png]) },
    ]);
    const result = await inspectBytes(zip, "Hello-3.1.zip", "macos");
    expect(result).toMatchObject({
      kind: "zip",
      status: "valid",
      metadata: { contents: "macos-app", bundleId: "com.example.mac", shortVersion: "3.1", build: "310", minimumOsVersion: "12.0" },
    });
    expect(decodePngHeader(result.icon?.png ?? Buffer.alloc(0))).toMatchObject({ width: 145, height: 145 });
  });

  it("a .nupkg: id and version from the nuspec", async () => {
    const nuspec = Buffer.from(
      '<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2010/07/nuspec.xsd"><metadata><id>Hello</id><version>1.2.3</version><authors>Fixture</authors></metadata></package>',
    );
    const result = await inspectBytes(
      buildZip([
        { name: "Hello.nuspec", data: nuspec },
        { name: "lib/net45/Hello.exe", data: Buffer.from("MZ") },
      ]),
      "Hello-1.2.3-full.nupkg",
      "windows",
    );
    expect(result).toMatchObject({ kind: "zip", status: "valid", metadata: { contents: "nupkg", id: "Hello", version: "1.2.3", authors: "Fixture" } });
  });

  it("an .msixbundle: bundle identity and its packages", async () => {
    const manifest = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Bundle xmlns="http://schemas.microsoft.com/appx/2013/bundle" SchemaVersion="5.0">' +
        '<Identity Name="Fixture.Hello" Publisher="CN=Fixture" Version="1.2.3.0"/><Packages>' +
        '<Package Type="application" Version="1.2.3.0" Architecture="x64" FileName="Hello_x64.msix"/>' +
        '<Package Type="application" Version="1.2.3.0" Architecture="arm64" FileName="Hello_arm64.msix"/></Packages></Bundle>',
    );
    const result = await inspectBytes(buildZip([{ name: "AppxMetadata/AppxBundleManifest.xml", data: manifest }]), "Hello.msixbundle", "windows");
    expect(result).toMatchObject({
      kind: "msix",
      status: "valid",
      metadata: { bundle: true, identityName: "Fixture.Hello", version: "1.2.3.0", packages: [{ processorArchitecture: "x64" }, { processorArchitecture: "arm64" }] },
    });
  });
});

describe("UDIF disk images", () => {
  it("recognises the koly trailer and the partition file system", async () => {
    const data = Buffer.alloc(4096, 0x11);
    const xml = xmlPlist("<key>resource-fork</key><dict><key>blkx</key><array><dict><key>CFName</key><string>disk image (Apple_HFS : 4)</string></dict></array></dict>");
    const koly = Buffer.alloc(512);
    koly.write("koly", 0, "latin1");
    koly.writeUInt32BE(4, 4);
    koly.writeUInt32BE(512, 8);
    koly.writeBigUInt64BE(0n, 0x18);
    koly.writeBigUInt64BE(BigInt(data.length), 0x20);
    koly.writeBigUInt64BE(BigInt(data.length), 0xd8);
    koly.writeBigUInt64BE(BigInt(xml.length), 0xe0);
    koly.writeBigUInt64BE(8n, 0x1ec);
    const result = await inspectBytes(Buffer.concat([data, xml, koly]), "Hello.dmg", "macos");
    expect(result).toMatchObject({ kind: "dmg", status: "valid", metadata: { format: "udif", udifVersion: 4, filesystem: "hfs+", partitions: ["disk image (Apple_HFS : 4)"] } });
  });
});

describe("squashfs reader", () => {
  it("walks subdirectories and follows symlinks in the AppImage payload", async () => {
    const source = await FileSource.open(fixture("linux/Hello_Fixture-1.2.3-x86_64.AppImage"));
    try {
      const fs = await Squashfs.open(source, 35664);
      const appRun = await fs.lookup("AppRun");
      expect(appRun).toBeDefined();
      expect((await fs.readFile(appRun ?? 0n, 1024)).toString()).toBe('#!/bin/sh\nexec "$(dirname "$0")/usr/bin/hello" "$@"\n');
      const hello = await fs.lookup("usr/bin/hello");
      expect((await fs.readFile(hello ?? 0n, 1024 * 1024)).subarray(0, 4).toString("hex")).toBe("7f454c46");
      expect(await fs.lookup("usr/bin/missing")).toBeUndefined();
      expect(decodePngHeader(await fs.readFile((await fs.lookup(".DirIcon")) ?? 0n, 1024 * 1024))).toMatchObject({ width: 145 });
    } finally {
      await source.close();
    }
  });

  it("a squashfs image without meta/snap.yaml is not a snap", async () => {
    const appImage = readFileSync(fixture("linux/Hello_Fixture-1.2.3-x86_64.AppImage"));
    const result = await inspectBytes(appImage.subarray(35664), "x.snap", "linux");
    expect(result).toMatchObject({ kind: "snap", status: "invalid", reasons: ["squashfs image without meta/snap.yaml is not a snap"] });
  });
});
