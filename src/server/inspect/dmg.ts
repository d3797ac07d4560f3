import type { FormatResult, InspectContext } from "./context";
import { check } from "./errors";
import type { Magic } from "./sniff";

const CI_NOTE = "disk images carry no cheap version metadata: version, build and minimum OS must come from CI";
const MAX_UDIF_XML = 16 * 1024 * 1024;

/**
 * .dmg: recognises UDIF (koly trailer), raw HFS+/HFSX and raw APFS images and reads their headers.
 * The app's Info.plist would need block decompression plus an HFS+/APFS walk, so it is not read.
 */
export async function inspectDmg(ctx: InspectContext, magic: Magic): Promise<FormatResult> {
  ctx.warnings.push(CI_NOTE);
  if (magic === "encrypted-dmg") return { metadata: { format: "encrypted", encrypted: true } };
  if (magic === "udif") return { metadata: await udif(ctx) };
  if (magic === "apfs") return { metadata: { format: "raw-apfs" } };
  const header = await ctx.source.read(1024, 512, "HFS+ volume header");
  const signature = header.toString("latin1", 0, 2);
  const blockSize = header.readUInt32BE(40);
  const totalBlocks = header.readUInt32BE(44);
  check(blockSize >= 512 && (blockSize & (blockSize - 1)) === 0, "bad HFS+ block size");
  check(blockSize * totalBlocks <= ctx.source.size, `truncated file: the HFS+ volume needs ${blockSize * totalBlocks} bytes`);
  return {
    metadata: {
      format: "raw-hfs+",
      hfsSignature: signature,
      caseSensitive: signature === "HX",
      blockSize,
      totalBlocks,
      fileCount: header.readUInt32BE(32),
      folderCount: header.readUInt32BE(36),
      modifiedAt: hfsDate(header.readUInt32BE(20)),
    },
  };
}

async function udif(ctx: InspectContext): Promise<Record<string, unknown>> {
  const koly = await ctx.source.read(ctx.source.size - 512, 512, "UDIF trailer");
  const dataForkOffset = Number(koly.readBigUInt64BE(0x18));
  const dataForkLength = Number(koly.readBigUInt64BE(0x20));
  const xmlOffset = Number(koly.readBigUInt64BE(0xd8));
  const xmlLength = Number(koly.readBigUInt64BE(0xe0));
  check(dataForkOffset + dataForkLength <= ctx.source.size - 512, "truncated file: UDIF data fork extends beyond the end");
  const metadata: Record<string, unknown> = {
    format: "udif",
    udifVersion: koly.readUInt32BE(4),
    sectorCount: Number(koly.readBigUInt64BE(0x1ec)),
  };
  if (xmlLength > 0 && xmlLength <= MAX_UDIF_XML) {
    const xml = (await ctx.source.read(xmlOffset, xmlLength, "UDIF partition map")).toString("utf8");
    metadata.filesystem = /Apple_APFS/.test(xml) ? "apfs" : /Apple_HFSX/.test(xml) ? "hfsx" : /Apple_HFS/.test(xml) ? "hfs+" : undefined;
    metadata.partitions = [...xml.matchAll(/<key>CFName<\/key>\s*<string>([^<]{0,200})<\/string>/g)].map((m) => m[1]).slice(0, 32);
  }
  return metadata;
}

/** HFS+ dates are seconds since 1904-01-01 (local time for the create date, UTC for the others). */
function hfsDate(seconds: number): string | undefined {
  return seconds ? new Date(Date.UTC(1904, 0, 1) + seconds * 1000).toISOString() : undefined;
}
