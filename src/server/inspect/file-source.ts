import { open, type FileHandle } from "node:fs/promises";
import { check } from "./errors";

/** Random-access reads of an artifact on disk; the artifact itself is never read whole. */
export class FileSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const handle = await open(path, "r");
    try {
      const stat = await handle.stat();
      check(stat.isFile(), "not a regular file");
      return new FileSource(handle, path, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Exactly `length` bytes at `offset`, or an InspectError if the file ends first. */
  async read(offset: number, length: number, what = "data"): Promise<Buffer> {
    check(
      Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= this.size,
      `truncated file: ${what} at ${offset}+${length} lies beyond the end (${this.size} bytes)`,
    );
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      check(bytesRead > 0, `truncated file: unexpected end while reading ${what}`);
      done += bytesRead;
    }
    return buffer;
  }

  /** Up to `length` bytes at `offset` (fewer near the end of the file). */
  async readUpTo(offset: number, length: number): Promise<Buffer> {
    const available = Math.max(0, Math.min(length, this.size - offset));
    return this.read(offset, available);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
