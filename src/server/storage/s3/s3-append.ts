import { UploadPartCommand } from "@aws-sdk/client-s3";
import type { IHasher } from "hash-wasm";
import type { Readable } from "node:stream";
import { BlobStoreError } from "../errors";
import { tooLarge } from "../write-contract";
import { freshHashState, loadHash, saveHash } from "./running-hash";
import { abortQuietly, createMultipartUpload, deleteQuietly, putObject, readSmallObject } from "./s3-objects";
import { busy, type S3StoreDeps, saveRecord } from "./staging-deps";
import type { S3StagingRecord } from "./staging-state";

// One append (a tus PATCH) to a resumable upload kept as one S3 multipart upload. S3 wants parts of
// at least 5 MiB but for the last, while a PATCH may carry any number of bytes, so the bytes after
// the last full part live in a small "tail" object of their own. An append reads that tail back,
// adds the new bytes, uploads every part it fills, and writes what remains as a new tail object
// (a fresh key, never an overwrite) before it resolves: every acknowledged byte is in the bucket
// and in the record, and any server can continue. Memory per append: the part being filled and,
// while it uploads, its joined copy (the source is not read meanwhile), so at most two part sizes
// whatever the upload's size. The price of the tail: an append re-reads and re-writes up to one
// part, which PATCHes of a few bytes each would pay every time (tus clients send large ones).
//
// Crash safety comes from the order of writes: a part number is claimed in the record before its
// upload, a part or tail counts only once the record says so (compare-and-set), and an object the
// record stops naming is deleted only after that write. A crash anywhere leaves the last record,
// whose objects all still exist; the client resumes from its size, and the lost bytes' orphans
// (a part never completed, a tail never named) go with discard or commit.

const MiB = 1024 * 1024;
const MAX_PARTS = 10_000;
/** Parts are sized so maxBytes fits in this many, leaving numbers for claims lost to crashes and races. */
const PLANNED_PARTS = 9_000;

export function partSizeFor(minPartSize: number, maxBytes: number): number {
  const needed = Math.ceil(maxBytes / PLANNED_PARTS);
  return needed <= minPartSize ? minPartSize : Math.ceil(needed / MiB) * MiB;
}

export async function appendStaged(deps: S3StoreDeps, id: string, source: Readable, offset: number, maxBytes: number): Promise<{ size: number }> {
  let record = await deps.state.get(id);
  if (record === null) {
    if (offset > 0) throw new BlobStoreError("NOT_FOUND", "no staged upload with this id");
    record = await newRecord(deps, id, maxBytes);
    if (!(await deps.state.create(record))) throw busy();
  } else if (record.size !== offset) {
    throw new BlobStoreError("OFFSET_MISMATCH", `offset ${offset} does not match the staged size ${record.size}`, { expected: record.size, actual: offset });
  }
  const writer = new TailWriter(deps, record, await loadHash(record.hashState));
  const iterator = source[Symbol.asyncIterator]();
  let sourceError: unknown = null;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        // The client went away: what arrived is kept (below), and it resumes from there.
        sourceError = error;
        break;
      }
      if (next.done) break;
      await writer.add(asBuffer(next.value), maxBytes);
    }
  } catch (error) {
    source.destroy();
    throw error;
  }
  await writer.saveTail();
  await writer.dropReplacedTails();
  if (sourceError !== null) throw sourceError;
  return { size: writer.record.size };
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

async function newRecord(deps: S3StoreDeps, id: string, maxBytes: number): Promise<S3StagingRecord> {
  const now = deps.now();
  return {
    id,
    version: 1,
    objectKey: deps.keys.freshStagingKey(id, "object"),
    partSize: partSizeFor(deps.minPartSize, maxBytes),
    uploadId: null,
    nextPartNumber: 1,
    parts: [],
    tailKey: null,
    tailSize: 0,
    size: 0,
    hashState: await freshHashState(),
    assembled: false,
    createdAt: now,
    modifiedAt: now,
  };
}

/** The bytes after the last part: the saved tail, then this append's bytes not yet in a part. */
class TailWriter {
  private chunks: Buffer[] = [];
  private filled = 0;
  /** Read on the first new byte: an empty append (a client's final or probing PATCH) costs no GET. */
  private tailRead = false;
  /** Bytes in `chunks` that no saved tail holds. */
  private unsaved = 0;
  /** Tail objects the record no longer names: deleted once this append has saved its last write. */
  private replaced: string[] = [];
  private readonly original: S3StagingRecord;

  constructor(
    private readonly deps: S3StoreDeps,
    public record: S3StagingRecord,
    private readonly hasher: IHasher,
  ) {
    this.original = record;
  }

  private async readTail(): Promise<void> {
    this.tailRead = true;
    const { tailKey, tailSize } = this.record;
    if (tailKey === null) return;
    const bytes = await readSmallObject(this.deps, tailKey);
    if (bytes?.length !== tailSize) {
      // Gone because another server's append replaced it since we read the record: that one wins.
      if ((await this.deps.state.get(this.record.id))?.version !== this.record.version) throw busy();
      throw new Error(`the tail of staged upload ${this.record.id} is missing or has the wrong size`);
    }
    this.chunks.push(bytes);
    this.filled = bytes.length;
  }

  async add(chunk: Buffer, maxBytes: number): Promise<void> {
    if (chunk.length === 0) return;
    if (this.record.size + this.unsaved + chunk.length > maxBytes) {
      await this.revert();
      throw tooLarge(maxBytes);
    }
    if (!this.tailRead) await this.readTail();
    let rest = chunk;
    while (rest.length > 0) {
      const piece = rest.subarray(0, this.record.partSize - this.filled);
      rest = rest.subarray(piece.length);
      this.hasher.update(piece);
      this.chunks.push(piece);
      this.filled += piece.length;
      this.unsaved += piece.length;
      if (this.filled === this.record.partSize) await this.uploadPart();
    }
  }

  private async uploadPart(): Promise<void> {
    const number = await this.claimPartNumber();
    const body = Buffer.concat(this.chunks, this.filled);
    const { uploadId, objectKey } = this.record;
    const { ETag } = await this.deps.client.send(
      new UploadPartCommand({ Bucket: this.deps.bucket, Key: objectKey, UploadId: uploadId ?? undefined, PartNumber: number, Body: body, ContentLength: body.length }),
    );
    if (!ETag) throw new Error("UploadPart returned no ETag");
    const before = this.record;
    this.record = await saveRecord(this.deps, before, {
      parts: [...before.parts, { number, size: body.length, etag: ETag }],
      tailKey: null,
      tailSize: 0,
      size: before.size - before.tailSize + body.length,
      hashState: saveHash(this.hasher),
    });
    if (before.tailKey !== null) this.replaced.push(before.tailKey);
    this.chunks = [];
    this.filled = 0;
    this.unsaved = 0;
  }

  /** Claims the next part number (and creates the multipart upload for the first part). */
  private async claimPartNumber(): Promise<number> {
    const current = this.record;
    const number = current.nextPartNumber;
    if (number > MAX_PARTS) throw new BlobStoreError("TOO_LARGE", `upload needs more than ${MAX_PARTS} parts`, { limit: MAX_PARTS });
    const uploadId = current.uploadId ?? (await createMultipartUpload(this.deps, current.objectKey));
    try {
      this.record = await saveRecord(this.deps, current, { uploadId, nextPartNumber: number + 1 });
    } catch (error) {
      if (current.uploadId === null) await abortQuietly(this.deps, current.objectKey, uploadId);
      throw error;
    }
    return number;
  }

  async saveTail(): Promise<void> {
    if (this.unsaved === 0) return;
    const key = this.deps.keys.freshStagingKey(this.record.id, "tail");
    await putObject(this.deps, key, Buffer.concat(this.chunks, this.filled));
    const before = this.record;
    try {
      this.record = await saveRecord(this.deps, before, {
        tailKey: key,
        tailSize: this.filled,
        size: before.size - before.tailSize + this.filled,
        hashState: saveHash(this.hasher),
      });
    } catch (error) {
      await deleteQuietly(this.deps, key);
      throw error;
    }
    if (before.tailKey !== null) this.replaced.push(before.tailKey);
    this.unsaved = 0;
  }

  /**
   * Over maxBytes: back to the record this append started from (its tail object still exists,
   * as replaced tails are deleted only at the end), keeping the claimed numbers and the upload id.
   * Parts this append uploaded stay behind as orphans that no completion names.
   */
  private async revert(): Promise<void> {
    this.replaced = [];
    if (this.record.version === this.original.version) return;
    const { uploadId, nextPartNumber } = this.record;
    this.record = await saveRecord(this.deps, this.record, { ...this.original, uploadId, nextPartNumber });
  }

  async dropReplacedTails(): Promise<void> {
    for (const key of this.replaced) await deleteQuietly(this.deps, key);
    this.replaced = [];
  }
}
