import { StringPool } from "./android-string-pool";
import { check } from "./errors";

/** One value of a resource in one configuration (string values are resolved through the global pool). */
export interface ResourceValue {
  type: number;
  data: number;
  string?: string;
  config: ResourceConfig;
}

export interface ResourceConfig {
  /** All qualifier bytes zero: the `values/` / `drawable/` default. */
  isDefault: boolean;
  language: string;
  /** 0 = unspecified, 0xfffe = anydpi, 0xffff = nodpi. */
  density: number;
  sdkVersion: number;
}

interface TypeChunk {
  offset: number;
  typeId: number;
  config: ResourceConfig;
}

const NO_ENTRY_32 = 0xffffffff;
const NO_ENTRY_16 = 0xffff;

/**
 * resources.arsc, indexed (not decoded) on load: we note where each type chunk lives and resolve
 * the few resource ids we need on demand, so large tables stay cheap.
 */
export class ResourceTable {
  private readonly typeChunks = new Map<number, TypeChunk[]>();
  private strings: StringPool | undefined;

  constructor(private readonly buf: Buffer) {
    check(buf.length >= 12 && buf.readUInt16LE(0) === 0x0002, "resources.arsc: bad table header");
    const headerSize = buf.readUInt16LE(2);
    const end = Math.min(buf.readUInt32LE(4), buf.length);
    for (let at = headerSize; at + 8 <= end; ) {
      const { type, size } = this.chunk(at, end);
      if (type === 0x0001 && !this.strings) this.strings = new StringPool(buf, at);
      else if (type === 0x0200) this.indexPackage(at, at + size);
      at += size;
    }
  }

  private chunk(at: number, end: number): { type: number; headerSize: number; size: number } {
    const type = this.buf.readUInt16LE(at);
    const headerSize = this.buf.readUInt16LE(at + 2);
    const size = this.buf.readUInt32LE(at + 4);
    check(size >= 8 && headerSize <= size && at + size <= end, "resources.arsc: corrupt chunk");
    return { type, headerSize, size };
  }

  private indexPackage(start: number, end: number): void {
    const packageId = this.buf.readUInt32LE(start + 8);
    const headerSize = this.buf.readUInt16LE(start + 2);
    for (let at = start + headerSize; at + 8 <= end; ) {
      const { type, size } = this.chunk(at, end);
      if (type === 0x0201) {
        const typeId = this.buf.readUInt8(at + 8);
        const key = (packageId << 8) | typeId;
        const list = this.typeChunks.get(key) ?? [];
        list.push({ offset: at, typeId, config: this.readConfig(at + 20) });
        this.typeChunks.set(key, list);
      }
      at += size;
    }
  }

  private readConfig(at: number): ResourceConfig {
    const size = this.buf.readUInt32LE(at);
    check(size >= 28 && at + size <= this.buf.length, "resources.arsc: bad config");
    const qualifiers = this.buf.subarray(at + 4, at + size);
    const lang = this.buf.subarray(at + 8, at + 10);
    return {
      isDefault: qualifiers.every((b) => b === 0),
      language: lang[0] && !(lang[0] & 0x80) ? lang.toString("latin1") : "",
      density: this.buf.readUInt16LE(at + 14),
      sdkVersion: this.buf.readUInt16LE(at + 24),
    };
  }

  /** Every configuration's simple value for `id` (complex/bag entries are skipped). */
  resolve(id: number): ResourceValue[] {
    const packageId = id >>> 24;
    const typeId = (id >>> 16) & 0xff;
    const entryIndex = id & 0xffff;
    const values: ResourceValue[] = [];
    for (const chunk of this.typeChunks.get((packageId << 8) | typeId) ?? []) {
      const value = this.entryValue(chunk, entryIndex);
      if (value) values.push(value);
    }
    return values;
  }

  private entryValue(chunk: TypeChunk, index: number): ResourceValue | undefined {
    const b = this.buf;
    const at = chunk.offset;
    const headerSize = b.readUInt16LE(at + 2);
    const size = b.readUInt32LE(at + 4);
    const flags = b.readUInt8(at + 9);
    const entryCount = b.readUInt32LE(at + 12);
    const entriesStart = at + b.readUInt32LE(at + 16);
    const offsets = at + headerSize;
    let offset: number | undefined;
    if (flags & 0x01) {
      // Sparse: sorted (index u16, offset/4 u16) pairs.
      for (let k = 0; k < entryCount; k++) {
        if (b.readUInt16LE(offsets + k * 4) === index) {
          offset = b.readUInt16LE(offsets + k * 4 + 2) * 4;
          break;
        }
      }
    } else if (index < entryCount) {
      if (flags & 0x02) {
        const raw = b.readUInt16LE(offsets + index * 2);
        offset = raw === NO_ENTRY_16 ? undefined : raw * 4;
      } else {
        const raw = b.readUInt32LE(offsets + index * 4);
        offset = raw === NO_ENTRY_32 ? undefined : raw;
      }
    }
    if (offset === undefined) return undefined;
    const entry = entriesStart + offset;
    check(entry + 8 <= at + size, "resources.arsc: entry out of range");
    const entryFlags = b.readUInt16LE(entry + 2);
    let type: number;
    let data: number;
    if (entryFlags & 0x0008) {
      // Compact entry (Android 14+): key u16, flags u16 (type in the high byte), data u32.
      type = entryFlags >>> 8;
      data = b.readUInt32LE(entry + 4);
    } else {
      if (entryFlags & 0x0001) return undefined;
      const valueAt = entry + b.readUInt16LE(entry);
      check(valueAt + 8 <= at + size, "resources.arsc: value out of range");
      type = b.readUInt8(valueAt + 3);
      data = b.readUInt32LE(valueAt + 4);
    }
    const string = type === 0x03 ? this.strings?.get(data) : undefined;
    return { type, data, string, config: chunk.config };
  }
}
