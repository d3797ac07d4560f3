import { createDeflateRaw, crc32, deflateRawSync } from "node:zlib";

/**
 * A low-level zip writer for hostile archives: entries may be pre-compressed (deflate bombs built
 * by streaming), several central directory records may point at one local header, and the end of
 * central directory record can be patched afterwards. tests/helpers/inspect-zip-writer.ts builds the
 * well-formed ones.
 */
export interface RawZipEntry {
  name: string;
  /** Bytes as stored (already deflated when method is 8). */
  stored: Buffer;
  method: 0 | 8;
  crc: number;
  uncompressedSize: number;
}

export interface CentralRecord {
  name: string;
  /** Index of the local entry whose header and sizes this record repeats. */
  local: number;
  /** Point the record elsewhere than its local entry's header (overlapping entries). */
  offset?: number;
}

export interface RawZip {
  bytes: Buffer;
  /** Offsets of each local header, then of the central directory and of the EOCD record. */
  localOffsets: number[];
  cdOffset: number;
  eocdOffset: number;
}

export function storedEntry(name: string, data: Buffer): RawZipEntry {
  return { name, stored: data, method: 0, crc: crc32(data), uncompressedSize: data.length };
}

export function deflatedEntry(name: string, data: Buffer): RawZipEntry {
  return { name, stored: deflateRawSync(data), method: 8, crc: crc32(data), uncompressedSize: data.length };
}

/**
 * Deflates `prefix`, then `repeat` copies of `chunk`, then `suffix`, as one raw deflate stream,
 * without ever holding the uncompressed bytes (1 GiB of zeros deflates to ~1 MB in ~3 s).
 */
export async function streamedDeflate(prefix: Buffer, chunk: Buffer, repeat: number, suffix: Buffer): Promise<{ stored: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (data: Buffer) => out.push(data));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let crc = crc32(prefix);
  const write = async (data: Buffer) => {
    if (!deflate.write(data)) await new Promise((resolve) => deflate.once("drain", resolve));
  };
  await write(prefix);
  for (let i = 0; i < repeat; i++) {
    crc = crc32(chunk, crc);
    await write(chunk);
  }
  crc = crc32(suffix, crc);
  await write(suffix);
  deflate.end();
  await ended;
  return { stored: Buffer.concat(out), crc, size: prefix.length + chunk.length * repeat + suffix.length };
}

/** Writes local entries, then central records (one per local entry unless `central` says otherwise), then the EOCD. */
export function rawZip(entries: RawZipEntry[], options: { central?: CentralRecord[]; comment?: Buffer; declaredSizes?: Record<string, number>; centralExtra?: Buffer } = {}): RawZip {
  const parts: Buffer[] = [];
  const localOffsets: number[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const size = options.declaredSizes?.[entry.name] ?? entry.uncompressedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    localOffsets.push(offset);
    parts.push(local, name, entry.stored);
    offset += 30 + name.length + entry.stored.length;
  }
  const cdOffset = offset;
  const records: CentralRecord[] = options.central ?? entries.map((entry, local) => ({ name: entry.name, local }));
  for (const record of records) {
    const entry = entries[record.local];
    if (!entry) throw new Error(`no local entry ${record.local}`);
    const name = Buffer.from(record.name, "utf8");
    const extra = options.centralExtra ?? Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.stored.length, 20);
    central.writeUInt32LE(options.declaredSizes?.[entry.name] ?? entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(record.offset ?? localOffsets[record.local] ?? 0, 42);
    parts.push(central, name, extra);
    offset += 46 + name.length + extra.length;
  }
  const comment = options.comment ?? Buffer.alloc(0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Math.min(records.length, 0xffff), 8);
  eocd.writeUInt16LE(Math.min(records.length, 0xffff), 10);
  eocd.writeUInt32LE(offset - cdOffset, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  parts.push(eocd, comment);
  return { bytes: Buffer.concat(parts), localOffsets, cdOffset, eocdOffset: offset };
}

/** One extra field of `size` bytes (header included) with an id no reader knows. */
export function opaqueExtraField(size: number): Buffer {
  const extra = Buffer.alloc(size, 0x61);
  extra.writeUInt16LE(0xcafe, 0);
  extra.writeUInt16LE(size - 4, 2);
  return extra;
}

/** A copy of the archive with its EOCD record patched (counts, sizes, offsets, comment length). */
export function patchEocd(zip: RawZip, patch: { entries?: number; cdSize?: number; cdOffset?: number; commentLength?: number }): Buffer {
  const bytes = Buffer.from(zip.bytes);
  const at = zip.eocdOffset;
  if (patch.entries !== undefined) {
    bytes.writeUInt16LE(patch.entries, at + 8);
    bytes.writeUInt16LE(patch.entries, at + 10);
  }
  if (patch.cdSize !== undefined) bytes.writeUInt32LE(patch.cdSize >>> 0, at + 12);
  if (patch.cdOffset !== undefined) bytes.writeUInt32LE(patch.cdOffset >>> 0, at + 16);
  if (patch.commentLength !== undefined) bytes.writeUInt16LE(patch.commentLength, at + 20);
  return bytes;
}
