// What the S3 blob store keeps outside the bucket, behind an interface the composition root fills:
// in memory for tests and a single process, in the database (PostgreSQL) when several app servers
// share a bucket. It holds each resumable upload's multipart state, so any server can answer
// HEAD/PATCH for any upload without ListParts, and when each digest was last stored, so garbage
// collection decides liveness from here and never from S3's LastModified (a deduplicated commit
// cannot refresh that date).

export interface S3StagedPart {
  /** 1…10000, strictly increasing in byte order (numbers claimed but never saved leave gaps). */
  number: number;
  size: number;
  etag: string;
}

export interface S3StagingRecord {
  id: string;
  /** Compare-and-set token: every write stores version + 1, conditional on the version read. */
  version: number;
  /** The key CompleteMultipartUpload assembles the parts under (unique per record). */
  objectKey: string;
  /** Every part but the last has exactly this size (≥ 5 MiB, S3's minimum). */
  partSize: number;
  /** Created with the first part; null while everything fits in the tail. */
  uploadId: string | null;
  /**
   * The next part number to claim. A writer claims a number (a write of this record) before it
   * uploads the part, so two servers never upload under the same number, and a number whose
   * upload was lost (crash, lost race) is never reused: its orphan part is just not completed.
   */
  nextPartNumber: number;
  parts: S3StagedPart[];
  /** The bytes after the last part (fewer than partSize), in an object of their own, or null. */
  tailKey: string | null;
  tailSize: number;
  /** Sum of the parts and the tail: the offset a client resumes from. */
  size: number;
  /** hash-wasm's saved SHA-256 state over exactly `size` bytes, base64. */
  hashState: string;
  /** CompleteMultipartUpload succeeded: objectKey holds all `size` bytes. */
  assembled: boolean;
  createdAt: Date;
  modifiedAt: Date;
}

export interface S3StagingState {
  get(id: string): Promise<S3StagingRecord | null>;
  /** Inserts; false when a record with this id exists already. */
  create(record: S3StagingRecord): Promise<boolean>;
  /** Replaces the record iff its stored version is `expectedVersion`; false otherwise or when gone. */
  compareAndSet(expectedVersion: number, record: S3StagingRecord): Promise<boolean>;
  /** Removes the record whatever its version; absent is fine. */
  delete(id: string): Promise<void>;
  /** Every record, walking lazily (recovery at start, orphan sweeps). */
  list(): AsyncIterable<S3StagingRecord>;

  /** When the bytes of this digest were last stored (a new blob, or a deduplicated put or commit). */
  storedAt(sha256: string): Promise<Date | null>;
  /** Sets the time (later or earlier: the last call wins); callers hold the digest's lock. */
  markStored(sha256: string, at: Date): Promise<void>;
  forgetStored(sha256: string): Promise<void>;
}
