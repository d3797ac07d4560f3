import { CompoundFile } from "./cfb";
import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";

const MSI_CLSIDS = new Set(["000C1084-0000-0000-C000-000000000046", "000C1086-0000-0000-C000-000000000046"]);
const MAX_STREAM = 16 * 1024 * 1024;

/** .msi: the Property table (ProductName, ProductVersion, Manufacturer, codes) and SummaryInformation. */
export async function inspectMsi(ctx: InspectContext): Promise<FormatResult> {
  const cf = await CompoundFile.open(ctx.source);
  const streams = new Map([...cf.entries.values()].filter((e) => e.type === 2).map((e) => [decodeStreamName(e.name), e]));
  const pool = streams.get("!_StringPool");
  const data = streams.get("!_StringData");
  const property = streams.get("!Property");
  if (!MSI_CLSIDS.has(cf.rootClsid())) ctx.warnings.push(`unexpected root CLSID ${cf.rootClsid()} for an MSI`);
  check(pool && data && property, "compound file is not a Windows Installer package (no string pool or Property table)");
  const strings = readStringPool(await cf.readStream(pool, MAX_STREAM), await cf.readStream(data, MAX_STREAM));
  const properties = readPropertyTable(await cf.readStream(property, MAX_STREAM), strings);

  const summaryEntry = streams.get("\u0005SummaryInformation");
  const summary = summaryEntry ? readSummaryInformation(await cf.readStream(summaryEntry, 1024 * 1024)) : new Map<number, unknown>();
  const template = typeof summary.get(7) === "string" ? (summary.get(7) as string) : undefined;
  const [platform, languages] = template?.split(";") ?? [];

  const productVersion = properties.get("ProductVersion");
  check(properties.get("ProductName") && productVersion, "MSI Property table lacks ProductName or ProductVersion");
  return {
    metadata: {
      productName: properties.get("ProductName"),
      productVersion,
      manufacturer: properties.get("Manufacturer"),
      productCode: properties.get("ProductCode"),
      upgradeCode: properties.get("UpgradeCode"),
      productLanguage: properties.get("ProductLanguage"),
      packageCode: summary.get(9),
      architecture: architectureOf(platform),
      languages: languages ? languages.split(",").filter(Boolean) : [],
      signed: streams.has("\u0005DigitalSignature"),
    },
  };
}

function architectureOf(platform: string | undefined): string | undefined {
  if (platform === undefined) return undefined;
  const p = platform.toLowerCase();
  if (p === "" || p === "intel") return "x86";
  if (p === "x64" || p === "amd64") return "x64";
  if (p === "arm64") return "arm64";
  if (p === "intel64") return "ia64";
  return platform;
}

const CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";

/** MSI compresses stream names two characters per UTF-16 code unit (0x3800-0x47FF), tables start 0x4840. */
export function decodeStreamName(name: string): string {
  let out = "";
  for (const ch of name) {
    const code = ch.charCodeAt(0);
    if (code >= 0x3800 && code < 0x4800) {
      const c = code - 0x3800;
      out += (CHARSET[c & 0x3f] ?? "") + (CHARSET[(c >> 6) & 0x3f] ?? "");
    } else if (code >= 0x4800 && code < 0x4840) {
      out += CHARSET[code - 0x4800] ?? "";
    } else if (code === 0x4840) {
      out += "!";
    } else {
      out += ch;
    }
  }
  return out;
}

interface StringTable {
  strings: string[];
  /** 2 or 3 bytes per string reference in table columns. */
  refSize: number;
}

function readStringPool(pool: Buffer, data: Buffer): StringTable {
  check(pool.length >= 4, "MSI string pool is empty");
  const codepage = pool.readUInt16LE(0);
  const refSize = pool.readUInt16LE(2) & 0x8000 ? 3 : 2;
  const decoder = textDecoder(codepage);
  const strings: string[] = [""];
  let offset = 0;
  for (let i = 4; i + 4 <= pool.length; ) {
    let length = pool.readUInt16LE(i);
    const refs = pool.readUInt16LE(i + 2);
    i += 4;
    if (length === 0 && refs !== 0) {
      // Strings of 64 KiB and more: the next entry carries the real length, this one the high word.
      check(i + 4 <= pool.length, "corrupt MSI string pool");
      length = (refs << 16) | pool.readUInt16LE(i);
      i += 4;
    }
    check(offset + length <= data.length, "corrupt MSI string pool");
    strings.push(decoder.decode(data.subarray(offset, offset + length)));
    offset += length;
  }
  return { strings, refSize };
}

function textDecoder(codepage: number): TextDecoder {
  if (codepage === 65001) return new TextDecoder("utf-8");
  try {
    return new TextDecoder(codepage === 0 ? "windows-1252" : `windows-${codepage}`);
  } catch {
    return new TextDecoder("latin1");
  }
}

/** Tables are stored column by column; Property has two string columns (Property, Value). */
function readPropertyTable(table: Buffer, { strings, refSize }: StringTable): Map<string, string> {
  const rows = Math.floor(table.length / (2 * refSize));
  const ref = (at: number) => (refSize === 2 ? table.readUInt16LE(at) : table.readUIntLE(at, 3));
  const properties = new Map<string, string>();
  for (let r = 0; r < rows; r++) {
    const key = strings[ref(r * refSize)];
    const value = strings[ref((rows + r) * refSize)];
    if (key) properties.set(key, value ?? "");
  }
  return properties;
}

/** OLE property set (\x05SummaryInformation): string, integer and filetime properties by id. */
function readSummaryInformation(buf: Buffer): Map<number, unknown> {
  const props = new Map<number, unknown>();
  if (buf.length < 48 || buf.readUInt16LE(0) !== 0xfffe) return props;
  const section = buf.readUInt32LE(44);
  if (section + 8 > buf.length) return props;
  const count = Math.min(buf.readUInt32LE(section + 4), 256);
  let codepage = 1252;
  const entries: [number, number][] = [];
  for (let i = 0; i < count && section + 16 + i * 8 <= buf.length; i++) {
    entries.push([buf.readUInt32LE(section + 8 + i * 8), section + buf.readUInt32LE(section + 12 + i * 8)]);
  }
  const codepageEntry = entries.find(([id]) => id === 1);
  if (codepageEntry && codepageEntry[1] + 6 <= buf.length) codepage = buf.readUInt16LE(codepageEntry[1] + 4);
  const decoder = textDecoder(codepage);
  for (const [id, at] of entries) {
    if (at + 8 > buf.length) continue;
    const type = buf.readUInt32LE(at);
    if (type === 30) {
      const length = buf.readUInt32LE(at + 4);
      if (at + 8 + length > buf.length) continue;
      props.set(id, decoder.decode(buf.subarray(at + 8, at + 8 + length)).replace(/\0+$/, ""));
    } else if (type === 3) {
      props.set(id, buf.readInt32LE(at + 4));
    } else if (type === 2) {
      props.set(id, buf.readInt16LE(at + 4));
    }
  }
  return props;
}
