import { BlobStoreError } from "../errors";
import type { DigestLocks } from "./digest-locks";
import type { S3Keys } from "./keys";
import type { Bucket, CopyTuning } from "./s3-objects";
import type { S3StagingRecord, S3StagingState } from "./staging-state";

export interface S3StoreDeps extends Bucket {
  keys: S3Keys;
  state: S3StagingState;
  locks: DigestLocks;
  /** The smallest part size; an upload whose maxBytes needs more than 9,000 of them gets larger ones. */
  minPartSize: number;
  copy: CopyTuning;
  /** Keys per ListObjectsV2 page; undefined leaves the server's default (1,000 on S3). */
  listPageSize?: number;
  now: () => Date;
}

/** Another server (or request) changed this upload's record since we read it. */
export function busy(): BlobStoreError {
  return new BlobStoreError("BUSY", "another operation on this upload is in progress");
}

/** Writes the next version of a record, or fails with BUSY when someone else wrote first. */
export async function saveRecord(deps: S3StoreDeps, current: S3StagingRecord, changes: Partial<S3StagingRecord>): Promise<S3StagingRecord> {
  const next: S3StagingRecord = { ...current, ...changes, version: current.version + 1, modifiedAt: deps.now() };
  if (!(await deps.state.compareAndSet(current.version, next))) throw busy();
  return next;
}
