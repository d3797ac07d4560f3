import type { S3Client } from "@aws-sdk/client-s3";
import { BlobStoreError } from "../errors";
import type { BlobStore, ByteRange, RangeReadable, S3Connection } from "../types";
import type { DigestLocks } from "./digest-locks";
import { s3Keys } from "./keys";
import { type PresignOptions, presignGet } from "./presign";
import { COPY_OBJECT_LIMIT, type CopyTuning, deleteObject, headObject, listObjects } from "./s3-objects";
import { openObject, pumpInto, readObjectRange, withDownloadedFile } from "./s3-reads";
import { createS3Staging } from "./s3-staging";
import type { S3StoreDeps } from "./staging-deps";
import type { S3StagingState } from "./staging-state";

const MiB = 1024 * 1024;
/** A ranged read into memory is for headers and directories, never a whole artifact. */
const MAX_RANGE_READ = 64 * MiB;

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** "" or folder names ending in "/": the store's keys start with it. */
  prefix?: string;
  /** Multipart state and "stored at" records (in the database when several servers share the bucket). */
  staging: S3StagingState;
  locks: DigestLocks;
  /** Where withLocalFile downloads a blob for readers that need a file. */
  tempDir: string;
  /**
   * The settings `client` was made from, given out (credentials included) by inspectionSource so
   * an inspection worker can read ranges with a client of its own. Without them the store cannot
   * describe its objects, and inspection falls back to withLocalFile's whole download.
   */
  connection?: S3Connection;
  /** For tests: smaller parts and copy thresholds than S3's minimums make edge cases cheap. */
  tuning?: Partial<{ minPartSize: number; listPageSize: number } & CopyTuning>;
  now?: () => Date;
}

export interface S3BlobStore extends BlobStore, Partial<RangeReadable> {
  /** Bytes start..end (inclusive) read into memory, up to 64 MiB: random access through ranged GETs. */
  readRange(sha256: string, range: ByteRange): Promise<Buffer>;
  /** A short-lived URL that GETs the blob straight from the bucket. */
  presignedGetUrl(sha256: string, opts: PresignOptions): Promise<string>;
}

function inspectionSourceOf(deps: S3StoreDeps, connection: S3Connection): RangeReadable {
  return {
    inspectionSource: async (sha256) => {
      const key = deps.keys.blob(sha256);
      const head = await headObject(deps, key);
      if (head === null) throw new BlobStoreError("NOT_FOUND", "blob not found");
      return { kind: "s3", connection, bucket: deps.bucket, key, size: head.size };
    },
  };
}

/** Blob store in an S3-compatible bucket: `<prefix>blobs/sha256/ab/cdef…`, staging under `<prefix>staging/<id>/`. */
export function createS3BlobStore(opts: S3BlobStoreOptions): S3BlobStore {
  const deps: S3StoreDeps = {
    client: opts.client,
    bucket: opts.bucket,
    keys: s3Keys(opts.prefix),
    state: opts.staging,
    locks: opts.locks,
    minPartSize: opts.tuning?.minPartSize ?? 8 * MiB,
    copy: { copyObjectLimit: opts.tuning?.copyObjectLimit ?? COPY_OBJECT_LIMIT, copyPartSize: opts.tuning?.copyPartSize ?? 512 * MiB },
    listPageSize: opts.tuning?.listPageSize,
    now: opts.now ?? (() => new Date()),
  };
  const { keys } = deps;

  // Liveness comes from the "stored at" record, which every put and commit (new or deduplicated)
  // writes under the digest's lock, never from S3's dates. A blob no record knows (copied into the
  // bucket by hand) counts as stored when first seen: the first removal attempt records that time
  // and keeps it, so it can only go a whole grace period later.
  const stat: BlobStore["stat"] = async (sha256) => {
    const head = await headObject(deps, keys.blob(sha256));
    if (head === null) return null;
    return { size: head.size, modifiedAt: (await deps.state.storedAt(sha256)) ?? deps.now() };
  };

  async function* listBlobs(): AsyncGenerator<{ sha256: string; size: number }> {
    for await (const { key, size } of listObjects(deps, keys.blobsPrefix, deps.listPageSize)) {
      const sha256 = keys.digestOf(key);
      if (sha256 !== null) yield { sha256, size };
    }
  }

  return {
    ...createS3Staging(deps),
    stat,
    has: async (sha256) => (await headObject(deps, keys.blob(sha256))) !== null,
    open: async (sha256, range) => openObject(deps, keys.blob(sha256), range),
    copyTo: async (sha256, range, destination, ready) => {
      const body = await openObject(deps, keys.blob(sha256), range);
      ready();
      return pumpInto(body, destination);
    },
    remove: async (sha256, removeOpts = {}) => {
      const key = keys.blob(sha256);
      return deps.locks.run(sha256, async () => {
        if ((await headObject(deps, key)) === null) return false;
        if ((await deps.state.storedAt(sha256)) === null) {
          await deps.state.markStored(sha256, deps.now());
          return false;
        }
        const facts = await stat(sha256);
        if (facts === null) return false;
        const { unmodifiedSince } = removeOpts;
        if (unmodifiedSince && facts.modifiedAt > unmodifiedSince) return false;
        await deleteObject(deps, key);
        await deps.state.forgetStored(sha256);
        return true;
      });
    },
    list: async function* () {
      for await (const { sha256 } of listBlobs()) yield sha256;
    },
    usage: async () => {
      const total = { count: 0, bytes: 0 };
      for await (const { size } of listBlobs()) {
        total.count++;
        total.bytes += size;
      }
      return total;
    },
    withLocalFile: async (sha256, fn) => withDownloadedFile(deps, keys.blob(sha256), opts.tempDir, fn),
    readRange: async (sha256, range) => readObjectRange(deps, keys.blob(sha256), range, MAX_RANGE_READ),
    ...(opts.connection && inspectionSourceOf(deps, opts.connection)),
    presignedGetUrl: async (sha256, presign) => {
      const key = keys.blob(sha256);
      if ((await headObject(deps, key)) === null) throw new BlobStoreError("NOT_FOUND", "blob not found");
      return presignGet(deps, key, presign);
    },
  };
}
