import type { S3StagingRecord, S3StagingState } from "./staging-state";

// S3StagingState in one process's memory: tests, and a single server whose uploads need not
// survive a restart of that server (the bytes are in the bucket, but nothing would find them).
// Records are copied in and out, as a database row would be, so a caller mutating what it read
// never changes the stored state behind the compare-and-set.
export class MemoryS3StagingState implements S3StagingState {
  private readonly records = new Map<string, S3StagingRecord>();
  private readonly stored = new Map<string, Date>();

  async get(id: string): Promise<S3StagingRecord | null> {
    const record = this.records.get(id);
    return record ? structuredClone(record) : null;
  }

  async create(record: S3StagingRecord): Promise<boolean> {
    if (this.records.has(record.id)) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async compareAndSet(expectedVersion: number, record: S3StagingRecord): Promise<boolean> {
    if (this.records.get(record.id)?.version !== expectedVersion) return false;
    this.records.set(record.id, structuredClone(record));
    return true;
  }

  async delete(id: string): Promise<void> {
    this.records.delete(id);
  }

  async *list(): AsyncIterable<S3StagingRecord> {
    for (const record of [...this.records.values()]) yield structuredClone(record);
  }

  async storedAt(sha256: string): Promise<Date | null> {
    const at = this.stored.get(sha256);
    return at ? new Date(at) : null;
  }

  async markStored(sha256: string, at: Date): Promise<void> {
    this.stored.set(sha256, new Date(at));
  }

  async forgetStored(sha256: string): Promise<void> {
    this.stored.delete(sha256);
  }
}
