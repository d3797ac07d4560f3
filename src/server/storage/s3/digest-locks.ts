import { KeyedMutex } from "../key-locks";

// Commits, deduplicating puts and removals of one digest run one at a time, so garbage collection
// never deletes bytes a concurrent commit just counted as stored. In one process a queue per key
// does it; several app servers need a lock they share (a PostgreSQL advisory lock on the digest,
// held for the task), behind the same interface.
export interface DigestLocks {
  run<T>(sha256: string, task: () => Promise<T>): Promise<T>;
}

export function createInProcessDigestLocks(): DigestLocks {
  return new KeyedMutex();
}
