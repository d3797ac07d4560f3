import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { buildInstallManifest, itmsServicesLink, type InstallManifestInput } from "@/domain/ios-manifest";

// A small plist reader on top of fast-xml-parser's ordered output: <dict> alternates <key> and a
// value, which the default (grouping) output cannot keep in order.
type PlistValue = string | boolean | number | PlistValue[] | { [key: string]: PlistValue };
type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
});

function tagOf(node: Node): string {
  const tag = Object.keys(node).find((k) => k !== ":@");
  if (!tag) throw new Error("node without a tag");
  return tag;
}

function children(node: Node): Node[] {
  return (node[tagOf(node)] as Node[]).filter((c) => !("#text" in c && String(c["#text"]).trim() === ""));
}

function text(node: Node): string {
  return (node[tagOf(node)] as Node[]).map((c) => String(c["#text"] ?? "")).join("");
}

function plistValue(node: Node): PlistValue {
  const tag = tagOf(node);
  switch (tag) {
    case "string":
      return text(node);
    case "integer":
      return Number(text(node));
    case "true":
    case "false":
      return tag === "true";
    case "array":
      return children(node).map(plistValue);
    case "dict": {
      const items = children(node);
      const out: Record<string, PlistValue> = {};
      for (let i = 0; i < items.length; i += 2) {
        const key = items[i]!;
        expect(tagOf(key)).toBe("key");
        out[text(key)] = plistValue(items[i + 1]!);
      }
      return out;
    }
    default:
      throw new Error(`unexpected plist element <${tag}>`);
  }
}

function readPlist(xml: string): PlistValue {
  expect(XMLValidator.validate(xml)).toBe(true);
  const root = (parser.parse(xml) as Node[]).find((n) => tagOf(n) === "plist");
  if (!root) throw new Error("no <plist> element");
  expect(root[":@"]?.["@_version"]).toBe("1.0");
  const [top, ...rest] = children(root);
  expect(rest).toEqual([]);
  return plistValue(top!);
}

const input: InstallManifestInput = {
  bundleId: "com.example.hello",
  bundleVersion: "1.2.3",
  title: "Hello Fixture",
  ipaUrl: "https://dist.example.com/d/abc123/Hello.ipa",
  displayImageUrl: "https://dist.example.com/d/abc123/icon-57.png",
  fullSizeImageUrl: "https://dist.example.com/d/abc123/icon-512.png",
};

describe("buildInstallManifest", () => {
  it("has the structure of the reference manifest", () => {
    const fixture = readFileSync(path.resolve(import.meta.dirname, "../../../shared/fixtures/ios/manifest-example.plist"), "utf8");
    expect(readPlist(buildInstallManifest(input))).toEqual(readPlist(fixture));
  });

  it("starts with the XML declaration and Apple's plist doctype", () => {
    const xml = buildInstallManifest(input);
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">'),
    ).toBe(true);
  });

  it("lists the software package first, then the images, and the metadata iOS needs", () => {
    const plist = readPlist(buildInstallManifest({ ...input, subtitle: "1.2.3 (42)" }));
    expect(plist).toEqual({
      items: [
        {
          assets: [
            { kind: "software-package", url: input.ipaUrl },
            { kind: "display-image", url: input.displayImageUrl },
            { kind: "full-size-image", url: input.fullSizeImageUrl },
          ],
          metadata: {
            "bundle-identifier": "com.example.hello",
            "bundle-version": "1.2.3",
            kind: "software",
            title: "Hello Fixture",
            subtitle: "1.2.3 (42)",
          },
        },
      ],
    });
  });

  it("leaves out the images and the subtitle when there are none", () => {
    const plist = readPlist(buildInstallManifest({ bundleId: "a.b", bundleVersion: "1", title: "T", ipaUrl: "https://h/a.ipa" }));
    expect(plist).toEqual({
      items: [{ assets: [{ kind: "software-package", url: "https://h/a.ipa" }], metadata: { "bundle-identifier": "a.b", "bundle-version": "1", kind: "software", title: "T" } }],
    });
  });

  it("lists only the image that is given", () => {
    const { displayImageUrl: _, ...rest } = input;
    const plist = readPlist(buildInstallManifest(rest)) as { items: { assets: { kind: string }[] }[] };
    expect(plist.items[0]!.assets.map((a) => a.kind)).toEqual(["software-package", "full-size-image"]);
  });

  it("escapes & < > \" ' in every string", () => {
    const hostile = `Tom & Jerry's <b>"Best"</b> ]]> App`;
    const url = `https://h/d/x/App.ipa?a=1&b=<2>&c="3"&d='4'`;
    const xml = buildInstallManifest({ ...input, title: hostile, subtitle: hostile, bundleId: hostile, bundleVersion: hostile, ipaUrl: url, displayImageUrl: url, fullSizeImageUrl: url });
    expect(xml).not.toContain("<b>");
    expect(xml).not.toContain("Tom & ");
    expect(xml).toContain("Tom &amp; Jerry&apos;s &lt;b&gt;&quot;Best&quot;&lt;/b&gt; ]]&gt; App");
    const plist = readPlist(xml) as { items: { assets: { url: string }[]; metadata: Record<string, string> }[] };
    const item = plist.items[0]!;
    expect(item.metadata.title).toBe(hostile);
    expect(item.metadata.subtitle).toBe(hostile);
    expect(item.metadata["bundle-identifier"]).toBe(hostile);
    expect(item.metadata["bundle-version"]).toBe(hostile);
    expect(item.assets.map((a) => a.url)).toEqual([url, url, url]);
  });

  it("keeps unicode and whitespace, and drops characters XML cannot carry", () => {
    const title = "  Café ☕ 日本語 😀\tTab\nLine  ";
    const plist = readPlist(buildInstallManifest({ ...input, title: `${title}\u0000\u0007\uFFFE\uD800` })) as { items: { metadata: Record<string, string> }[] };
    expect(plist.items[0]!.metadata.title).toBe(title);
  });
});

describe("itmsServicesLink", () => {
  it("builds the itms-services link with the manifest URL percent-encoded", () => {
    expect(itmsServicesLink("https://dist.example.com/i/tok/manifest.plist")).toBe("itms-services://?action=download-manifest&url=https%3A%2F%2Fdist.example.com%2Fi%2Ftok%2Fmanifest.plist");
  });

  it.each([
    "https://dist.example.com/i/abc/manifest.plist",
    "https://dist.example.com/manifest.plist?token=a+b/c=&platform=ios&x=%20y",
    "https://dist.example.com/i/Ünïcødé space/manifest.plist#frag",
  ])("round-trips %s through URL parsing", (manifestUrl) => {
    const link = new URL(itmsServicesLink(manifestUrl));
    expect(link.protocol).toBe("itms-services:");
    expect([...link.searchParams.keys()]).toEqual(["action", "url"]);
    expect(link.searchParams.get("action")).toBe("download-manifest");
    expect(link.searchParams.get("url")).toBe(manifestUrl);
    expect(link.hash).toBe("");
  });
});
