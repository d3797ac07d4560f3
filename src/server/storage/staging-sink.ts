import type { FileHandle } from "node:fs/promises";
import { type Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { HashState } from "./hashing";

// Small on purpose: chunks queued here live through young-generation GCs and get promoted, and in
// a process with a large heap (Next's) every few dozen MB of promoted socket buffers then costs a
// full mark-compact. Measured on a 1 GiB upload (bench/): 1 MiB here meant ~35 of them per GiB
// and 2+ s of GC CPU; at 64 KiB the socket holds the backlog instead and there are none.
const SINK_HIGH_WATER_MARK = 64 * 1024;

// Writes at explicit positions from `state.size` and counts a batch only once it is on disk, so
// after any failure `state.size` equals the bytes written. Each batch is hashed while its write
// runs on the thread pool; if a write fails, the hash has seen bytes the file may not hold, so
// the sink marks itself `poisoned` and the caller must drop the running state.
export class StagingSink extends Writable {
  poisoned = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: FileHandle,
    private readonly state: HashState,
    private readonly limit: number,
    private readonly overflow: () => Error,
  ) {
    super({ highWaterMark: SINK_HIGH_WATER_MARK });
  }

  /** Resolves once no write is pending, so the caller may truncate, fsync or close the file. */
  settled(): Promise<void> {
    return this.inFlight;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeBatch([chunk], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeBatch(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  private writeBatch(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    const length = buffers.reduce((n, b) => n + b.length, 0);
    if (this.state.size + length > this.limit) {
      callback(this.overflow());
      return;
    }
    const written = writeFully(this.file, buffers, this.state.size);
    for (const buffer of buffers) this.state.update(buffer);
    this.inFlight = written.then(
      () => {
        this.state.size += length;
        callback();
      },
      (error: Error) => {
        this.poisoned = true;
        callback(error);
      },
    );
  }
}

export type StreamOutcome = { ok: true } | { ok: false; error: unknown; poisoned: boolean };

/** Pipes `source` into the file from `state.size` on; returns only once no write is pending. */
export async function streamToFile(handle: FileHandle, source: Readable, state: HashState, limit: number, overflow: () => Error): Promise<StreamOutcome> {
  const sink = new StagingSink(handle, state, limit, overflow);
  try {
    await pipeline(source, sink);
    return { ok: true };
  } catch (error) {
    await sink.settled();
    return { ok: false, error, poisoned: sink.poisoned };
  }
}

async function writeFully(file: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const { bytesWritten } = await file.writev(pending, position);
    if (bytesWritten === 0) throw new Error("write made no progress");
    position += bytesWritten;
    pending = dropBytes(pending, bytesWritten);
  }
}

function dropBytes(buffers: Buffer[], count: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (count >= buffer.length) {
      count -= buffer.length;
    } else {
      rest.push(count > 0 ? buffer.subarray(count) : buffer);
      count = 0;
    }
  }
  return rest;
}
