// Pure parsers behind src/server/inspect: plists, XML, profile rules, names, decompression caps.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decompress } from "@/server/inspect/decompress";
import { InspectError } from "@/server/inspect/errors";
import { parseXml } from "@/server/inspect/mini-xml";
import { profileType } from "@/server/inspect/mobileprovision";
import { decodeStreamName } from "@/server/inspect/msi";
import { parsePlist, type PlistDict } from "@/server/inspect/plist";
import { kindFromExtension } from "@/server/inspect/sniff";
import { DEFAULT_LIMITS } from "@/server/inspect/types";
import { bplist } from "../helpers/inspect-fixtures";

const limits = DEFAULT_LIMITS;

describe("XML property lists", () => {
  it("decodes every value type", () => {
    const xml = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
      <plist version="1.0"><dict>
        <!-- a comment -->
        <key>s</key><string>a &amp; b &#x263A; <![CDATA[<raw>]]></string>
        <key>i</key><integer>-42</integer>
        <key>r</key><real>1.5</real>
        <key>t</key><true/><key>f</key><false/>
        <key>d</key><date>2027-11-28T09:06:40Z</date>
        <key>b</key><data>aGVs
          bG8=</data>
        <key>a</key><array><integer>1</integer><dict/></array>
        <key>__proto__</key><string>just a key</string>
      </dict></plist>`);
    const value = parsePlist(xml, limits) as PlistDict;
    expect(value).toMatchObject({ s: "a & b \u263a <raw>", i: -42, r: 1.5, t: true, f: false, a: [1, {}] });
    expect((value.d as Date).toISOString()).toBe("2027-11-28T09:06:40.000Z");
    expect((value.b as Buffer).toString()).toBe("hello");
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("just a key");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["unbalanced", "<plist><dict></plist>"],
    ["unknown element", "<plist><dict><key>k</key><weird/></dict></plist>"],
    ["bad integer", "<plist><integer>12abc</integer></plist>"],
    ["not a plist", "<html></html>"],
  ])("rejects %s", (_label, xml) => {
    expect(() => parsePlist(Buffer.from(xml), limits)).toThrow(InspectError);
  });

  it("caps size, element count and depth", () => {
    expect(() => parsePlist(Buffer.alloc(limits.maxPlistBytes + 1, 0x20), limits)).toThrow(/too large/);
    expect(() => parsePlist(Buffer.from(`<plist><array>${"<true/>".repeat(50)}</array></plist>`), { ...limits, maxPlistObjects: 10 })).toThrow(/too many elements/);
    expect(() => parseXml(`${"<a>".repeat(100)}${"</a>".repeat(100)}`, { maxElements: 1000, maxDepth: 64 })).toThrow(/nested too deeply/);
  });
});

describe("binary property lists", () => {
  it("decodes dicts, strings (ASCII and UTF-16), ints, reals, booleans, dates and data", () => {
    const date = Buffer.alloc(8);
    date.writeDoubleBE(86_400); // 2001-01-02
    const objects = [
      [0xd6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], // dict of 6
      [0x51, 0x61], // "a"
      [0x51, 0x62],
      [0x51, 0x63],
      [0x51, 0x64],
      [0x51, 0x65],
      [0x51, 0x66],
      [0x62, 0x26, 0x3a, 0x00, 0x41], // UTF-16BE "☺A"
      [0x11, 0x01, 0x00], // 256
      [0x23, ...Buffer.from("3ff8000000000000", "hex")], // 1.5
      [0x09], // true
      [0x33, ...date],
      [0x43, 0x61, 0x62, 0x63], // data "abc"
    ];
    const value = parsePlist(bplist(objects), limits) as PlistDict;
    expect(value).toMatchObject({ a: "\u263aA", b: 256, c: 1.5, d: true });
    expect((value.e as Date).toISOString()).toBe("2001-01-02T00:00:00.000Z");
    expect((value.f as Buffer).toString()).toBe("abc");
  });

  it("rejects references out of range and a corrupt trailer", () => {
    expect(() => parsePlist(bplist([[0xa1, 9]]), limits)).toThrow(/out of range/);
    const corrupt = bplist([[0x09]]);
    corrupt[corrupt.length - 26] = 0;
    expect(() => parsePlist(corrupt, limits)).toThrow(InspectError);
  });
});

describe("provisioning profile types", () => {
  it.each([
    [{ ProvisionedDevices: ["u"], Entitlements: { "get-task-allow": true } }, "development"],
    [{ ProvisionedDevices: ["u"], Entitlements: { "get-task-allow": false } }, "ad-hoc"],
    [{ ProvisionedDevices: [] }, "ad-hoc"],
    [{ ProvisionsAllDevices: true }, "enterprise"],
    [{ Entitlements: { "get-task-allow": true } }, "app-store"],
    [{}, "app-store"],
  ])("%j → %s", (profile, type) => {
    expect(profileType(profile as PlistDict)).toBe(type);
  });
});

describe("file names and stream names", () => {
  it.each([
    ["Hello.IPA", "ipa"],
    ["Hello_Fixture-1.2.3-x86_64.AppImage", "appimage"],
    ["app.tar.gz", "tar"],
    ["Hello.msixbundle", "msix"],
    ["Squirrel-1.0-full.nupkg", "zip"],
    ["README", undefined],
    [".ipa", undefined],
  ])("%s → %s", (name, kind) => {
    expect(kindFromExtension(name)?.kind).toBe(kind);
  });

  it("decodes MSI's compressed stream names", () => {
    // The "_Tables" stream as Windows Installer stores it (the same code units Wine hard-codes).
    expect(decodeStreamName("\u4840\u3f7f\u4164\u422f\u4836")).toBe("!_Tables");
    expect(decodeStreamName("\u0005SummaryInformation")).toBe("\u0005SummaryInformation");
  });
});

describe("bounded decompression", () => {
  it("refuses output beyond the cap", async () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024));
    await expect(decompress(bomb, "gzip", 1024 * 1024)).rejects.toThrow(/exceeds the limit of 1048576 bytes/);
    expect((await decompress(bomb, "gzip", 4 * 1024 * 1024)).length).toBe(2 * 1024 * 1024);
  });

  it("reads a zstd frame of raw blocks and rejects corrupt input", async () => {
    const payload = Buffer.from("hello zstd");
    // magic, frame header (single segment, 1-byte content size), one last raw block.
    const frame = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, payload.length]), Buffer.from([(payload.length << 3) | 1, 0, 0]), payload]);
    expect((await decompress(frame, "zstd", 1024)).toString()).toBe("hello zstd");
    await expect(decompress(frame.subarray(0, 8), "zstd", 1024)).rejects.toThrow(InspectError);
    await expect(decompress(Buffer.from("not xz at all"), "xz", 1024)).rejects.toThrow(InspectError);
  });
});
