// The hostile corpus of issue 10, generated on the fly (nothing committed): bombs, broken zips,
// traversal names, hostile property lists and manifests, garbage with the right magic. Every input
// is a file that a careless parser would crash on, hang on, balloon on, write outside its directory
// with, or wave through; a correct inspector calls each one invalid with a reason.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Platform } from "@/domain/platform";
import { bplist, fixture, fixtureEntry } from "./inspect-fixtures";
import { buildZip, type ZipWriterEntry } from "./inspect-zip-writer";
import { deflatedEntry, opaqueExtraField, patchEocd, rawZip, type RawZipEntry, storedEntry, streamedDeflate } from "./hostile-zip";

export interface HostileInput {
  /** What the input attacks, for test names and failure messages. */
  label: string;
  filename: string;
  platform: Platform;
  file: string;
  /** What the refusal must say (the inspector's reason for this attack, not an incidental one). */
  reason: RegExp;
}

/** The registered identity the corpus pretends to be (so a refusal never comes from the bundle id alone). */
export const CORPUS_BUNDLE_ID = "com.example.hello";

/** mulberry32: seeded bytes, so a garbage file is the same in every run. */
export function seededBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 4) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes.writeUInt32LE((t ^ (t >>> 14)) >>> 0, i < length - 3 ? i : length - 4);
  }
  return bytes;
}

/** An XML Info.plist declaring the corpus identity, version 1.2.3 (42); `extra` goes inside the dict. */
export function infoPlistXml(extra = "", doctype = ""): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>${doctype}<plist version="1.0"><dict>` +
      `<key>CFBundleIdentifier</key><string>${CORPUS_BUNDLE_ID}</string>` +
      "<key>CFBundleShortVersionString</key><string>1.2.3</string><key>CFBundleVersion</key><string>42</string>" +
      `${extra}</dict></plist>`,
  );
}

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

/**
 * Writes the corpus into `dir` and lists it. `canary` is the base name every traversal entry aims
 * at: after the run, no file of that name may exist anywhere (the caller checks).
 */
export async function writeHostileCorpus(dir: string, canary: string): Promise<HostileInput[]> {
  const inputs: HostileInput[] = [];
  let reason = /./;
  /** The reason every input added after this call must be refused for. */
  const refusedFor = (expected: RegExp) => {
    reason = expected;
  };
  const add = (label: string, filename: string, platform: Platform, bytes: Buffer) => {
    const file = path.join(dir, filename);
    writeFileSync(file, bytes);
    inputs.push({ label, filename, platform, file, reason });
  };
  const apk = readFileSync(fixture("android/hello.apk"));
  const ipa = readFileSync(fixture("ios/Hello.ipa"));
  const manifest = await fixtureEntry("android/hello.apk", "AndroidManifest.xml");
  const arsc = await fixtureEntry("android/hello.apk", "resources.arsc");
  const infoPlist = await fixtureEntry("ios/Hello.ipa", "Payload/Hello.app/Info.plist");
  const profile = readFileSync(fixture("ios/embedded.mobileprovision"));
  const icon = readFileSync(fixture("ios/AppIcon60x60@3x.png"));
  const apkWith = (entries: RawZipEntry[]) => rawZip([deflatedEntry("AndroidManifest.xml", manifest), deflatedEntry("resources.arsc", arsc), ...entries]);
  const ipaEntries = (info: RawZipEntry, more: RawZipEntry[] = [deflatedEntry("Payload/Hello.app/embedded.mobileprovision", profile)]) => [
    info,
    ...more,
    storedEntry("Payload/Hello.app/AppIcon60x60@3x.png", icon),
  ];
  const ipaWithInfo = (info: Buffer) => rawZip(ipaEntries(deflatedEntry("Payload/Hello.app/Info.plist", info))).bytes;
  const ipaWithProfile = (bytes: Buffer) =>
    rawZip(ipaEntries(deflatedEntry("Payload/Hello.app/Info.plist", infoPlistXml()), [deflatedEntry("Payload/Hello.app/embedded.mobileprovision", bytes)])).bytes;

  // Deflate bombs: 1 GiB of zeros in ~1 MB, in the entries each inspector must read. Honest headers
  // (refused before inflating) and lying ones (small declared size: the inflate must stop early).
  const zeros = await streamedDeflate(Buffer.alloc(0), Buffer.alloc(16 * MiB), GiB / (16 * MiB), Buffer.alloc(0));
  refusedFor(/is too large \(1073741824 bytes|zip bomb suspected|too many bytes in the stream/);
  const bomb = (name: string): RawZipEntry => ({ name, stored: zeros.stored, method: 8, crc: zeros.crc, uncompressedSize: zeros.size });
  add("deflate bomb: 1 GiB AndroidManifest.xml", "bomb-manifest.apk", "android_apk", rawZip([bomb("AndroidManifest.xml"), deflatedEntry("resources.arsc", arsc)]).bytes);
  add(
    "deflate bomb: AndroidManifest.xml declares 2 KB, inflates to 1 GiB",
    "bomb-manifest-lying.apk",
    "android_apk",
    rawZip([bomb("AndroidManifest.xml")], { declaredSizes: { "AndroidManifest.xml": manifest.length } }).bytes,
  );
  add("deflate bomb: 1 GiB resources.arsc", "bomb-arsc.apk", "android_apk", rawZip([deflatedEntry("AndroidManifest.xml", manifest), bomb("resources.arsc")]).bytes);
  add("deflate bomb: 1 GiB Info.plist", "bomb-info.ipa", "ios", rawZip(ipaEntries(bomb("Payload/Hello.app/Info.plist"))).bytes);
  add(
    "deflate bomb: Info.plist declares 788 bytes, inflates to 1 GiB",
    "bomb-info-lying.ipa",
    "ios",
    rawZip(ipaEntries(bomb("Payload/Hello.app/Info.plist")), { declaredSizes: { "Payload/Hello.app/Info.plist": 788 } }).bytes,
  );
  add(
    "deflate bomb: 1 GiB embedded.mobileprovision",
    "bomb-profile.ipa",
    "ios",
    rawZip(ipaEntries(deflatedEntry("Payload/Hello.app/Info.plist", infoPlist), [bomb("Payload/Hello.app/embedded.mobileprovision")])).bytes,
  );
  {
    // Overlapping bomb (Fifield): 400 directory records share one 1 GiB kernel: 400 GiB declared in ~1 MB.
    const entries = [deflatedEntry("Payload/Hello.app/Info.plist", infoPlist), bomb("Payload/Hello.app/kernel")];
    const central = [{ name: entries[0]?.name ?? "", local: 0 }, ...Array.from({ length: 400 }, (_, i) => ({ name: `Payload/Hello.app/k${i}`, local: 1 }))];
    add("overlapping deflate bomb: 400 entries share one 1 GiB kernel", "bomb-overlap.ipa", "ios", rawZip(entries, { central }).bytes);
  }

  // Entry counts: 100k (under the cap: every record is read; no manifest among them) and past the
  // 200k cap. ZIP64 end records, as real tools write past 65,535 entries.
  const many = (count: number, first: ZipWriterEntry[] = []) =>
    buildZip([...first, ...Array.from({ length: count - first.length }, (_, i) => ({ name: `f/${i.toString(36)}`, method: "store" as const }))], { zip64: true });
  refusedFor(/no AndroidManifest\.xml in the APK/);
  add("100k-entry zip without a manifest", "many-100k.apk", "android_apk", many(100_000));
  refusedFor(/reference cycle/);
  add("100k-entry IPA whose Info.plist is cyclic", "many-100k.ipa", "ios", many(100_000, [{ name: "Payload/Hello.app/Info.plist", data: bplist([[0xa1, 0]]) }]));
  refusedFor(/no AndroidManifest\.xml in the APK/);
  {
    // 1,000 directory records with a 60 KB extra field each: 60 MB of directory that must not stay in memory.
    const empty = storedEntry("", Buffer.alloc(0));
    const entries = Array.from({ length: 1000 }, (_, i) => ({ ...empty, name: `f/${i}` }));
    add("60 MB central directory (1,000 records with 60 KB extra fields)", "fat-directory.apk", "android_apk", rawZip(entries, { centralExtra: opaqueExtraField(60_000) }).bytes);
  }
  refusedFor(/too many zip entries \(200001; limit 200000\)/);
  add("200,001-entry zip (past the entry cap)", "many-200k.apk", "android_apk", many(200_001, [{ name: "AndroidManifest.xml", data: manifest }]));

  // Nested zips: an APK/IPA whose content is another archive.
  refusedFor(/no Payload\/\*\.app\/Info\.plist|not Android binary XML/);
  add("nested zip: an IPA holding only another IPA", "nested.ipa", "ios", buildZip([{ name: "Payload/inner.ipa", data: ipa }]));
  add(
    "nested zip: AndroidManifest.xml is itself a zip",
    "nested-manifest.apk",
    "android_apk",
    buildZip([
      { name: "AndroidManifest.xml", data: apk },
      { name: "resources.arsc", data: arsc },
    ]),
  );

  // Overlapping central directories.
  refusedFor(/zip entries overlap/);
  {
    const entries = [deflatedEntry("AndroidManifest.xml", manifest), deflatedEntry("resources.arsc", arsc)];
    const central = [
      { name: "AndroidManifest.xml", local: 0 },
      { name: "resources.arsc", local: 0 },
      { name: "classes.dex", local: 0 },
    ];
    add("overlapping central directory: three records share one local header", "overlap-same-header.apk", "android_apk", rawZip(entries, { central }).bytes);
    // resources.arsc's stored data holds the manifest's local header and data; the directory points into it.
    const inner = rawZip([deflatedEntry("AndroidManifest.xml", manifest)]);
    const innerBytes = inner.bytes.subarray(0, inner.cdOffset);
    const outer = [storedEntry("resources.arsc", innerBytes)];
    const nameLength = Buffer.byteLength("resources.arsc");
    add(
      "overlapping entries: AndroidManifest.xml lies inside resources.arsc",
      "overlap-nested-entry.apk",
      "android_apk",
      rawZip(outer, {
        central: [
          { name: "resources.arsc", local: 0 },
          { name: "AndroidManifest.xml", local: 0, offset: 30 + nameLength },
        ],
      }).bytes,
    );
  }

  // Bad end of central directory records.
  refusedFor(/zip|Info\.plist/);
  {
    const good = apkWith([]);
    add("bad EOCD: central directory offset past the end", "eocd-offset.apk", "android_apk", patchEocd(good, { cdOffset: good.bytes.length + 1000 }));
    add("bad EOCD: central directory offset 0 (inside the first entry)", "eocd-offset-zero.apk", "android_apk", patchEocd(good, { cdOffset: 0 }));
    add("bad EOCD: entry count larger than the directory", "eocd-count.apk", "android_apk", patchEocd(good, { entries: 500 }));
    add("bad EOCD: comment length past the end of the file", "eocd-comment.apk", "android_apk", patchEocd(good, { commentLength: 0xffff }));
    const goodIpa = rawZip(ipaEntries(deflatedEntry("Payload/Hello.app/Info.plist", infoPlist)));
    add("bad EOCD: IPA whose count says zero entries", "eocd-zero.ipa", "ios", patchEocd(goodIpa, { entries: 0, cdSize: 0 }));
  }

  // Traversal and absolute entry names, aimed at the canary name.
  const traversal: [string, string, Platform, string][] = [
    ["traversal: ../../ entry in an IPA", "traversal-dotdot.ipa", "ios", `../../${canary}`],
    ["traversal: deep ../ entry in an IPA", "traversal-deep.ipa", "ios", `Payload/Hello.app/${"../".repeat(12)}tmp/${canary}`],
    ["traversal: absolute /tmp entry in an APK", "traversal-absolute.apk", "android_apk", `/tmp/${canary}`],
    ["traversal: backslash ..\\ entry in an APK", "traversal-backslash.apk", "android_apk", `..\\..\\${canary}`],
    ["traversal: drive letter entry in an APK", "traversal-drive.apk", "android_apk", `C:/tmp/${canary}`],
  ];
  refusedFor(/unsafe entry name in zip archive/);
  for (const [label, filename, platform, name] of traversal) {
    const base = platform === "ios" ? ipaEntries(deflatedEntry("Payload/Hello.app/Info.plist", infoPlist)) : [deflatedEntry("AndroidManifest.xml", manifest), deflatedEntry("resources.arsc", arsc)];
    add(label, filename, platform, rawZip([...base, storedEntry(name, Buffer.from("canary"))]).bytes);
  }

  // Truncated real fixtures.
  refusedFor(/not a readable zip archive/);
  add("truncated APK: first half", "truncated-half.apk", "android_apk", apk.subarray(0, apk.length >> 1));
  add("truncated APK: last 10 bytes cut (EOCD torn)", "truncated-tail.apk", "android_apk", apk.subarray(0, apk.length - 10));
  add("truncated IPA: first half", "truncated-half.ipa", "ios", ipa.subarray(0, ipa.length >> 1));
  add("truncated IPA: 30 bytes (one local header)", "truncated-header.ipa", "ios", ipa.subarray(0, 30));

  // Malformed binary AndroidManifest.xml.
  refusedFor(/^AndroidManifest\.xml: /);
  {
    const axml = (bytes: Buffer) => rawZip([deflatedEntry("AndroidManifest.xml", bytes), deflatedEntry("resources.arsc", arsc)]).bytes;
    const zeroChunk = Buffer.from(manifest);
    zeroChunk.writeUInt32LE(0, 12); // the string pool chunk claims size 0
    add("binary AndroidManifest.xml: a chunk of size 0", "axml-zero-chunk.apk", "android_apk", axml(zeroChunk));
    const hugePool = Buffer.from(manifest);
    hugePool.writeUInt32LE(0x7fffffff, 16); // string count
    add("binary AndroidManifest.xml: string pool claims 2^31 strings", "axml-huge-pool.apk", "android_apk", axml(hugePool));
    const badOffsets = Buffer.from(manifest);
    for (let at = 36; at < 36 + 4 * 20 && at + 4 <= badOffsets.length; at += 4) badOffsets.writeUInt32LE(0xfffffff0, at);
    add("binary AndroidManifest.xml: string offsets past the pool", "axml-bad-offsets.apk", "android_apk", axml(badOffsets));
    add(
      "binary AndroidManifest.xml: header then random bytes",
      "axml-random.apk",
      "android_apk",
      axml(Buffer.concat([Buffer.from([3, 0, 8, 0]), Buffer.from([0, 0, 1, 0]), seededBytes(7, 64 * 1024)])),
    );
    const unbalanced = Buffer.concat([Buffer.from([3, 0, 8, 0, 24, 0, 0, 0]), Buffer.from([3, 1, 16, 0, 16, 0, 0, 0]), Buffer.alloc(8)]);
    add("binary AndroidManifest.xml: an end element with no start", "axml-unbalanced.apk", "android_apk", axml(unbalanced));
    add("AndroidManifest.xml in text XML, not compiled", "axml-text.apk", "android_apk", axml(Buffer.from(`<?xml version="1.0"?><manifest package="${CORPUS_BUNDLE_ID}" android:versionCode="42"/>`)));
  }

  // A 200 MB Info.plist: deflated it is ~200 KB; honest and lying headers.
  refusedFor(/Info\.plist is too large \(209715\d+ bytes|too many bytes in the stream/);
  {
    const prefix = Buffer.from(
      `<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>${CORPUS_BUNDLE_ID}</string><key>CFBundleVersion</key><string>42</string><key>Pad</key><string>`,
    );
    const big = await streamedDeflate(prefix, Buffer.alloc(MiB, 0x41), 200, Buffer.from("</string></dict></plist>"));
    const entry: RawZipEntry = { name: "Payload/Hello.app/Info.plist", stored: big.stored, method: 8, crc: big.crc, uncompressedSize: big.size };
    add("200 MB Info.plist", "huge-info.ipa", "ios", rawZip(ipaEntries(entry)).bytes);
    add("200 MB Info.plist declaring 4 KB", "huge-info-lying.ipa", "ios", rawZip(ipaEntries(entry), { declaredSizes: { [entry.name]: 4096 } }).bytes);
  }

  // Hostile XML property lists.
  {
    refusedFor(/XML declares entities in its DOCTYPE/);
    const lol = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join("");
    const laughs = `<!DOCTYPE plist [<!ENTITY lol0 "lol">${lol}]>`;
    add("billion laughs: entity expansion in Info.plist", "laughs.ipa", "ios", ipaWithInfo(infoPlistXml("<key>CFBundleDisplayName</key><string>&lol9;</string>", laughs)));
    add(
      "external entity (XXE) in Info.plist",
      "xxe.ipa",
      "ios",
      ipaWithInfo(infoPlistXml("<key>CFBundleDisplayName</key><string>&xxe;</string>", '<!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')),
    );
    const depth = 200_000;
    refusedFor(/nested too deeply|is too large/);
    add("200k-deep XML plist", "deep.ipa", "ios", ipaWithInfo(infoPlistXml(`<key>Deep</key>${"<array>".repeat(depth)}${"</array>".repeat(depth)}`)));
    add("200k-deep dicts in Info.plist", "deep-dict.ipa", "ios", ipaWithInfo(infoPlistXml(`${"<key>k</key><dict>".repeat(depth)}${"</dict>".repeat(depth)}`)));
    add("XML plist with 1M sibling elements", "wide.ipa", "ios", ipaWithInfo(infoPlistXml(`<key>Wide</key><array>${"<true/>".repeat(1_000_000)}</array>`)));
  }

  // Hostile binary property lists.
  {
    refusedFor(/reference cycle/);
    add("cyclic binary plist: an array that contains itself", "bplist-cycle.ipa", "ios", ipaWithInfo(bplist([[0xa1, 0]])));
    add(
      "cyclic binary plist: a dict whose value is the dict",
      "bplist-dict-cycle.ipa",
      "ios",
      ipaWithInfo(
        bplist([
          [0xd1, 1, 0],
          [0x51, 0x6b],
        ]),
      ),
    );
    refusedFor(/too many objects|out of range/);
    const dag = Array.from({ length: 40 }, (_, k) => [0xa2, k + 1, k + 1]);
    dag.push([0x50]);
    add("binary plist whose shared references expand to 2^40 objects", "bplist-dag.ipa", "ios", ipaWithInfo(bplist(dag)));
    const lying = bplist([[0x50]]);
    lying.writeBigUInt64BE(2n ** 40n, lying.length - 24); // trailer: object count
    add("binary plist trailer claims 2^40 objects", "bplist-count.ipa", "ios", ipaWithInfo(lying));
    // Just under the 4 MB plist cap: a dict whose one value is an array of 900k references.
    const count = 900_000;
    const refSize = 4;
    const head = Buffer.from([0xd1, 0, 0, 0, 1, 0, 0, 0, 2]); // dict {obj1: obj2}, 4-byte refs
    const arrayHeader = Buffer.alloc(6 + count * refSize);
    arrayHeader.writeUInt8(0xaf, 0);
    arrayHeader.writeUInt8(0x12, 1);
    arrayHeader.writeUInt32BE(count, 2);
    for (let i = 0; i < count; i++) arrayHeader.writeUInt32BE(3, 6 + i * refSize);
    const objects = [head, Buffer.from([0x53, 0x4b, 0x65, 0x79]), arrayHeader, Buffer.from([0x51, 0x78])];
    const offsets: number[] = [];
    let at = 8;
    for (const o of objects) {
      offsets.push(at);
      at += o.length;
    }
    const table = Buffer.alloc(offsets.length * 4);
    for (const [i, o] of offsets.entries()) table.writeUInt32BE(o, i * 4);
    const trailer = Buffer.alloc(32);
    trailer[6] = 4;
    trailer[7] = refSize;
    trailer.writeBigUInt64BE(BigInt(objects.length), 8);
    trailer.writeBigUInt64BE(0n, 16);
    trailer.writeBigUInt64BE(BigInt(at), 24);
    const huge = Buffer.concat([Buffer.from("bplist00"), ...objects, table, trailer]);
    add("huge binary plist: 3.6 MB, 900k references", "bplist-huge.ipa", "ios", ipaWithInfo(huge));
  }

  // Malformed provisioning profiles in an otherwise acceptable IPA.
  refusedFor(/^embedded\.mobileprovision could not be read: /);
  {
    add("mobileprovision: random garbage", "profile-garbage.ipa", "ios", ipaWithProfile(seededBytes(11, 4096)));
    const derHead = Buffer.from([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80]);
    add(
      "mobileprovision: a CMS whose plist never closes",
      "profile-open-plist.ipa",
      "ios",
      ipaWithProfile(Buffer.concat([derHead, Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>Name</key><string>x'), seededBytes(12, 2048)])),
    );
    add(
      "mobileprovision: a CMS with a broken plist inside",
      "profile-broken-plist.ipa",
      "ios",
      ipaWithProfile(Buffer.concat([derHead, Buffer.from('<?xml version="1.0"?><plist version="1.0"><dict><key>Name</key><integer>x</integer><array></dict></plist>'), Buffer.alloc(64)])),
    );
    add(
      "mobileprovision: a CMS whose plist is 200k deep",
      "profile-deep.ipa",
      "ios",
      ipaWithProfile(Buffer.concat([derHead, Buffer.from(`<?xml version="1.0"?><plist>${"<array>".repeat(200_000)}${"</array>".repeat(200_000)}</plist>`)])),
    );
    add("mobileprovision: the real profile cut in half", "profile-truncated.ipa", "ios", ipaWithProfile(profile.subarray(0, profile.length >> 1)));
  }

  // Garbage with the right magic and extension: any reason will do.
  refusedFor(/./);
  {
    const garbage = (seed: number, magic: Buffer, at = 0, size = 256 * 1024) => {
      const bytes = seededBytes(seed, size);
      magic.copy(bytes, at);
      return bytes;
    };
    add("garbage deb (ar magic + debian-binary)", "garbage.deb", "linux", garbage(21, Buffer.from("!<arch>\ndebian-binary   ")));
    add("garbage rpm (lead magic)", "garbage.rpm", "linux", garbage(22, Buffer.from("edabeedb", "hex")));
    add("garbage exe (MZ)", "garbage.exe", "windows", garbage(23, Buffer.from("MZ")));
    add(
      "garbage exe (MZ + a PE header pointing at itself)",
      "garbage-pe.exe",
      "windows",
      (() => {
        const bytes = garbage(24, Buffer.from("MZ"));
        bytes.writeUInt32LE(0x40, 0x3c);
        bytes.write("PE\0\0", 0x40, "latin1");
        return bytes;
      })(),
    );
    add("garbage msi (compound file magic)", "garbage.msi", "windows", garbage(25, Buffer.from("d0cf11e0a1b11ae1", "hex")));
    add("garbage AppImage (ELF + AI type 2)", "garbage.AppImage", "linux", garbage(26, Buffer.from("7f454c460201010041490200", "hex")));
    add(
      "garbage dmg (UDIF koly trailer)",
      "garbage-udif.dmg",
      "macos",
      (() => {
        const bytes = seededBytes(27, 256 * 1024);
        bytes.write("koly", bytes.length - 512, "latin1");
        return bytes;
      })(),
    );
    add("garbage dmg (HFS+ signature)", "garbage-hfs.dmg", "macos", garbage(28, Buffer.from("H+"), 1024));
  }

  // MSIX manifests with a DOCTYPE.
  refusedFor(/XML declares entities in its DOCTYPE/);
  {
    const msix = (xml: string) =>
      buildZip([
        { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
        { name: "AppxManifest.xml", data: Buffer.from(xml) },
      ]);
    const identity = (name: string) =>
      `<Package xmlns="http://schemas.microsoft.com/appx/manifest/foundation/windows10"><Identity Name="${name}" Publisher="CN=Fixture" Version="1.2.3.0" ProcessorArchitecture="x64"/>` +
      "<Properties><DisplayName>Hello</DisplayName></Properties></Package>";
    add("msix: XXE DOCTYPE in AppxManifest.xml", "xxe.msix", "windows", msix(`<?xml version="1.0"?><!DOCTYPE Package [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${identity("&xxe;")}`));
    add(
      "msix: parameter-entity XXE (out-of-band) in AppxManifest.xml",
      "xxe-parameter.msix",
      "windows",
      msix(`<?xml version="1.0"?><!DOCTYPE Package [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>${identity("Fixture.Hello")}`),
    );
    const lol = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join("");
    add("msix: billion laughs in AppxManifest.xml", "laughs.msix", "windows", msix(`<?xml version="1.0"?><!DOCTYPE Package [<!ENTITY lol0 "lol">${lol}]>${identity("&lol9;")}`));
  }
  return inputs;
}
