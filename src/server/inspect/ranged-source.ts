import { type ArtifactSource, rangeProblem } from "./artifact-source";
import { invalid } from "./errors";

/** Fetches bytes [start, end) of a remote artifact, streamed as they arrive (one ranged GET). */
export type RangeFetcher = (start: number, end: number) => Promise<AsyncIterable<Buffer>>;

const KiB = 1024;
/**
 * Reads are served from aligned blocks of this size. A zip's directory records, an ar or tar walk,
 * a CFB sector chain issue hundreds of reads of a few dozen bytes each: one request per block.
 */
export const BLOCK_SIZE = 256 * KiB;
/** Sequential misses double the read-ahead up to this many blocks (2 MiB) per request. */
const MAX_RUN = 8;
/** 8 MiB: memory stays bounded whatever the artifact's size. */
const CACHED_BLOCKS = 32;
/** Longer reads and streams bypass the blocks: fetched as one range, not kept. */
const DIRECT_BYTES = 4 * BLOCK_SIZE;

/**
 * An artifact read by ranged requests, through a bounded LRU of aligned blocks with read-ahead:
 * only the byte ranges the inspectors ask for (rounded to blocks) cross the network.
 */
export class RangedSource implements ArtifactSource {
  /** Insertion order is recency order: a hit moves its block to the end, eviction takes the first. */
  private readonly blocks = new Map<number, Promise<Buffer>>();
  private nextSequential = -1;
  private run = 1;
  failure: Error | undefined;

  constructor(
    readonly size: number,
    private readonly fetcher: RangeFetcher,
  ) {}

  async read(offset: number, length: number, what = "data"): Promise<Buffer> {
    const problem = rangeProblem(offset, length, this.size, what);
    if (problem) invalid(problem);
    if (length > DIRECT_BYTES) return this.fetchBytes(offset, offset + length);
    const out = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const at = offset + done;
      const block = await this.block(Math.floor(at / BLOCK_SIZE));
      const from = at % BLOCK_SIZE;
      // Every block but the last is full and the range lies within the size: each copy advances.
      done += block.copy(out, done, from, Math.min(block.length, from + length - done));
    }
    return out;
  }

  async readUpTo(offset: number, length: number): Promise<Buffer> {
    return this.read(offset, Math.max(0, Math.min(length, this.size - offset)));
  }

  async *stream(start: number, end: number): AsyncGenerator<Buffer> {
    const problem = rangeProblem(start, end - start, this.size, "data");
    if (problem) invalid(problem);
    if (end === start) return;
    if (end - start <= DIRECT_BYTES) yield await this.read(start, end - start);
    else yield* this.fetched(start, end);
  }

  async close(): Promise<void> {
    this.blocks.clear();
  }

  private block(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached) {
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    this.run = index === this.nextSequential ? Math.min(this.run * 2, MAX_RUN) : 1;
    const lastIndex = Math.ceil(this.size / BLOCK_SIZE) - 1;
    let count = 1;
    while (count < this.run && index + count <= lastIndex && !this.blocks.has(index + count)) count++;
    this.nextSequential = index + count;
    const start = index * BLOCK_SIZE;
    const whole = this.fetchBytes(start, Math.min(this.size, start + count * BLOCK_SIZE));
    let first: Promise<Buffer> | undefined;
    for (let i = 0; i < count; i++) {
      const block = whole.then((bytes) => bytes.subarray(i * BLOCK_SIZE, (i + 1) * BLOCK_SIZE));
      // A failed fetch is not cached (the next read asks again); nobody may await the read-ahead blocks.
      block.catch(() => {
        if (this.blocks.get(index + i) === block) this.blocks.delete(index + i);
      });
      this.blocks.set(index + i, block);
      first ??= block;
    }
    while (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value ?? index);
    return first ?? whole;
  }

  private async fetchBytes(start: number, end: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.fetched(start, end)) chunks.push(chunk);
    return Buffer.concat(chunks, end - start);
  }

  /** The fetcher's bytes, checked to be exactly the range; any failure is remembered (see `failure`). */
  private async *fetched(start: number, end: number): AsyncGenerator<Buffer> {
    let received = 0;
    try {
      for await (const chunk of await this.fetcher(start, end)) {
        received += chunk.length;
        if (received > end - start) throw new Error(`the store sent more than the ${end - start} bytes asked for at ${start}`);
        yield chunk;
      }
      if (received !== end - start) throw new Error(`the store sent ${received} of the ${end - start} bytes asked for at ${start}`);
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }
}
