import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { buildAppcast, rfc2822Date, SPARKLE_NAMESPACE, type AppcastItem } from "@/domain/feeds/sparkle";

// What Sparkle 2 reads from an appcast (SUAppcast / SUAppcastItem): rss 2.0 > channel > item, each
// item with an <enclosure url length type>, sparkle:version, optional Sparkle elements, and
// sparkle:edSignature as a namespaced enclosure attribute.

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === "item",
});

type Attrs = Record<string, string>;
interface ParsedItem extends Record<string, unknown> {
  title: string;
  pubDate: string;
  "sparkle:version": string;
  "sparkle:shortVersionString": string;
  enclosure: Attrs;
}
interface Parsed {
  rss: Attrs & { channel: Record<string, unknown> & { item?: ParsedItem[] } };
}

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
}

function item(overrides: Partial<AppcastItem> = {}): AppcastItem {
  return {
    title: "Version 1.2.3",
    version: "42",
    shortVersionString: "1.2.3",
    pubDate: new Date("2026-11-28T15:00:00Z"),
    enclosure: { url: "https://dist.example.com/d/t/Acme-1.2.3.zip", length: 12_345_678, type: "application/octet-stream" },
    ...overrides,
  };
}

const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe("buildAppcast", () => {
  it("is an RSS 2.0 document with Sparkle's namespace and the channel's fields", () => {
    const xml = buildAppcast({ title: "Acme", link: "https://dist.example.com/acme", description: "Acme updates", language: "en", items: [item()] });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
    const { rss } = parse(xml);
    expect(rss["@_version"]).toBe("2.0");
    expect(rss["@_xmlns:sparkle"]).toBe(SPARKLE_NAMESPACE);
    expect(SPARKLE_NAMESPACE).toBe("http://www.andymatuschak.org/xml-namespaces/sparkle");
    expect(rss.channel.title).toBe("Acme");
    expect(rss.channel.link).toBe("https://dist.example.com/acme");
    expect(rss.channel.description).toBe("Acme updates");
    expect(rss.channel.language).toBe("en");
    expect(rss.channel.item).toHaveLength(1);
  });

  it("writes what Sparkle needs for each item", () => {
    const { rss } = parse(buildAppcast({ title: "Acme", link: "https://x", items: [item()] }));
    const it0 = rss.channel.item![0]!;
    expect(it0.title).toBe("Version 1.2.3");
    expect(it0["sparkle:version"]).toBe("42");
    expect(it0["sparkle:shortVersionString"]).toBe("1.2.3");
    expect(it0.pubDate).toBe("Sat, 28 Nov 2026 15:00:00 +0000");
    expect(it0.enclosure["@_url"]).toBe("https://dist.example.com/d/t/Acme-1.2.3.zip");
    expect(it0.enclosure["@_length"]).toBe("12345678");
    expect(it0.enclosure["@_type"]).toBe("application/octet-stream");
    // Sparkle 1 and WinSparkle read the versions from the enclosure.
    expect(it0.enclosure["@_sparkle:version"]).toBe("42");
    expect(it0.enclosure["@_sparkle:shortVersionString"]).toBe("1.2.3");
  });

  it("omits the optional elements when not given (no channel means the default channel)", () => {
    const xml = buildAppcast({ title: "Acme", link: "https://x", items: [item()] });
    for (const absent of ["sparkle:channel", "sparkle:minimumSystemVersion", "sparkle:criticalUpdate", "sparkle:phasedRolloutInterval", "<description>", "edSignature", "<language>"]) {
      expect(xml).not.toContain(absent);
    }
  });

  it("writes the optional Sparkle elements and a namespaced edSignature when given", () => {
    const signature = "Wm9vK2Jhci9iYXo9PQ+/xyz==";
    const xml = buildAppcast({
      title: "Acme",
      link: "https://x",
      items: [
        item({
          minimumSystemVersion: "12.0",
          channel: "beta",
          criticalUpdateBelowVersion: "40",
          phasedRolloutInterval: 86_400,
          releaseNotesHtml: "<h2>New</h2><ul><li>Faster</li></ul>",
          enclosure: { url: "https://x/a.zip", length: 1, type: "application/octet-stream", edSignature: signature },
        }),
      ],
    });
    const it0 = parse(xml).rss.channel.item![0]!;
    expect(it0["sparkle:minimumSystemVersion"]).toBe("12.0");
    expect(it0["sparkle:channel"]).toBe("beta");
    expect(it0["sparkle:criticalUpdate"]).toEqual({ "@_sparkle:version": "40" });
    expect(it0["sparkle:phasedRolloutInterval"]).toBe("86400");
    expect(it0.description).toBe("<h2>New</h2><ul><li>Faster</li></ul>");
    expect(it0.enclosure["@_sparkle:edSignature"]).toBe(signature);
    expect(xml).toContain(`sparkle:edSignature="${signature}"`);
    expect(xml).toContain("<description><![CDATA[<h2>New</h2>");
  });

  it('keeps a "]]>" in release notes from ending the CDATA section', () => {
    const notes = "a ]]> b ]]]]> c <script>alert(1)</script> ]]><![CDATA[ d ]]";
    const xml = buildAppcast({ title: "Acme", link: "https://x", items: [item({ releaseNotesHtml: notes })] });
    expect(parse(xml).rss.channel.item![0]!.description).toBe(notes);
    // Outside CDATA the notes would be markup; inside, no "<script>" ever appears as an element.
    const withCdataAsNode = new XMLParser({ cdataPropName: "#cdata", isArray: (n) => n === "item" || n === "#cdata" });
    const description = (withCdataAsNode.parse(xml) as { rss: { channel: { item: { description: { "#cdata": string[] } }[] } } }).rss.channel.item[0]!.description;
    expect(Object.keys(description)).toEqual(["#cdata"]);
    expect(description["#cdata"].join("")).toBe(notes);
  });

  it("escapes & < > \" ' in every text and attribute", () => {
    const hostile = `Tom & Jerry's <b>"Best"</b> ]]> --> <!--`;
    const url = `https://x/a.zip?a=1&b="2"&c='3'&d=<4>`;
    const xml = buildAppcast({
      title: hostile,
      link: url,
      description: hostile,
      language: hostile,
      items: [
        item({
          title: hostile,
          version: hostile,
          shortVersionString: hostile,
          minimumSystemVersion: hostile,
          channel: hostile,
          criticalUpdateBelowVersion: hostile,
          enclosure: { url, length: 5, type: hostile, edSignature: hostile },
        }),
      ],
    });
    expect(xml).not.toContain("<b>");
    const { rss } = parse(xml);
    expect(rss.channel.title).toBe(hostile);
    expect(rss.channel.link).toBe(url);
    expect(rss.channel.description).toBe(hostile);
    expect(rss.channel.language).toBe(hostile);
    const it0 = rss.channel.item![0]!;
    for (const key of ["title", "sparkle:version", "sparkle:shortVersionString", "sparkle:minimumSystemVersion", "sparkle:channel"]) {
      expect(it0[key]).toBe(hostile);
    }
    expect(it0["sparkle:criticalUpdate"]).toEqual({ "@_sparkle:version": hostile });
    expect(it0.enclosure).toMatchObject({ "@_url": url, "@_type": hostile, "@_sparkle:edSignature": hostile, "@_sparkle:version": hostile });
  });

  it("keeps unicode and drops characters XML cannot carry", () => {
    const xml = buildAppcast({ title: "Acme", link: "https://x", items: [item({ title: "Café 😀\u0000\u001B", releaseNotesHtml: "日本語\u0007 ok" })] });
    const it0 = parse(xml).rss.channel.item![0]!;
    expect(it0.title).toBe("Café 😀");
    expect(it0.description).toBe("日本語 ok");
  });

  it("lists items newest first, by date and then by build", () => {
    const items = [
      item({ version: "40", pubDate: new Date("2026-01-01T00:00:00Z") }),
      item({ version: "43", pubDate: new Date("2026-03-01T00:00:00Z") }),
      item({ version: "9", pubDate: new Date("2026-02-01T00:00:00Z") }),
      item({ version: "10", pubDate: new Date("2026-02-01T00:00:00Z") }),
    ];
    const { rss } = parse(buildAppcast({ title: "Acme", link: "https://x", items }));
    expect(rss.channel.item!.map((i) => i["sparkle:version"])).toEqual(["43", "10", "9", "40"]);
    expect(items.map((i) => i.version)).toEqual(["40", "43", "9", "10"]);
  });

  it("is a valid document without items", () => {
    const { rss } = parse(buildAppcast({ title: "Acme", link: "https://x", items: [] }));
    expect(rss.channel.item).toBeUndefined();
  });

  it.each([-1, 1.5, Number.NaN])("refuses enclosure length %s", (length) => {
    expect(() => buildAppcast({ title: "A", link: "https://x", items: [item({ enclosure: { url: "u", length, type: "t" } })] })).toThrow(DomainError);
  });

  it("refuses an invalid pubDate", () => {
    expect(() => buildAppcast({ title: "A", link: "https://x", items: [item({ pubDate: new Date("nope") })] })).toThrow(DomainError);
  });
});

describe("rfc2822Date", () => {
  it.each([
    ["2026-11-28T15:00:00Z", "Sat, 28 Nov 2026 15:00:00 +0000"],
    ["2024-02-29T23:59:59.999Z", "Thu, 29 Feb 2024 23:59:59 +0000"],
    ["2026-01-05T03:04:05+02:00", "Mon, 05 Jan 2026 01:04:05 +0000"],
    ["1999-12-31T00:00:00Z", "Fri, 31 Dec 1999 00:00:00 +0000"],
  ])("formats %s as %s", (iso, expected) => {
    expect(rfc2822Date(new Date(iso))).toBe(expected);
  });

  it("is valid RFC 2822 that reads back as the same second", () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000 * 37 + 3_723_000) {
      const text = rfc2822Date(new Date(t));
      expect(text).toMatch(RFC_2822);
      expect(Date.parse(text)).toBe(Math.floor(t / 1000) * 1000);
      expect(text.slice(0, 3)).toBe(new Date(t).toUTCString().slice(0, 3));
    }
  });
});
