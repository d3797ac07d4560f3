import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";

export const READ_CHUNK_BYTES = 1024 * 1024;

export interface BlobDigests {
  sha256: string;
  /** base64, the form electron-updater's latest.yml carries. */
  sha512: string;
  /** hex, for Squirrel's RELEASES file. */
  sha1: string;
  size: number;
}

/** The running sha256/sha512/sha1 of the bytes seen so far; all three fed from one pass. */
export class HashState {
  constructor(
    private readonly sha256: Hash = createHash("sha256"),
    private readonly sha512: Hash = createHash("sha512"),
    private readonly sha1: Hash = createHash("sha1"),
    public size = 0,
  ) {}

  update(chunk: Buffer): void {
    this.sha256.update(chunk);
    this.sha512.update(chunk);
    this.sha1.update(chunk);
  }

  /** A checkpoint to roll back to: Hash objects cannot forget bytes once fed. */
  copy(): HashState {
    return new HashState(this.sha256.copy(), this.sha512.copy(), this.sha1.copy(), this.size);
  }

  /** Digests of a copy, so the state stays usable if committing fails after this point. */
  digests(): BlobDigests {
    const c = this.copy();
    return { sha256: c.sha256.digest("hex"), sha512: c.sha512.digest("base64"), sha1: c.sha1.digest("hex"), size: this.size };
  }
}

/** Re-hashes the first `length` bytes of a file; the slow path when no running state is in memory. */
export async function hashFilePrefix(file: FileHandle, length: number): Promise<HashState> {
  const state = new HashState();
  const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  while (state.size < length) {
    const want = Math.min(buffer.length, length - state.size);
    const { bytesRead } = await file.read(buffer, 0, want, state.size);
    if (bytesRead === 0) throw new Error(`staged file ended at ${state.size} of ${length} bytes`);
    state.update(buffer.subarray(0, bytesRead));
    state.size += bytesRead;
  }
  return state;
}
