import { check } from "./errors";

const UTF8_FLAG = 1 << 8;

/** ResStringPool (binary XML and resources.arsc). Strings are decoded lazily: arsc pools can be large. */
export class StringPool {
  private readonly cache = new Map<number, string>();
  private readonly utf8: boolean;
  readonly count: number;
  private readonly offsetsAt: number;
  private readonly stringsAt: number;
  private readonly end: number;

  constructor(
    private readonly buf: Buffer,
    chunkStart: number,
  ) {
    const headerSize = buf.readUInt16LE(chunkStart + 2);
    const size = buf.readUInt32LE(chunkStart + 4);
    this.end = chunkStart + size;
    check(this.end <= buf.length && headerSize >= 28, "corrupt string pool");
    this.count = buf.readUInt32LE(chunkStart + 8);
    const flags = buf.readUInt32LE(chunkStart + 16);
    this.utf8 = (flags & UTF8_FLAG) !== 0;
    this.stringsAt = chunkStart + buf.readUInt32LE(chunkStart + 20);
    this.offsetsAt = chunkStart + headerSize;
    check(this.offsetsAt + this.count * 4 <= this.end, "corrupt string pool offsets");
  }

  get(index: number): string | undefined {
    if (index < 0 || index >= this.count || index === 0xffffffff) return undefined;
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    const at = this.stringsAt + this.buf.readUInt32LE(this.offsetsAt + index * 4);
    check(at < this.end, "string pool entry out of range");
    const value = this.utf8 ? this.readUtf8(at) : this.readUtf16(at);
    if (this.cache.size < 10_000) this.cache.set(index, value);
    return value;
  }

  private readUtf8(at: number): string {
    // UTF-16 length (skipped), then UTF-8 byte length; each 1 or 2 bytes.
    let pos = at + ((this.buf[at] ?? 0) & 0x80 ? 2 : 1);
    let length = this.buf[pos] ?? 0;
    if (length & 0x80) {
      length = ((length & 0x7f) << 8) | (this.buf[pos + 1] ?? 0);
      pos += 2;
    } else {
      pos += 1;
    }
    check(pos + length <= this.end, "string pool entry out of range");
    return this.buf.toString("utf8", pos, pos + length);
  }

  private readUtf16(at: number): string {
    let length = this.buf.readUInt16LE(at);
    let pos = at + 2;
    if (length & 0x8000) {
      length = ((length & 0x7fff) << 16) | this.buf.readUInt16LE(at + 2);
      pos += 2;
    }
    check(pos + length * 2 <= this.end, "string pool entry out of range");
    return this.buf.toString("utf16le", pos, pos + length * 2);
  }
}
