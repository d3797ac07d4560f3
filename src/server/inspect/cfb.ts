import { check } from "./errors";
import type { ArtifactSource } from "./artifact-source";

/** Compound File Binary (OLE2) reader: random access, FAT/miniFAT chains with loop and bounds checks. */
export interface CfbEntry {
  name: string;
  type: number;
  start: number;
  size: number;
  clsid: Buffer;
}

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const MAX_FAT_BYTES = 64 * 1024 * 1024;
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

export class CompoundFile {
  private miniFat: Buffer | undefined;
  private mini: Buffer | undefined;
  /** The root entry and its direct children (MSI keeps every stream there). */
  root: CfbEntry = { name: "", type: 0, start: END_OF_CHAIN, size: 0, clsid: Buffer.alloc(16) };
  readonly entries = new Map<string, CfbEntry>();

  private constructor(
    private readonly source: ArtifactSource,
    private readonly sectorSize: number,
    private readonly fat: Uint32Array,
    private readonly miniCutoff: number,
    private readonly miniFatStart: number,
  ) {}

  static async open(source: ArtifactSource): Promise<CompoundFile> {
    const header = await source.read(0, 512, "compound file header");
    check(header.readUInt16LE(28) === 0xfffe, "compound file: bad byte order mark");
    const sectorShift = header.readUInt16LE(30);
    check(sectorShift === 9 || sectorShift === 12, "compound file: bad sector size");
    const sectorSize = 1 << sectorShift;
    const fatSectors = header.readUInt32LE(44);
    check(fatSectors * sectorSize <= MAX_FAT_BYTES, "compound file: FAT is too large");

    // The FAT sector list: 109 entries in the header, then the DIFAT chain.
    const fatSectorIds: number[] = [];
    for (let i = 0; i < 109 && fatSectorIds.length < fatSectors; i++) fatSectorIds.push(header.readUInt32LE(76 + i * 4));
    let difat = header.readUInt32LE(68);
    for (let hops = 0; fatSectorIds.length < fatSectors && difat < END_OF_CHAIN; hops++) {
      check(hops <= fatSectors, "compound file: DIFAT loop");
      const sector = await source.read((difat + 1) * sectorSize, sectorSize, "compound file DIFAT");
      const perSector = sectorSize / 4 - 1;
      for (let i = 0; i < perSector && fatSectorIds.length < fatSectors; i++) fatSectorIds.push(sector.readUInt32LE(i * 4));
      difat = sector.readUInt32LE(perSector * 4);
    }
    check(fatSectorIds.length === fatSectors, "compound file: incomplete FAT");
    const perFatSector = sectorSize / 4;
    const fat = new Uint32Array(fatSectors * perFatSector);
    for (const [i, id] of fatSectorIds.entries()) {
      const sector = await readSector(source, id, sectorSize);
      for (let k = 0; k < perFatSector; k++) fat[i * perFatSector + k] = sector.readUInt32LE(k * 4);
    }
    // Every allocated sector must exist (the last one may be stored short): otherwise the file is truncated.
    const lastUsed = fat.findLastIndex((next) => next !== FREE);
    check((lastUsed + 1) * sectorSize < source.size, "truncated file: compound file sectors are missing");

    const cf = new CompoundFile(source, sectorSize, fat, header.readUInt32LE(56), header.readUInt32LE(60));
    await cf.readDirectory(header.readUInt32LE(48), sectorShift);
    return cf;
  }

  private async readDirectory(start: number, sectorShift: number): Promise<void> {
    const directory = await this.readChain(start, MAX_DIRECTORY_BYTES);
    const all: (CfbEntry & { left: number; right: number; child: number })[] = [];
    for (let at = 0; at + 128 <= directory.length; at += 128) {
      const nameLength = Math.min(directory.readUInt16LE(at + 64), 64);
      const size = directory.readBigUInt64LE(at + 120);
      all.push({
        name: directory.toString("utf16le", at, at + Math.max(0, nameLength - 2)),
        type: directory.readUInt8(at + 66),
        left: directory.readUInt32LE(at + 68),
        right: directory.readUInt32LE(at + 72),
        child: directory.readUInt32LE(at + 76),
        clsid: Buffer.from(directory.subarray(at + 80, at + 96)),
        start: directory.readUInt32LE(at + 116),
        // Version 3 files (512-byte sectors) may leave garbage in the high 32 bits.
        size: Number(sectorShift === 9 ? size & 0xffffffffn : size),
      });
    }
    const root = all[0];
    check(root?.type === 5, "compound file: no root entry");
    this.root = root;
    // Walk the root's red-black tree of children; `seen` guards against cycles.
    const pending = [root.child];
    const seen = new Set<number>();
    while (pending.length > 0) {
      const id = pending.pop() ?? FREE;
      const entry = all[id];
      if (!entry || seen.has(id)) continue;
      seen.add(id);
      this.entries.set(entry.name, entry);
      pending.push(entry.left, entry.right);
    }
  }

  /** A whole stream of the root storage, at most `maxBytes`. */
  async readStream(entry: CfbEntry, maxBytes: number): Promise<Buffer> {
    check(entry.size <= maxBytes, `compound file stream ${JSON.stringify(entry.name)} is too large`);
    if (entry.size >= this.miniCutoff) {
      const data = await this.readChain(entry.start, entry.size);
      check(data.length >= entry.size, "compound file: stream chain is too short");
      return data.subarray(0, entry.size);
    }
    // Small streams live in the mini stream (the root entry's data), in 64-byte mini sectors.
    this.miniFat ??= await this.readChain(this.miniFatStart, MAX_DIRECTORY_BYTES);
    this.mini ??= await this.readChain(this.root.start, Math.min(this.root.size, MAX_FAT_BYTES));
    const { miniFat, mini } = this;
    const out = Buffer.alloc(entry.size);
    let sector = entry.start;
    for (let done = 0, hops = 0; done < entry.size; done += 64, hops++) {
      check(sector < END_OF_CHAIN && hops <= entry.size / 64 + 1, "compound file: broken mini chain");
      check((sector + 1) * 64 <= mini.length && sector * 4 + 4 <= miniFat.length, "compound file: mini sector out of range");
      mini.copy(out, done, sector * 64, sector * 64 + Math.min(64, entry.size - done));
      sector = miniFat.readUInt32LE(sector * 4);
    }
    return out;
  }

  private async readChain(start: number, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let sector = start;
    let total = 0;
    while (sector < END_OF_CHAIN && total < maxBytes) {
      check(sector < this.fat.length, "compound file: sector out of range");
      check(chunks.length <= this.fat.length, "compound file: FAT loop");
      chunks.push(await readSector(this.source, sector, this.sectorSize));
      total += this.sectorSize;
      sector = this.fat[sector] ?? END_OF_CHAIN;
    }
    return Buffer.concat(chunks);
  }

  /** The root entry's CLSID as text, e.g. MSI's 000C1084-0000-0000-C000-000000000046. */
  rootClsid(): string {
    const c = this.root.clsid;
    const le = (from: number, to: number) => Buffer.from(c.subarray(from, to)).reverse().toString("hex");
    return [le(0, 4), le(4, 6), le(6, 8), c.toString("hex", 8, 10), c.toString("hex", 10, 16)].join("-").toUpperCase();
  }
}

/** One sector; the file's last sector may be stored short, the missing bytes read as zeros. */
async function readSector(source: ArtifactSource, id: number, sectorSize: number): Promise<Buffer> {
  const data = await source.readUpTo((id + 1) * sectorSize, sectorSize);
  check(data.length > 0, "truncated file: compound file sector is missing");
  return data.length === sectorSize ? data : Buffer.concat([data, Buffer.alloc(sectorSize - data.length)]);
}
