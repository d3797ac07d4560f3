import { BlobStoreError } from "./errors";

/**
 * Fail-fast exclusivity per staging id. A second writer fails with BUSY instead of queueing: its
 * offset would be stale by the time the first finishes, and the first may be a stalled client.
 * In-process only; one server process owns a data dir.
 */
export class ExclusiveKeys {
  private readonly held = new Set<string>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.held.has(key)) throw new BlobStoreError("BUSY", "another operation on this upload is in progress");
    this.held.add(key);
    try {
      return await task();
    } finally {
      this.held.delete(key);
    }
  }
}

/** Queues tasks per key: commits and removals of one digest run one at a time, in call order. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
