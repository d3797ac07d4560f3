import { leafCertificate, summarizeCertificate } from "./certificates";
import type { FormatResult, InspectContext } from "./context";
import { signedDataCertificates } from "./der";
import { check, errorMessage } from "./errors";

const MACHINES = new Map<number, string>([
  [0x14c, "x86"],
  [0x8664, "x64"],
  [0xaa64, "arm64"],
  [0x1c4, "arm"],
]);
const RT_VERSION = 16;
const MAX_VERSION_RESOURCE = 1024 * 1024;
const MAX_SIGNATURE = 16 * 1024 * 1024;

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

/**
 * .exe (PE): headers, the VERSIONINFO resource, and whether an Authenticode signature is present.
 * Only the headers, the resource directory and the certificate table are read; never the overlay.
 */
export async function inspectPe(ctx: InspectContext): Promise<FormatResult> {
  const { source } = ctx;
  const dos = await source.read(0, 64, "DOS header");
  const peOffset = dos.readUInt32LE(0x3c);
  const headers = await source.read(peOffset, Math.min(4096, source.size - peOffset), "PE headers");
  check(headers.length >= 24 && headers.toString("latin1", 0, 4) === "PE\0\0", "MZ executable without a PE header");
  const machine = headers.readUInt16LE(4);
  const sectionCount = headers.readUInt16LE(6);
  const optionalSize = headers.readUInt16LE(20);
  const characteristics = headers.readUInt16LE(22);
  const optional = 24;
  const cutShort = "truncated file: the PE optional header is cut short";
  check(headers.length >= optional + 2, cutShort);
  const magic = headers.readUInt16LE(optional);
  check(magic === 0x10b || magic === 0x20b, "unknown PE optional header");
  const dirs = optional + (magic === 0x20b ? 112 : 96);
  check(headers.length >= dirs, cutShort);
  const dirCount = headers.readUInt32LE(optional + (magic === 0x20b ? 108 : 92));
  const dir = (i: number) => (i < dirCount && dirs + i * 8 + 8 <= headers.length ? { rva: headers.readUInt32LE(dirs + i * 8), size: headers.readUInt32LE(dirs + i * 8 + 4) } : { rva: 0, size: 0 });
  const sectionsAt = optional + optionalSize;
  check(sectionCount <= 96 && sectionsAt + sectionCount * 40 <= headers.length, "corrupt PE section table");
  const sections: Section[] = Array.from({ length: sectionCount }, (_, i) => ({
    virtualSize: headers.readUInt32LE(sectionsAt + i * 40 + 8),
    virtualAddress: headers.readUInt32LE(sectionsAt + i * 40 + 12),
    rawSize: headers.readUInt32LE(sectionsAt + i * 40 + 16),
    rawOffset: headers.readUInt32LE(sectionsAt + i * 40 + 20),
  }));
  const imageEnd = Math.max(0, ...sections.filter((s) => s.rawSize > 0).map((s) => s.rawOffset + s.rawSize));
  check(imageEnd <= source.size, `truncated file: PE sections end at ${imageEnd}, file has ${source.size} bytes`);

  const subsystem = headers.readUInt16LE(optional + 68);
  const metadata: Record<string, unknown> = {
    machine: MACHINES.get(machine) ?? `0x${machine.toString(16)}`,
    subsystem: subsystem === 2 ? "gui" : subsystem === 3 ? "console" : "other",
    dll: (characteristics & 0x2000) !== 0,
  };

  const resources = dir(2);
  if (resources.size > 0) {
    try {
      Object.assign(metadata, await readVersionInfo(ctx, sections, resources.rva));
    } catch (error) {
      ctx.warnings.push(`version resource could not be read: ${errorMessage(error)}`);
    }
  }
  if (!metadata.productVersion && !metadata.fileVersion) ctx.warnings.push("no version resource: versions must come from CI");

  Object.assign(metadata, await authenticode(ctx, dir(4)));
  const installer = await installerType(ctx, imageEnd);
  if (installer) metadata.installer = installer;
  return { metadata };
}

function sectionOf(sections: Section[], rva: number): Section {
  const section = sections.find((s) => rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize));
  check(section, `PE address 0x${rva.toString(16)} is outside every section`);
  return section;
}

function rvaToOffset(sections: Section[], rva: number): number {
  const section = sectionOf(sections, rva);
  return section.rawOffset + (rva - section.virtualAddress);
}

async function readVersionInfo(ctx: InspectContext, sections: Section[], resourceRva: number): Promise<Record<string, unknown>> {
  const section = sectionOf(sections, resourceRva);
  const base = rvaToOffset(sections, resourceRva);
  const length = Math.min(section.rawOffset + section.rawSize - base, 16 * 1024 * 1024);
  const rsrc = await ctx.source.read(base, length, "resource directory");
  // type → name/id → language: take the first entry at each level below RT_VERSION.
  const entryAt = (dirOffset: number, id?: number): number | undefined => {
    check(dirOffset + 16 <= rsrc.length, "corrupt resource directory");
    const count = rsrc.readUInt16LE(dirOffset + 12) + rsrc.readUInt16LE(dirOffset + 14);
    for (let i = 0; i < Math.min(count, 4096); i++) {
      const at = dirOffset + 16 + i * 8;
      check(at + 8 <= rsrc.length, "corrupt resource directory");
      if (id === undefined || rsrc.readUInt32LE(at) === id) return rsrc.readUInt32LE(at + 4);
    }
    return undefined;
  };
  const typeDir = entryAt(0, RT_VERSION);
  if (typeDir === undefined || !(typeDir & 0x80000000)) return {};
  const nameDir = entryAt(typeDir & 0x7fffffff);
  if (nameDir === undefined || !(nameDir & 0x80000000)) return {};
  const dataEntry = entryAt(nameDir & 0x7fffffff);
  if (dataEntry === undefined || dataEntry & 0x80000000) return {};
  check(dataEntry + 16 <= rsrc.length, "corrupt resource data entry");
  const size = rsrc.readUInt32LE(dataEntry + 4);
  check(size <= MAX_VERSION_RESOURCE, "version resource is too large");
  const data = await ctx.source.read(rvaToOffset(sections, rsrc.readUInt32LE(dataEntry)), size, "version resource");
  return parseVersionInfo(data);
}

interface VersionNode {
  key: string;
  value: Buffer;
  valueIsText: boolean;
  children: VersionNode[];
}

/** VS_VERSIONINFO: a tree of {wLength, wValueLength, wType, szKey, Value, Children}, 4-byte aligned. */
function parseNode(buf: Buffer, at: number, depth: number): VersionNode {
  check(depth < 8 && at + 6 <= buf.length, "corrupt version resource");
  const length = buf.readUInt16LE(at);
  const valueLength = buf.readUInt16LE(at + 2);
  const type = buf.readUInt16LE(at + 4);
  const end = Math.min(at + length, buf.length);
  check(length >= 6, "corrupt version resource");
  let keyEnd = at + 6;
  while (keyEnd + 1 < end && buf.readUInt16LE(keyEnd) !== 0) keyEnd += 2;
  const key = buf.toString("utf16le", at + 6, keyEnd);
  const valueStart = align4(keyEnd + 2);
  const valueBytes = type === 1 ? valueLength * 2 : valueLength;
  const value = buf.subarray(Math.min(valueStart, end), Math.min(valueStart + valueBytes, end));
  const children: VersionNode[] = [];
  for (let child = align4(valueStart + valueBytes); child + 6 <= end; ) {
    const node = parseNode(buf, child, depth + 1);
    children.push(node);
    const childLength = buf.readUInt16LE(child);
    if (childLength === 0) break;
    child = align4(child + childLength);
  }
  return { key, value, valueIsText: type === 1, children };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function parseVersionInfo(data: Buffer): Record<string, unknown> {
  const root = parseNode(data, 0, 0);
  check(root.key === "VS_VERSION_INFO", "bad version resource");
  const out: Record<string, unknown> = {};
  const fixed = root.value;
  if (fixed.length >= 52 && fixed.readUInt32LE(0) === 0xfeef04bd) {
    const quad = (ms: number, ls: number) => `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
    out.fileVersionNumber = quad(fixed.readUInt32LE(8), fixed.readUInt32LE(12));
    out.productVersionNumber = quad(fixed.readUInt32LE(16), fixed.readUInt32LE(20));
  }
  const tables = root.children.filter((c) => c.key === "StringFileInfo").flatMap((c) => c.children);
  // Prefer US English (0409), then language-neutral, then whatever comes first.
  const table = tables.find((t) => t.key.toLowerCase().startsWith("0409")) ?? tables.find((t) => t.key.startsWith("0000")) ?? tables[0];
  const strings = new Map((table?.children ?? []).map((s) => [s.key, s.value.toString("utf16le").replace(/\0.*$/s, "").trim()]));
  const fields: Record<string, string> = {
    productName: "ProductName",
    productVersion: "ProductVersion",
    fileVersion: "FileVersion",
    companyName: "CompanyName",
    fileDescription: "FileDescription",
    legalCopyright: "LegalCopyright",
    originalFilename: "OriginalFilename",
  };
  for (const [field, key] of Object.entries(fields)) {
    const value = strings.get(key);
    if (value) out[field] = value;
  }
  return out;
}

/** The certificate table holds WIN_CERTIFICATEs; type 2 is PKCS#7 SignedData. Presence only, not verified. */
async function authenticode(ctx: InspectContext, table: { rva: number; size: number }): Promise<Record<string, unknown>> {
  if (table.rva === 0 || table.size < 8) return { authenticodeSigned: false };
  check(table.rva + table.size <= ctx.source.size, "truncated file: the Authenticode signature extends beyond the end");
  check(table.size <= MAX_SIGNATURE, "Authenticode signature table is too large");
  const blob = await ctx.source.read(table.rva, table.size, "certificate table");
  const length = blob.readUInt32LE(0);
  const type = blob.readUInt16LE(6);
  if (type !== 2 || length < 8 || length > blob.length) {
    ctx.warnings.push("certificate table present but not a PKCS#7 Authenticode signature");
    return { authenticodeSigned: false };
  }
  try {
    const leaf = leafCertificate(signedDataCertificates(blob.subarray(8, length)));
    const cert = leaf ? summarizeCertificate(leaf) : undefined;
    return {
      authenticodeSigned: true,
      authenticode: cert ? { subject: cert.subject, issuer: cert.issuer, sha256: cert.sha256, notAfter: cert.notAfter, verified: false } : null,
    };
  } catch (error) {
    ctx.warnings.push(`Authenticode signature could not be parsed: ${errorMessage(error)}`);
    return { authenticodeSigned: true, authenticode: null };
  }
}

/** NSIS installers start their data right after the image with 0xDEADBEEF "NullsoftInst". */
async function installerType(ctx: InspectContext, imageEnd: number): Promise<string | undefined> {
  const head = await ctx.source.readUpTo(imageEnd, 28);
  if (head.length === 28 && head.readUInt32LE(4) === 0xdeadbeef && head.toString("latin1", 8, 20) === "NullsoftInst") {
    const declared = head.readUInt32LE(24);
    check(imageEnd + declared <= ctx.source.size, "truncated file: the NSIS installer data is incomplete");
    return "nsis";
  }
  return undefined;
}
