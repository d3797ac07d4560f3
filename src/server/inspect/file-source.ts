import { open, type FileHandle } from "node:fs/promises";
import { type ArtifactSource, rangeProblem } from "./artifact-source";
import { check, invalid } from "./errors";

/** Sequential reads (digests, large zip members) go in chunks this size: large enough for full disk speed. */
const STREAM_CHUNK = 1024 * 1024;

/** Random-access reads of an artifact on disk; the artifact itself is never read whole. */
export class FileSource implements ArtifactSource {
  /** A local disk's errors are reported as they always were: as the verdict's reason. */
  readonly failure = undefined;

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

  async read(offset: number, length: number, what = "data"): Promise<Buffer> {
    const problem = rangeProblem(offset, length, this.size, what);
    if (problem) invalid(problem);
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      check(bytesRead > 0, `truncated file: unexpected end while reading ${what}`);
      done += bytesRead;
    }
    return buffer;
  }

  async readUpTo(offset: number, length: number): Promise<Buffer> {
    const available = Math.max(0, Math.min(length, this.size - offset));
    return this.read(offset, available);
  }

  async *stream(start: number, end: number): AsyncGenerator<Buffer> {
    for (let position = start; position < end; ) {
      const length = Math.min(STREAM_CHUNK, end - position);
      const { buffer, bytesRead } = await this.handle.read(Buffer.allocUnsafe(length), 0, length, position);
      if (bytesRead === 0) throw new Error("unexpected end of file");
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
