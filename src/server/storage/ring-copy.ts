import type { FileHandle } from "node:fs/promises";
import type { Writable } from "node:stream";
import { READ_CHUNK_BYTES } from "./hashing";

/** Buffers per copy: at most this many chunks are handed to the destination and not yet written. */
const RING_SIZE = 4;

// Copies bytes [start, end) of a file into a writable through a small ring of reused buffers.
// A read stream allocates a fresh chunk for every read, and on a fast link the page faults of
// those fresh pages cost more than the copy itself. A buffer is reused only once the destination's
// write callback says its bytes are gone; that also bounds memory to RING_SIZE chunks per copy,
// whatever the client's speed (the backpressure of `drain`, without its extra wait).

/** Resolves true when every byte was written, false when the destination closed or failed first. */
export async function copyFileRange(handle: FileHandle, start: number, end: number, destination: Writable): Promise<boolean> {
  const ring = Array.from({ length: RING_SIZE }, () => Buffer.allocUnsafeSlow(READ_CHUNK_BYTES));
  const written: Promise<boolean>[] = ring.map(() => Promise.resolve(true));
  // A response whose socket closed may never call back pending writes: closing ends the wait.
  let onClose = () => {};
  const closed = new Promise<false>((resolve) => {
    onClose = () => resolve(false);
    destination.once("close", onClose);
    destination.once("error", onClose);
  });
  try {
    for (let position = start, turn = 0; position < end; turn++) {
      const slot = turn % RING_SIZE;
      const buffer = ring[slot] as Buffer;
      if (!(await Promise.race([written[slot], closed])) || destination.destroyed) return false;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) throw new Error(`file ended at ${position} of ${end} bytes`);
      position += bytesRead;
      written[slot] = new Promise((resolve) => destination.write(buffer.subarray(0, bytesRead), (error) => resolve(!error)));
    }
    const results = await Promise.race([Promise.all(written), closed]);
    return results !== false && results.every(Boolean) && !destination.destroyed;
  } finally {
    destination.off("close", onClose);
    destination.off("error", onClose);
  }
}
