import { createHash, type Hash } from "node:crypto";
import { type FileHandle, open } from "node:fs/promises";

export const READ_CHUNK_BYTES = 1024 * 1024;

export interface BlobDigests {
  /** hex; the blob's address. */
  sha256: string;
  size: number;
}

// Only the address is hashed while bytes stream in: it is what a commit verifies. Other digests
// (sha512 for electron-updater feeds, sha1 for Squirrel) are derived data, computed off the
// request path by inspection (src/server/inspect/digests.ts), and only for files that need them.
/** The running sha256 of the bytes seen so far. */
export class HashState {
  constructor(
    private readonly sha256: Hash = createHash("sha256"),
    public size = 0,
  ) {}

  update(chunk: Buffer): void {
    this.sha256.update(chunk);
  }

  /** A checkpoint to roll back to: Hash objects cannot forget bytes once fed. */
  copy(): HashState {
    return new HashState(this.sha256.copy(), this.size);
  }

  /** Digests of a copy, so the state stays usable if committing fails after this point. */
  digests(): BlobDigests {
    return { sha256: this.sha256.copy().digest("hex"), size: this.size };
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

/** SHA-256 and size of a whole file. */
export async function hashFile(path: string): Promise<BlobDigests> {
  const handle = await open(path, "r");
  try {
    return (await hashFilePrefix(handle, (await handle.stat()).size)).digests();
  } finally {
    await handle.close();
  }
}
