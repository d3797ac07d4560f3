// Hostile and broken inputs: each must give status "invalid" with a reason, never throw, hang or write files.
import { copyFileSync, readdirSync, readFileSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { Platform } from "@/domain/platform";
import { FIXTURE_ARTIFACTS } from "../helpers/fixture-artifacts";
import { DEFAULT_LIMITS, inspectArtifact, type InspectionResult, type InspectOptions } from "@/server/inspect";
import { ZipArchive } from "@/server/inspect/zip-reader";
import { bplist, buildAr, buildTar, controlTarGz, fixture, fixtureEntry, tempDir, factsOf } from "../helpers/inspect-fixtures";
import { opaqueExtraField, rawZip, storedEntry } from "../helpers/hostile-zip";
import { buildZip, type ZipWriterEntry } from "../helpers/inspect-zip-writer";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let counter = 0;
async function inspectBytes(data: Buffer, filename: string, platform: Platform, options?: InspectOptions): Promise<InspectionResult> {
  const file = tmp.write(`${counter++}-${filename}`, data);
  return inspectArtifact({ path: file }, { platform, filename }, options);
}

function expectInvalid(result: InspectionResult, reason: RegExp) {
  expect(result.status).toBe("invalid");
  expect(result.reasons.join("\n")).toMatch(reason);
}

const INFO_PLIST = Buffer.from(
  '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>com.example.x</string>' + "<key>CFBundleVersion</key><string>7</string></dict></plist>",
);

function ipa(extra: ZipWriterEntry[] = [], info: Buffer = INFO_PLIST): Buffer {
  return buildZip([{ name: "Payload/X.app/Info.plist", data: info }, ...extra]);
}

describe("zip bombs and caps", () => {
  it("an entry we read that inflates beyond the 64 MiB cap", async () => {
    const manifest = await fixtureEntry("android/hello.apk", "AndroidManifest.xml");
    const apk = buildZip([
      { name: "AndroidManifest.xml", data: manifest },
      { name: "resources.arsc", data: Buffer.alloc(65 * 1024 * 1024) },
    ]);
    expect(apk.length).toBeLessThan(1024 * 1024);
    const result = await inspectBytes(apk, "bomb.apk", "android_apk");
    expectInvalid(result, /^resources\.arsc is too large \(68157440 bytes uncompressed; limit 67108864\)$/);
  });

  it("an entry whose real size exceeds its declared size", async () => {
    const lying = buildZip([{ name: "Payload/X.app/Info.plist", data: Buffer.alloc(3 * 1024 * 1024, 0x20), declaredSize: 100 }]);
    expectInvalid(await inspectBytes(lying, "lying.ipa", "ios"), /corrupt zip entry Payload\/X\.app\/Info\.plist/);
  });

  it("entries that declare a huge total size in a tiny file (ratio cap)", async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({ name: `f${i}`, data: Buffer.from("x"), method: "deflate" as const, declaredSize: 4_000_000_000 }));
    expectInvalid(await inspectBytes(buildZip(entries), "bomb.zip", "windows"), /zip bomb suspected/);
  });

  it("more entries than the cap, including a ZIP64 record that claims a million", async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from("x") }));
    expectInvalid(await inspectBytes(buildZip(many), "many.zip", "windows", { limits: { maxZipEntries: 10 } }), /too many zip entries/);
    const claim = buildZip([{ name: "a", data: Buffer.from("x") }], { zip64: true, claimEntries: 1_000_000 });
    expectInvalid(await inspectBytes(claim, "claim.zip", "windows"), /too many zip entries \(1000000; limit 200000\)/);
  });

  it.each(["../../etc/passwd", "/etc/passwd", "Payload\\..\\..\\evil", "C:/evil"])("path traversal in an entry name: %s", async (name) => {
    const result = await inspectBytes(ipa([{ name, data: Buffer.from("x") }]), "trav.ipa", "ios");
    expectInvalid(result, /unsafe entry name in zip archive/);
    expect(readdirSync(tmpdir()).some((f) => f === "evil" || f === "passwd")).toBe(false);
  });

  it("entries that overlap: two directory records sharing one local header", async () => {
    const zip = buildZip([{ name: "Payload/X.app/Info.plist", data: INFO_PLIST }]);
    // Duplicate the single central record under another name (same length), pointing at the same header.
    const cdOffset = zip.readUInt32LE(zip.length - 6);
    const record = Buffer.from(zip.subarray(cdOffset, zip.length - 22));
    const twin = Buffer.from(record);
    twin.write("Payload/X.app/Info.plisx", 46, "utf8");
    const eocd = Buffer.from(zip.subarray(zip.length - 22));
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(record.length * 2, 12);
    const overlapping = Buffer.concat([zip.subarray(0, cdOffset), record, twin, eocd]);
    expectInvalid(await inspectBytes(overlapping, "overlap.ipa", "ios"), /^zip entries overlap \(the entries at offsets 0 and 0 share bytes\)$/);
  });

  it("entries kept for reading do not hold their directory record (a huge directory would stay in memory)", async () => {
    // 20,000 records with 60 KB extra fields (a 1.2 GB file) kept the server's RSS 1.3 GB higher.
    const entries = [storedEntry("a/one", Buffer.from("1")), storedEntry("a/two", Buffer.from("22"))];
    const file = tmp.write("fat.zip", rawZip(entries, { centralExtra: opaqueExtraField(60_000) }).bytes);
    const archive = await ZipArchive.open(file, statSync(file).size, DEFAULT_LIMITS);
    try {
      for (const entry of archive.entries()) {
        const record = entry.raw as unknown as { extraFieldRaw: Buffer; fileCommentRaw: Buffer; fileNameRaw: Buffer };
        expect(record.extraFieldRaw.length + record.fileCommentRaw.length + record.fileNameRaw.buffer.byteLength).toBeLessThan(8192);
      }
      expect((await archive.read(archive.get("a/two") ?? expect.fail("a/two"))).toString()).toBe("22");
    } finally {
      archive.close();
    }
  });

  it("an encrypted entry", async () => {
    const zip = buildZip([{ name: "Payload/X.app/Info.plist", data: INFO_PLIST, flags: 0x1 }]);
    expectInvalid(await inspectBytes(zip, "enc.ipa", "ios"), /Info\.plist is encrypted/);
  });
});

describe("hostile property lists", () => {
  it("a huge Info.plist", async () => {
    const big = Buffer.from(`<?xml version="1.0"?><plist><dict><key>k</key><string>${"a".repeat(5 * 1024 * 1024)}</string></dict></plist>`);
    expectInvalid(await inspectBytes(ipa([], big), "big.ipa", "ios"), /Info\.plist is too large \(\d+ bytes uncompressed; limit 4194304\)/);
  });

  it("deeply nested XML", async () => {
    const deep = Buffer.from(`<plist>${"<array>".repeat(5000)}${"</array>".repeat(5000)}</plist>`);
    expectInvalid(await inspectBytes(ipa([], deep), "deep.ipa", "ios"), /nested too deeply/);
  });

  it("a binary plist that references itself", async () => {
    const cyclic = bplist([[0xa1, 0]]);
    expectInvalid(await inspectBytes(ipa([], cyclic), "cycle.ipa", "ios"), /reference cycle/);
  });

  it("a binary plist whose shared references expand exponentially", async () => {
    // object k = [k+1, k+1]: 2^40 nodes when expanded.
    const objects = Array.from({ length: 40 }, (_, k) => [0xa2, k + 1, k + 1]);
    objects.push([0x50]);
    expectInvalid(await inspectBytes(ipa([], bplist(objects)), "dag.ipa", "ios"), /too many objects/);
  });

  it("custom XML entities are never expanded: a DOCTYPE that declares any is refused", async () => {
    const laughs = Buffer.from(
      `<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
        `<plist><dict><key>CFBundleIdentifier</key><string>com.example.x</string><key>CFBundleName</key><string>&b;</string>` +
        `<key>CFBundleVersion</key><string>1</string></dict></plist>`,
    );
    expectInvalid(await inspectBytes(ipa([], laughs), "laughs.ipa", "ios"), /^XML declares entities in its DOCTYPE/);
    const apple = Buffer.from(`<?xml version="1.0"?><!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">${INFO_PLIST.toString().slice(21)}`);
    expect(factsOf(await inspectBytes(ipa([], apple), "apple.ipa", "ios"), "ipa").bundleId).toBe("com.example.x");
  });

  it("a million declarations in a 4 MB plist are skipped in linear time (was 20 s)", async () => {
    const declarations = Buffer.from(
      `<?xml version="1.0"?><plist>${"<!a>".repeat(1_000_000)}<dict><key>CFBundleIdentifier</key><string>com.example.x</string><key>CFBundleVersion</key><string>7</string></dict></plist>`,
    );
    const started = performance.now();
    const result = await inspectBytes(ipa([], declarations), "declarations.ipa", "ios");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(factsOf(result, "ipa").bundleId).toBe("com.example.x");
  });

  it("an embedded.mobileprovision that cannot be read (iOS would refuse the app)", async () => {
    const broken = Buffer.from('0\x80<?xml version="1.0"?><plist><dict><key>Name</key><integer>x</integer></dict></plist>');
    expectInvalid(await inspectBytes(ipa([{ name: "Payload/X.app/embedded.mobileprovision", data: broken }]), "profile.ipa", "ios"), /^embedded\.mobileprovision could not be read: bad plist integer/);
  });
});

describe("corrupt and unknown input", () => {
  it.each([
    ["empty", Buffer.alloc(0)],
    ["text", Buffer.from("hello world, definitely not an app\n")],
    ["random", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))],
    ["plain ELF", Buffer.concat([Buffer.from("7f454c46020101", "hex"), Buffer.alloc(200)])],
    ["a static library ar", Buffer.concat([Buffer.from("!<arch>\n"), Buffer.alloc(100, 0x20)])],
  ])("%s → unrecognised file format", async (_label, data) => {
    const result = await inspectBytes(data, "thing.bin", "linux");
    expect(result).toMatchObject({ kind: "unknown", status: "invalid", reasons: ["unrecognised file format"], warnings: [] });
  });

  it("a corrupt binary AndroidManifest.xml", async () => {
    const zip = buildZip([{ name: "AndroidManifest.xml", data: Buffer.concat([Buffer.from([3, 0, 8, 0, 0xff, 0xff, 0, 0]), Buffer.alloc(64, 0xab)]) }]);
    expectInvalid(await inspectBytes(zip, "bad.apk", "android_apk"), /AndroidManifest\.xml/);
  });

  it.each([24, 26, 100])("a PE whose headers end %i bytes after the signature", async (length) => {
    const exe = Buffer.alloc(64 + length);
    exe.write("MZ", 0, "latin1");
    exe.writeUInt32LE(64, 0x3c);
    exe.write("PE\0\0", 64, "latin1");
    if (length >= 26) exe.writeUInt16LE(0x10b, 64 + 24);
    expectInvalid(await inspectBytes(exe, "short.exe", "windows"), /^truncated file: the PE optional header is cut short$/);
  });

  it("an AppImage whose ELF claims a 983 MB section header table (read whole, it was allocated whole)", async () => {
    const elf = Buffer.alloc(64);
    Buffer.from("7f454c460201010041490200", "hex").copy(elf);
    elf.writeUInt16LE(2, 16);
    elf.writeUInt16LE(0x3e, 18);
    elf.writeBigUInt64LE(64n, 0x28); // e_shoff
    elf.writeUInt16LE(0xffff, 0x3a); // e_shentsize
    elf.writeUInt16LE(15_000, 0x3c); // e_shnum
    const file = tmp.write("huge-sections.AppImage", elf);
    truncateSync(file, 1024 * 1024 * 1024); // sparse: no disk blocks
    const result = await inspectArtifact({ path: file }, { platform: "linux", filename: "huge-sections.AppImage" });
    expectInvalid(result, /^ELF section header table is too large \(983025000 bytes\)$/);
  });

  it("an IPA without a top-level bundle (only a nested app extension)", async () => {
    const zip = buildZip([{ name: "Payload/X.app/PlugIns/E.appex/Info.plist", data: INFO_PLIST }]);
    expectInvalid(await inspectBytes(zip, "nested.ipa", "ios"), /no Payload\/\*\.app\/Info\.plist in the IPA/);
  });

  it("a deb whose control.tar.gz inflates beyond its cap", async () => {
    const control = gzipSync(buildTar([{ name: "./control", data: Buffer.alloc(17 * 1024 * 1024, 0x41) }]));
    const deb = buildAr([
      { name: "debian-binary", data: Buffer.from("2.0\n") },
      { name: "control.tar.gz", data: control },
      { name: "data.tar.gz", data: gzipSync(buildTar([])) },
    ]);
    expectInvalid(await inspectBytes(deb, "bomb.deb", "linux"), /decompressed data exceeds the limit/);
  });

  it("a deb whose control.tar.zst declares a 2 GiB window", async () => {
    const frame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x01, 0x00, 0x00]);
    const deb = buildAr([
      { name: "debian-binary", data: Buffer.from("2.0\n") },
      { name: "control.tar.zst", data: frame },
      { name: "data.tar.gz", data: gzipSync(buildTar([])) },
    ]);
    expectInvalid(await inspectBytes(deb, "window.deb", "linux"), /zstd frame declares a window beyond the limit/);
  });

  it("an MSI whose directory chain loops", async () => {
    const msi = Buffer.from(readFileSync(fixture("windows/hello-fixture-1.2.3.msi")));
    const sectorSize = 1 << msi.readUInt16LE(30);
    const dirStart = msi.readUInt32LE(48);
    const fatSector = msi.readUInt32LE(76);
    msi.writeUInt32LE(dirStart, (fatSector + 1) * sectorSize + dirStart * 4); // FAT[dir] = dir
    expectInvalid(await inspectBytes(msi, "loop.msi", "windows"), /compound file: FAT loop/);
  });
});

describe("names and platforms that contradict the content", () => {
  it("an APK named .ipa", async () => {
    const result = await inspectArtifact({ path: fixture("android/hello.apk") }, { platform: "ios", filename: "hello.ipa" });
    expect(result.kind).toBe("apk");
    expect(result.reasons).toEqual(["file content is apk but the name ends in .ipa", "apk artifacts do not belong to platform ios"]);
    expect(factsOf(result, "apk").packageName).toBe("com.example.hello");
  });

  it("a deb named .rpm", async () => {
    const result = await inspectArtifact({ path: fixture("linux/hello_2.10-3_amd64.deb") }, { platform: "linux", filename: "hello.rpm" });
    expect(result).toMatchObject({ kind: "deb", status: "invalid", reasons: ["file content is deb but the name ends in .rpm"] });
  });

  it("an MSI uploaded for macOS", async () => {
    const result = await inspectArtifact({ path: fixture("windows/hello-fixture-1.2.3.msi") }, { platform: "macos", filename: "x.msi" });
    expect(result.reasons).toEqual(["msi artifacts do not belong to platform macos"]);
  });

  it("a .ipa that is not a zip at all", async () => {
    const copy = path.join(tmp.dir, "fake.ipa");
    copyFileSync(fixture("linux/hello-fixture-1.2.3-42.x86_64.rpm"), copy);
    const result = await inspectArtifact({ path: copy }, { platform: "ios", filename: "fake.ipa" });
    expect(result).toMatchObject({ kind: "rpm", status: "invalid" });
    expect(result.reasons[0]).toBe("file content is rpm but the name ends in .ipa");
  });
});

const ARTIFACTS = FIXTURE_ARTIFACTS;

describe("truncated fixtures", () => {
  it.each(ARTIFACTS)("%s cut at 0, 100 and 600 bytes, at half and at nine tenths is invalid", async (file, platform) => {
    const bytes = readFileSync(fixture(file));
    for (const length of [0, 100, 600, Math.floor(bytes.length / 2), Math.floor(bytes.length * 0.9)]) {
      const result = await inspectBytes(bytes.subarray(0, length), path.basename(file), platform);
      expect(result.status, `${file} cut at ${length}: ${JSON.stringify(result.metadata)}`).toBe("invalid");
      expect(result.reasons.length).toBeGreaterThan(0);
    }
  });
});

describe("randomly corrupted fixtures", () => {
  it.each(ARTIFACTS)("%s with flipped bytes never throws", async (file, platform) => {
    const original = readFileSync(fixture(file));
    let seed = original.length;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let round = 0; round < 25; round++) {
      const bytes = Buffer.from(original);
      for (let k = 0; k < 8; k++) bytes[random() % bytes.length] = random() & 0xff;
      const result = await inspectBytes(bytes, path.basename(file), platform);
      expect(["valid", "invalid"]).toContain(result.status);
      expect(result.status === "invalid").toBe(result.reasons.length > 0);
      expect(() => JSON.stringify(result.metadata)).not.toThrow();
    }
  });
});

describe("well-formed but minimal packages", () => {
  it("a deb with a gzip control member", async () => {
    const deb = buildAr([
      { name: "debian-binary", data: Buffer.from("2.0\n") },
      { name: "control.tar.gz", data: controlTarGz("Package: tiny\nVersion: 0.1\nArchitecture: all\nDescription: tiny\n more\n") },
      { name: "data.tar.gz", data: gzipSync(buildTar([])) },
    ]);
    const result = await inspectBytes(deb, "tiny.deb", "linux");
    expect(result).toMatchObject({ kind: "deb", status: "valid", metadata: { package: "tiny", version: "0.1", architecture: "all", description: "tiny" } });
  });

  it("a zlib stream is not mistaken for anything", async () => {
    expect((await inspectBytes(deflateSync(Buffer.alloc(1000)), "x.bin", "linux")).reasons).toEqual(["unrecognised file format"]);
  });
});
