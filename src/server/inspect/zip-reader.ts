import { Readable } from "node:stream";
import yauzl from "yauzl";
import type { ArtifactSource } from "./artifact-source";
import { check, errorMessage, InspectError, invalid } from "./errors";
import { FileSource } from "./file-source";
import type { InspectionLimits } from "./types";

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  readonly raw: yauzl.Entry;
}

/** Entries deeper than this are counted but not kept: nothing we read lives deeper. */
const MAX_RETAINED_DEPTH = 4;
const NO_BYTES = Buffer.alloc(0);

/**
 * A zip opened for random access through yauzl (which also validates entry names and sizes),
 * with our caps: entry count, declared total ratio, and per-entry uncompressed size.
 */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private onClose = () => {};

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly limits: InspectionLimits,
    readonly entryCount: number,
  ) {}

  /** Reads through `source`, which stays the caller's to close. */
  static async fromSource(source: ArtifactSource, limits: InspectionLimits): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    const reader = new BlockCacheReader(source);
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(reader, source.size, { autoClose: false, decodeStrings: true, validateEntrySizes: true });
    } catch (error) {
      reader.close(() => {});
      return invalid(`not a readable zip archive: ${errorMessage(error)}`);
    }
    // yauzl emits "error" on the ZipFile for late read errors; without a listener that would crash the process.
    zip.on("error", () => {});
    const archive = new ZipArchive(zip, limits, zip.entryCount);
    try {
      await archive.scan(source.size);
      return archive;
    } catch (error) {
      archive.close();
      throw error;
    }
  }

  /** A zip file on disk, closed with the archive (tests and tools; inspection passes its source). The size is the file's own. */
  static async open(path: string, _fileSize: number, limits: InspectionLimits): Promise<ZipArchive> {
    const source = await FileSource.open(path);
    try {
      const archive = await ZipArchive.fromSource(source, limits);
      archive.onClose = () => void source.close();
      return archive;
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  private async scan(fileSize: number): Promise<void> {
    const { maxZipEntries, maxZipRatio, zipRatioMinBytes } = this.limits;
    check(this.entryCount <= maxZipEntries, `too many zip entries (${this.entryCount}; limit ${maxZipEntries})`);
    let declaredTotal = 0;
    let seen = 0;
    // [start, end) of each local header + name + data: no two entries may share bytes.
    const spans: { start: number; end: number }[] = [];
    try {
      for await (const raw of this.zip.eachEntry()) {
        seen += 1;
        check(seen <= maxZipEntries, `too many zip entries (limit ${maxZipEntries})`);
        declaredTotal += raw.uncompressedSize;
        const start = raw.relativeOffsetOfLocalHeader;
        spans.push({ start, end: start + 30 + raw.fileNameLength + raw.compressedSize });
        const name = raw.fileName;
        if (name.endsWith("/") || name.split("/").length > MAX_RETAINED_DEPTH) continue;
        if (!this.byName.has(name)) {
          // yauzl's entry holds its whole directory record (extra fields and comment up to 64 KiB each):
          // keep only what reading needs, or the directory stays in memory (1.2 GB of extra fields: +1.3 GB RSS).
          Object.assign(raw, { fileNameRaw: NO_BYTES, extraFieldRaw: NO_BYTES, fileCommentRaw: NO_BYTES, extraFields: [], fileComment: "", comment: "" });
          this.byName.set(name, { name, compressedSize: raw.compressedSize, uncompressedSize: raw.uncompressedSize, raw });
        }
      }
    } catch (error) {
      if (error instanceof InspectError) throw error;
      const message = errorMessage(error);
      if (/invalid relative path|absolute path|invalid characters in fileName/.test(message)) {
        invalid(`unsafe entry name in zip archive (${message})`);
      }
      invalid(`corrupt zip archive: ${message}`);
    }
    if (declaredTotal > zipRatioMinBytes && declaredTotal > maxZipRatio * Math.max(fileSize, 1)) {
      invalid(`zip bomb suspected: entries declare ${declaredTotal} bytes uncompressed in a ${fileSize}-byte file`);
    }
    // Overlapping entries are how a small file declares terabytes (one deflated kernel shared by many
    // records) and how a forged directory shows a parser other bytes than the installer reads.
    spans.sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) {
      const before = spans[i - 1];
      const after = spans[i];
      if (before && after && after.start < before.end) {
        invalid(`zip entries overlap (the entries at offsets ${before.start} and ${after.start} share bytes)`);
      }
    }
  }

  /** Retained file entries (directories and entries nested deeper than 4 levels are not kept). */
  entries(): ZipEntry[] {
    return [...this.byName.values()];
  }

  get(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The whole uncompressed entry, refusing anything larger than `maxBytes`. */
  async read(entry: ZipEntry, maxBytes = this.limits.maxEntryBytes): Promise<Buffer> {
    const limit = Math.min(maxBytes, this.limits.maxEntryBytes);
    check(entry.uncompressedSize <= limit, `${entry.name} is too large (${entry.uncompressedSize} bytes uncompressed; limit ${limit})`);
    check(!entry.raw.isEncrypted(), `${entry.name} is encrypted`);
    check(entry.raw.canDecodeFileData(), `${entry.name} uses unsupported zip compression method ${entry.raw.compressionMethod}`);
    try {
      const stream = await this.zip.openReadStreamPromise(entry.raw);
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limit) {
          stream.destroy();
          invalid(`${entry.name} inflates beyond its limit of ${limit} bytes`);
        }
        chunks.push(chunk);
      }
      return Buffer.concat(chunks, total);
    } catch (error) {
      if (error instanceof InspectError) throw error;
      return invalid(`corrupt zip entry ${entry.name}: ${errorMessage(error)}`);
    }
  }

  close(): void {
    if (this.zip.isOpen) this.zip.close();
    this.onClose();
    this.onClose = () => {};
  }
}

const BLOCK = 256 * 1024;
const CACHED_BLOCKS = 8;

/**
 * yauzl issues two small reads per central directory record; against a file descriptor that costs
 * ~60 µs per entry (4 s for 65k entries). Small reads are served from a few cached 256 KiB blocks
 * instead (aligned with a ranged source's own blocks, so each costs a bucket at most one request);
 * entry data is streamed straight from the source.
 */
class BlockCacheReader extends yauzl.RandomAccessReader {
  private readonly blocks = new Map<number, Promise<Buffer>>();

  constructor(private readonly source: ArtifactSource) {
    super();
  }

  private block(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached) return cached;
    const block = this.source.readUpTo(index * BLOCK, BLOCK);
    // A failed read is not kept (yauzl reports it; a later read asks again).
    block.catch(() => {
      if (this.blocks.get(index) === block) this.blocks.delete(index);
    });
    this.blocks.set(index, block);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value ?? index);
    return block;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const task = async (): Promise<number> => {
      if (length > BLOCK) return (await this.source.readUpTo(position, length)).copy(buffer, offset);
      let done = 0;
      while (done < length) {
        const at = position + done;
        const data = await this.block(Math.floor(at / BLOCK));
        const start = at % BLOCK;
        if (start >= data.length) break;
        done += data.copy(buffer, offset + done, start, Math.min(data.length, start + length - done));
      }
      return done;
    };
    task().then(
      (bytesRead) => callback(null, bytesRead),
      (error: Error) => callback(error),
    );
  }

  /** Not an fs stream: those close a FileHandle when they end, and the source is not only files. */
  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.source.stream(start, end), { objectMode: false });
  }

  override close(callback: (error: Error | null) => void): void {
    this.blocks.clear();
    callback(null);
  }
}
