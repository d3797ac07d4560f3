import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";

/** A tiny zip writer for building hostile and hand-made archives in tests (no external tools). */
export interface ZipWriterEntry {
  name: string;
  data?: Buffer;
  method?: "store" | "deflate";
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** General purpose flags, e.g. 0x1 = encrypted. */
  flags?: number;
}

export interface ZipWriterOptions {
  /** Use ZIP64 records for every size and offset, and a ZIP64 end of central directory. */
  zip64?: boolean;
  /** Claim this many entries in the (ZIP64) end of central directory record. */
  claimEntries?: number;
  /** Bytes placed between the last local entry and the central directory (e.g. an APK Signing Block). */
  beforeCentralDirectory?: Buffer;
}

export function buildZip(entries: ZipWriterEntry[], options: ZipWriterOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.method ?? (data.length > 0 ? "deflate" : "store");
    const stored = method === "deflate" ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, "utf8");
    const size = entry.declaredSize ?? data.length;
    const crc = crc32(data);
    const flags = 0x800 | (entry.flags ?? 0);
    const extra = options.zip64 ? zip64Extra([size, stored.length]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(options.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method === "deflate" ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(options.zip64 ? 0xffffffff : stored.length, 18);
    local.writeUInt32LE(options.zip64 ? 0xffffffff : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, stored);

    const centralExtra = options.zip64 ? zip64Extra([size, stored.length, offset]) : Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(options.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method === "deflate" ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : stored.length, 20);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    centrals.push(central, name, centralExtra);
    offset += 30 + name.length + extra.length + stored.length;
  }
  const gap = options.beforeCentralDirectory ?? Buffer.alloc(0);
  const cdOffset = offset + gap.length;
  const cd = Buffer.concat(centrals);
  const count = options.claimEntries ?? entries.length;
  const tail: Buffer[] = [];
  if (options.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(cd.length), 40);
    record.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(options.zip64 ? 0xffff : Math.min(count, 0xffff), 8);
  eocd.writeUInt16LE(options.zip64 ? 0xffff : Math.min(count, 0xffff), 10);
  eocd.writeUInt32LE(options.zip64 ? 0xffffffff : cd.length, 12);
  eocd.writeUInt32LE(options.zip64 ? 0xffffffff : cdOffset, 16);
  return Buffer.concat([...locals, gap, cd, ...tail, eocd]);
}

function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + values.length * 8);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(values.length * 8, 2);
  for (const [i, v] of values.entries()) extra.writeBigUInt64LE(BigInt(v), 4 + i * 8);
  return extra;
}

/**
 * Writes a ZIP64 archive whose first entry is a stored, `hugeSize`-byte hole (a sparse file: no
 * disk blocks), followed by `entries`. Proves that readers seek instead of reading everything.
 */
export function writeSparseZip64(file: string, huge: { name: string; size: number }, entries: ZipWriterEntry[]): void {
  const name = Buffer.from(huge.name);
  const localExtra = zip64Extra([huge.size, huge.size]);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(name.length, 26);
  local.writeUInt16LE(localExtra.length, 28);
  const head = Buffer.concat([local, name, localExtra]);
  const base = head.length + huge.size;

  // The small entries, laid out after the hole: shift their offsets and the directory by `base`.
  const rest = buildZip(entries, { zip64: true });
  const record = rest.length - 22 - 20 - 56;
  const cdOffset = Number(rest.readBigUInt64LE(record + 48));
  const cdSize = Number(rest.readBigUInt64LE(record + 40));
  const locals = rest.subarray(0, cdOffset);
  const cd = Buffer.from(rest.subarray(cdOffset, cdOffset + cdSize));
  for (let at = 0; at < cd.length; ) {
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const offsetAt = at + 46 + nameLength + 4 + 16;
    cd.writeBigUInt64LE(cd.readBigUInt64LE(offsetAt) + BigInt(base), offsetAt);
    at += 46 + nameLength + extraLength;
  }
  const hugeCentral = Buffer.alloc(46);
  hugeCentral.writeUInt32LE(0x02014b50, 0);
  hugeCentral.writeUInt16LE(0x031e, 4);
  hugeCentral.writeUInt16LE(45, 6);
  hugeCentral.writeUInt32LE(0xffffffff, 20);
  hugeCentral.writeUInt32LE(0xffffffff, 24);
  hugeCentral.writeUInt16LE(name.length, 28);
  hugeCentral.writeUInt16LE(28, 30);
  hugeCentral.writeUInt32LE(0xffffffff, 42);
  const directory = Buffer.concat([hugeCentral, name, zip64Extra([huge.size, huge.size, 0]), cd]);
  const directoryOffset = base + locals.length;
  const count = BigInt(entries.length + 1);
  const end = Buffer.alloc(56 + 20 + 22);
  end.writeUInt32LE(0x06064b50, 0);
  end.writeBigUInt64LE(44n, 4);
  end.writeUInt16LE(45, 12);
  end.writeUInt16LE(45, 14);
  end.writeBigUInt64LE(count, 24);
  end.writeBigUInt64LE(count, 32);
  end.writeBigUInt64LE(BigInt(directory.length), 40);
  end.writeBigUInt64LE(BigInt(directoryOffset), 48);
  end.writeUInt32LE(0x07064b50, 56);
  end.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 64);
  end.writeUInt32LE(1, 72);
  end.writeUInt32LE(0x06054b50, 76);
  end.writeUInt16LE(0xffff, 84);
  end.writeUInt16LE(0xffff, 86);
  end.writeUInt32LE(0xffffffff, 88);
  end.writeUInt32LE(0xffffffff, 92);

  const fd = openSync(file, "w");
  try {
    writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, base);
    const tail = Buffer.concat([locals, directory, end]);
    writeSync(fd, tail, 0, tail.length, base);
  } finally {
    closeSync(fd);
  }
}
