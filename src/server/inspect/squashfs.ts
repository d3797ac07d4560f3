import { inflateSync } from "node:zlib";
import { decompress } from "./decompress";
import { check, errorMessage, InspectError, invalid } from "./errors";
import type { ArtifactSource } from "./artifact-source";

/**
 * A read-only squashfs 4.0 reader (AppImage payloads, snaps) by random access: superblock,
 * metadata blocks, directories, regular files, symlinks. gzip, xz and zstd compression.
 */
export interface SquashfsEntry {
  name: string;
  type: number;
  inode: bigint;
}

interface Inode {
  type: number;
  dirStart?: number;
  dirOffset?: number;
  dirSize?: number;
  fileSize?: number;
  blocksStart?: number;
  fragment?: number;
  fragmentOffset?: number;
  blockSizes?: number[];
  target?: string;
}

const COMPRESSORS: Record<number, string> = { 1: "gzip", 2: "lzma", 3: "lzo", 4: "xz", 5: "lz4", 6: "zstd" };
const METADATA_BLOCK = 8192;
const NO_FRAGMENT = 0xffffffff;

export class Squashfs {
  private readonly metadataCache = new Map<number, { data: Buffer; next: number }>();

  private constructor(
    private readonly source: ArtifactSource,
    readonly base: number,
    readonly blockSize: number,
    readonly compression: string,
    readonly bytesUsed: number,
    private readonly rootInode: bigint,
    private readonly inodeTable: number,
    private readonly directoryTable: number,
    private readonly fragmentTable: number,
    private readonly fragmentCount: number,
  ) {}

  static async open(source: ArtifactSource, base: number): Promise<Squashfs> {
    const sb = await source.read(base, 96, "squashfs superblock");
    check(sb.toString("latin1", 0, 4) === "hsqs", "no squashfs superblock");
    check(sb.readUInt16LE(28) === 4, `unsupported squashfs version ${sb.readUInt16LE(28)}`);
    const blockSize = sb.readUInt32LE(12);
    check(blockSize >= 4096 && blockSize <= 1024 * 1024 && (blockSize & (blockSize - 1)) === 0, "bad squashfs block size");
    const compression = COMPRESSORS[sb.readUInt16LE(20)] ?? `unknown-${sb.readUInt16LE(20)}`;
    const bytesUsed = Number(sb.readBigUInt64LE(40));
    check(base + bytesUsed <= source.size, `truncated file: squashfs needs ${base + bytesUsed} bytes, file has ${source.size}`);
    return new Squashfs(
      source,
      base,
      blockSize,
      compression,
      bytesUsed,
      sb.readBigUInt64LE(32),
      Number(sb.readBigUInt64LE(64)),
      Number(sb.readBigUInt64LE(72)),
      Number(sb.readBigUInt64LE(80)),
      sb.readUInt32LE(16),
    );
  }

  private async inflate(data: Buffer, maxBytes: number): Promise<Buffer> {
    try {
      if (this.compression === "gzip") return inflateSync(data, { maxOutputLength: maxBytes });
      if (this.compression === "xz" || this.compression === "zstd") return await decompress(data, this.compression, maxBytes);
    } catch (error) {
      if (error instanceof InspectError) throw error;
      invalid(`corrupt squashfs block: ${errorMessage(error)}`);
    }
    return invalid(`squashfs ${this.compression} compression is not supported`);
  }

  private async metadataBlock(position: number): Promise<{ data: Buffer; next: number }> {
    const cached = this.metadataCache.get(position);
    if (cached) return cached;
    check(position + 2 <= this.bytesUsed, "squashfs metadata out of range");
    const header = (await this.source.read(this.base + position, 2, "squashfs metadata")).readUInt16LE(0);
    const size = header & 0x7fff;
    check(size > 0 && size <= METADATA_BLOCK, "bad squashfs metadata block");
    const raw = await this.source.read(this.base + position + 2, size, "squashfs metadata");
    const data = header & 0x8000 ? raw : await this.inflate(raw, METADATA_BLOCK);
    const block = { data, next: position + 2 + size };
    if (this.metadataCache.size < 1024) this.metadataCache.set(position, block);
    return block;
  }

  /** `length` bytes starting `offset` bytes into the metadata block at `position` (may span blocks). */
  private async metadata(position: number, offset: number, length: number): Promise<Buffer> {
    check(length <= 4 * 1024 * 1024, "squashfs metadata read is too large");
    const chunks: Buffer[] = [];
    let have = -offset;
    while (have < length) {
      // Reads may run past the last block (small inodes at the end of the table): pad with zeros.
      if (position + 2 > this.bytesUsed) break;
      const block = await this.metadataBlock(position);
      chunks.push(block.data);
      have += block.data.length;
      position = block.next;
    }
    const data = Buffer.concat(chunks).subarray(offset, offset + length);
    return data.length === length ? data : Buffer.concat([data, Buffer.alloc(length - Math.max(0, data.length))]);
  }

  private async inode(ref: bigint): Promise<Inode> {
    const position = this.inodeTable + Number(ref >> 16n);
    const offset = Number(ref & 0xffffn);
    const head = await this.metadata(position, offset, 56);
    const type = head.readUInt16LE(0);
    switch (type) {
      case 1:
        return { type, dirStart: head.readUInt32LE(16), dirSize: head.readUInt16LE(24), dirOffset: head.readUInt16LE(26) };
      case 8:
        return { type: 1, dirSize: head.readUInt32LE(20), dirStart: head.readUInt32LE(24), dirOffset: head.readUInt16LE(34) };
      case 2:
      case 9: {
        const ext = type === 9;
        const fileSize = ext ? Number(head.readBigUInt64LE(24)) : head.readUInt32LE(28);
        const fragment = ext ? head.readUInt32LE(44) : head.readUInt32LE(20);
        const listAt = ext ? 56 : 32;
        const blocks = fragment === NO_FRAGMENT ? Math.ceil(fileSize / this.blockSize) : Math.floor(fileSize / this.blockSize);
        check(blocks <= 65536, "squashfs file is too large to read");
        const full = await this.metadata(position, offset, listAt + blocks * 4);
        return {
          type: 2,
          fileSize,
          blocksStart: ext ? Number(head.readBigUInt64LE(16)) : head.readUInt32LE(16),
          fragment,
          fragmentOffset: ext ? head.readUInt32LE(48) : head.readUInt32LE(24),
          blockSizes: Array.from({ length: blocks }, (_, k) => full.readUInt32LE(listAt + k * 4)),
        };
      }
      case 3:
      case 10: {
        const size = head.readUInt32LE(20);
        check(size <= 4096, "squashfs symlink target is too long");
        return { type: 3, target: (await this.metadata(position, offset, 24 + size)).toString("utf8", 24) };
      }
      default:
        return { type };
    }
  }

  rootRef(): bigint {
    return this.rootInode;
  }

  async list(dirRef: bigint): Promise<SquashfsEntry[]> {
    const inode = await this.inode(dirRef);
    check(inode.type === 1, "squashfs path is not a directory");
    const size = Math.max(0, (inode.dirSize ?? 0) - 3);
    const data = await this.metadata(this.directoryTable + (inode.dirStart ?? 0), inode.dirOffset ?? 0, size);
    const entries: SquashfsEntry[] = [];
    for (let at = 0; at + 12 <= data.length && entries.length < 100_000; ) {
      const count = data.readUInt32LE(at) + 1;
      const start = data.readUInt32LE(at + 4);
      at += 12;
      for (let k = 0; k < count && at + 8 <= data.length; k++) {
        const offset = data.readUInt16LE(at);
        const nameSize = data.readUInt16LE(at + 6) + 1;
        entries.push({
          name: data.toString("utf8", at + 8, at + 8 + nameSize),
          type: data.readUInt16LE(at + 4),
          inode: (BigInt(start) << 16n) | BigInt(offset),
        });
        at += 8 + nameSize;
      }
    }
    return entries;
  }

  /** Looks a path up from the root, following symlinks (relative to their directory). */
  async lookup(path: string, depth = 0): Promise<bigint | undefined> {
    check(depth < 8, "squashfs symlink loop");
    let ref = this.rootInode;
    const parts = path.split("/").filter((p) => p && p !== ".");
    for (const [i, part] of parts.entries()) {
      const entry = (await this.list(ref)).find((e) => e.name === part);
      if (!entry) return undefined;
      ref = entry.inode;
      const inode = await this.inode(ref);
      if (inode.type === 3 && inode.target !== undefined) {
        if (inode.target.startsWith("/")) return undefined;
        const rest = [...parts.slice(0, i), inode.target, ...parts.slice(i + 1)].join("/");
        return this.lookup(rest, depth + 1);
      }
    }
    return ref;
  }

  async readFile(ref: bigint, maxBytes: number): Promise<Buffer> {
    const inode = await this.inode(ref);
    check(inode.type === 2, "squashfs path is not a regular file");
    const size = inode.fileSize ?? 0;
    check(size <= maxBytes, `squashfs file is too large (${size} bytes)`);
    const chunks: Buffer[] = [];
    let position = inode.blocksStart ?? 0;
    for (const word of inode.blockSizes ?? []) {
      const stored = word & 0xffffff;
      if (stored === 0) {
        chunks.push(Buffer.alloc(this.blockSize));
        continue;
      }
      check(position + stored <= this.bytesUsed, "squashfs data block out of range");
      const raw = await this.source.read(this.base + position, stored, "squashfs data block");
      chunks.push(word & 0x1000000 ? raw : await this.inflate(raw, this.blockSize));
      position += stored;
    }
    if (inode.fragment !== undefined && inode.fragment !== NO_FRAGMENT) {
      chunks.push(await this.fragmentTail(inode.fragment, inode.fragmentOffset ?? 0, size % this.blockSize));
    }
    return Buffer.concat(chunks).subarray(0, size);
  }

  private async fragmentTail(index: number, offset: number, length: number): Promise<Buffer> {
    check(index < this.fragmentCount, "squashfs fragment index out of range");
    const pointer = await this.source.read(this.base + this.fragmentTable + Math.floor(index / 512) * 8, 8, "squashfs fragment table");
    const entry = await this.metadata(Number(pointer.readBigUInt64LE(0)), (index % 512) * 16, 16);
    const start = Number(entry.readBigUInt64LE(0));
    const word = entry.readUInt32LE(8);
    const stored = word & 0xffffff;
    check(start + stored <= this.bytesUsed, "squashfs fragment out of range");
    const raw = await this.source.read(this.base + start, stored, "squashfs fragment");
    const block = word & 0x1000000 ? raw : await this.inflate(raw, this.blockSize);
    check(offset + length <= block.length, "squashfs fragment too short");
    return block.subarray(offset, offset + length);
  }
}
