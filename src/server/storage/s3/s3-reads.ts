import { GetObjectCommand, type GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BlobStoreError } from "../errors";
import { assertByteCount } from "../paths";
import type { ByteRange } from "../types";
import { type Bucket, headObject, isMissing, statusOf } from "./s3-objects";

// Reads are ranged GETs streamed as they arrive: memory stays at the socket's buffers whatever the
// blob's size. The range is checked against the size the response itself reports (Content-Range),
// so the check and the bytes come from the same object, as the disk store checks an open handle.

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/** A blob's bytes (or a range of them); NOT_FOUND and RANGE_NOT_SATISFIABLE before any byte. */
export async function openObject(b: Bucket, key: string, range: ByteRange | undefined): Promise<Readable> {
  if (range !== undefined) {
    assertByteCount(range.start, "range start");
    assertByteCount(range.end, "range end");
    // S3 ignores a backwards range and sends everything: ask only whether the blob exists.
    if (range.start > range.end) {
      const head = await headObject(b, key);
      if (head === null) throw notFound();
      throw unsatisfiable(range, head.size);
    }
  }
  let response: GetObjectCommandOutput;
  try {
    response = await b.client.send(new GetObjectCommand({ Bucket: b.bucket, Key: key, Range: range && `bytes=${range.start}-${range.end}` }));
  } catch (error) {
    if (isMissing(error)) throw notFound();
    if (range !== undefined && statusOf(error) === 416) throw unsatisfiable(range, (await headObject(b, key))?.size ?? null);
    throw error;
  }
  const body = response.Body instanceof Readable ? response.Body : Readable.from([]);
  if (range === undefined) return body;
  // Content-Range absent: the server ignored the Range header and sends the whole object.
  const served = CONTENT_RANGE.exec(response.ContentRange ?? "");
  const [from, to, size] = served ? [Number(served[1]), Number(served[2]), Number(served[3])] : [0, (response.ContentLength ?? 0) - 1, response.ContentLength ?? 0];
  if (range.end >= size) {
    body.destroy();
    throw unsatisfiable(range, size);
  }
  // S3 clamps an end past the size (caught above); some servers answer more than asked (s3rver
  // serves "bytes=0-0" whole): cut the response down to exactly the range.
  if (from === range.start && to === range.end) return body;
  if (from > range.start || to < range.end) {
    body.destroy();
    throw new Error(`S3 answered bytes ${from}-${to} for a request of ${range.start}-${range.end}`);
  }
  return Readable.from(sliceBytes(body, range.start - from, range.end - range.start + 1));
}

async function* sliceBytes(body: Readable, skip: number, length: number): AsyncGenerator<Buffer> {
  let toSkip = skip;
  let left = length;
  // Returning early ends the for-await, which destroys the response body.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    let piece = chunk;
    if (toSkip > 0) {
      const dropped = Math.min(toSkip, piece.length);
      piece = piece.subarray(dropped);
      toSkip -= dropped;
    }
    if (piece.length === 0) continue;
    const taken = piece.subarray(0, left);
    left -= taken.length;
    yield taken;
    if (left === 0) return;
  }
}

/**
 * Writes the stream into `destination` at the pace it accepts, without ending it. True when every
 * byte was written (the last write's callback came), false when the destination closed first.
 */
export async function pumpInto(body: Readable, destination: Writable): Promise<boolean> {
  let onClose = () => {};
  const closed = new Promise<false>((resolve) => {
    onClose = () => resolve(false);
    destination.once("close", onClose);
    destination.once("error", onClose);
  });
  try {
    let last: Promise<boolean> = Promise.resolve(true);
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (destination.destroyed) return false;
      last = new Promise((resolve) => destination.write(chunk, (error) => resolve(!error)));
      if (destination.writableNeedDrain) {
        const drained = new Promise<true>((resolve) => destination.once("drain", () => resolve(true)));
        if (!(await Promise.race([drained, closed]))) return false;
      }
    }
    return (await Promise.race([last, closed])) && !destination.destroyed;
  } finally {
    destination.off("close", onClose);
    destination.off("error", onClose);
    body.destroy();
  }
}

/** A range read into memory, for random access (a zip's central directory) without a local file. */
export async function readObjectRange(b: Bucket, key: string, range: ByteRange, maxBytes: number): Promise<Buffer> {
  if (range.end - range.start + 1 > maxBytes) throw new BlobStoreError("INVALID_ARGUMENT", `a range read is limited to ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  for await (const chunk of await openObject(b, key, range)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Downloads to a private temporary file for fn, removed afterwards (whole-file readers only). */
export async function withDownloadedFile<T>(b: Bucket, key: string, tempDir: string, fn: (file: string) => Promise<T>): Promise<T> {
  const body = await openObject(b, key, undefined);
  const dir = await mkdtemp(path.join(tempDir, "shipyard-blob-")).catch((error: unknown) => {
    body.destroy();
    throw error;
  });
  try {
    const file = path.join(dir, "blob");
    await pipeline(body, createWriteStream(file, { mode: 0o600, flags: "wx" }));
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function notFound(): BlobStoreError {
  return new BlobStoreError("NOT_FOUND", "blob not found");
}

function unsatisfiable(range: ByteRange, size: number | null): BlobStoreError {
  return new BlobStoreError("RANGE_NOT_SATISFIABLE", `range ${range.start}-${range.end} is outside the blob`, { size });
}
