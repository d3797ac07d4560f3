import { UploadPartCommand } from "@aws-sdk/client-s3";
import { BlobStoreError, isBlobStoreError } from "../errors";
import type { BlobDigests } from "../hashing";
import type { BlobExpectations, StoredBlob } from "../types";
import { checkExpectations } from "../write-contract";
import { digestOfState } from "./running-hash";
import { abortQuietly, completeMultipartUpload, copyObject, deleteQuietly, headObject, listObjects, putObject, readSmallObject } from "./s3-objects";
import { type S3StoreDeps, saveRecord } from "./staging-deps";
import type { S3StagingRecord } from "./staging-state";

// Commit: verify the running digest, then, under the digest's lock, either drop the staged bytes
// (the store holds them already: deduplicated) or assemble them and copy them server-side to their
// content address. The lock is the one remove() takes, and the "stored at" record is written under
// it, so garbage collection never deletes bytes a commit just counted as stored.

export async function commitStaged(deps: S3StoreDeps, id: string, expect: BlobExpectations): Promise<StoredBlob> {
  const record = await deps.state.get(id);
  if (record === null) throw new BlobStoreError("NOT_FOUND", "no staged upload with this id");
  const digests: BlobDigests = { sha256: await digestOfState(record.hashState), size: record.size };
  const mismatch = checkExpectations(digests, expect);
  if (mismatch) {
    await discardStaged(deps, id);
    throw mismatch;
  }
  return deps.locks.run(digests.sha256, async () => {
    if (await refreshIfStored(deps, digests)) {
      await discardStaged(deps, id);
      return { ...digests, deduplicated: true };
    }
    await placeStaged(deps, record, deps.keys.blob(digests.sha256));
    await deps.state.markStored(digests.sha256, deps.now());
    await discardStaged(deps, id);
    return { ...digests, deduplicated: false };
  });
}

/**
 * Whether the bucket holds these bytes already, and if so records them as stored now. Only the
 * size is compared (re-reading would cost as much as the upload); a wrong size can only come from
 * outside tampering, and the verified copy then replaces it. Call under the digest's lock.
 */
export async function refreshIfStored(deps: S3StoreDeps, digests: BlobDigests): Promise<boolean> {
  const existing = await headObject(deps, deps.keys.blob(digests.sha256));
  if (existing?.size !== digests.size) return false;
  await deps.state.markStored(digests.sha256, deps.now());
  return true;
}

/** Removes every object of a staging id (parts, tails, the assembled object), then its record. */
export async function discardStaged(deps: S3StoreDeps, id: string): Promise<void> {
  const record = await deps.state.get(id);
  if (record?.uploadId && !record.assembled) await abortQuietly(deps, record.objectKey, record.uploadId);
  // Listed rather than taken from the record: tails of crashed or losing appends are named nowhere.
  for await (const { key } of listObjects(deps, deps.keys.stagingPrefix(id))) await deleteQuietly(deps, key);
  await deps.state.delete(id);
}

async function placeStaged(deps: S3StoreDeps, record: S3StagingRecord, target: string): Promise<void> {
  if (record.size === 0) {
    await putObject(deps, target, Buffer.alloc(0));
  } else if (record.parts.length === 0) {
    // Fewer bytes than one part: the tail is the whole blob, and no multipart upload was needed.
    await copyObject(deps, stagedTailKey(record), target, record.size, deps.copy);
  } else {
    await assemble(deps, record);
    await copyObject(deps, record.objectKey, target, record.size, deps.copy);
  }
}

/** Completes the multipart upload with the tail as its last part; idempotent across retries. */
async function assemble(deps: S3StoreDeps, record: S3StagingRecord): Promise<void> {
  let current = record;
  if (!current.assembled) {
    try {
      const parts = [...current.parts];
      if (current.tailSize > 0) {
        const tail = await readSmallObject(deps, stagedTailKey(current));
        if (tail?.length !== current.tailSize) throw new Error(`the tail of staged upload ${current.id} is missing or has the wrong size`);
        const number = current.nextPartNumber;
        current = await saveRecord(deps, current, { nextPartNumber: number + 1 });
        const { ETag } = await deps.client.send(
          new UploadPartCommand({ Bucket: deps.bucket, Key: current.objectKey, UploadId: current.uploadId ?? undefined, PartNumber: number, Body: tail, ContentLength: tail.length }),
        );
        if (!ETag) throw new Error("UploadPart returned no ETag");
        parts.push({ number, size: tail.length, etag: ETag });
      }
      await completeMultipartUpload(deps, current.objectKey, current.uploadId ?? "", parts);
    } catch (error) {
      // An earlier attempt may have completed it and crashed before saving that: the object shows it.
      if (isBlobStoreError(error, "BUSY") || (await headObject(deps, current.objectKey))?.size !== current.size) throw error;
    }
    current = await saveRecord(deps, current, { assembled: true });
  }
  const assembled = await headObject(deps, current.objectKey);
  if (assembled?.size !== current.size) {
    throw new Error(`staged upload ${current.id} assembled to ${assembled?.size ?? "no"} bytes instead of ${current.size}`);
  }
}

function stagedTailKey(record: S3StagingRecord): string {
  if (record.tailKey === null) throw new Error(`staged upload ${record.id} has ${record.tailSize} tail bytes but no tail object`);
  return record.tailKey;
}
