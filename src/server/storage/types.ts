import type { Readable, Writable } from "node:stream";

// The blob store deals in digests, staging ids, streams and byte ranges only: no filesystem path
// crosses this interface, so an S3 driver can implement it later. Failures the caller can act on
// are BlobStoreError (./errors), a DomainError whose `reason` says which. A source stream passed
// in is always consumed or destroyed, even when the call fails before reading it.

export interface StoredBlob {
  /** hex; the blob's address. */
  sha256: string;
  size: number;
  /** True when a blob with this digest was already stored and the new copy was dropped. */
  deduplicated: boolean;
}

export interface StagedUpload {
  id: string;
  size: number;
  modifiedAt: Date;
}

/** Checked at commit; a mismatch removes the staged bytes (SIZE_MISMATCH, DIGEST_MISMATCH). */
export interface BlobExpectations {
  expectedSha256?: string;
  expectedSize?: number;
}

export interface PutOptions extends BlobExpectations {
  /** Hard cap: more bytes fail with TOO_LARGE as soon as they arrive. */
  maxBytes: number;
}

export interface AppendOptions {
  /** Must equal the staged size (OFFSET_MISMATCH otherwise); 0 creates the staging file. */
  offset: number;
  /** Cap on the total staged size, not on this append. */
  maxBytes: number;
}

/** Inclusive on both ends, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** Streams, hashes and commits in one call; nothing is left behind on failure. */
  put(source: Readable, opts: PutOptions): Promise<StoredBlob>;
  /**
   * put for bytes already in memory (an icon inspection extracted): hashed first, so bytes the
   * store holds already cost a stat and a fresh write time, with no staged copy.
   */
  putBytes(bytes: Buffer, opts: PutOptions): Promise<StoredBlob>;

  /** Staged bytes of a resumable upload, or null when there is no staging file. */
  stagedSize(id: string): Promise<number | null>;
  /**
   * Appends durably (fsynced before resolving), except an append that fills the file to
   * maxBytes: such a file can only be committed or discarded, and commit makes it durable before
   * renaming it (or drops it when the store holds the bytes already). If the source fails midway,
   * the bytes that arrived are kept, so the client resumes from stagedSize(). Over maxBytes:
   * TOO_LARGE and the file is cut back to `offset`. A concurrent operation on the same id fails
   * with BUSY.
   */
  append(id: string, source: Readable, opts: AppendOptions): Promise<{ size: number }>;
  /** Verifies and moves the staged bytes into the store; the staging id is gone afterwards. */
  commit(id: string, opts: BlobExpectations): Promise<StoredBlob>;
  discard(id: string): Promise<void>;
  /** Every staging id with its staged size and last write, walking lazily (recovery at start, orphan sweeps). */
  listStaged(): AsyncIterable<StagedUpload>;

  /** `modifiedAt`: when the bytes were last stored, counting a deduplicated commit or put as storing them again. */
  stat(sha256: string): Promise<{ size: number; modifiedAt: Date } | null>;
  has(sha256: string): Promise<boolean>;
  /** NOT_FOUND if absent; RANGE_NOT_SATISFIABLE unless 0 <= start <= end < size. */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  /**
   * Writes the blob (or a range) into `destination`, at the pace it accepts, without ending it.
   * `ready` runs once the blob is open and the range checked, before the first byte (a response
   * writes its headers there); NOT_FOUND and RANGE_NOT_SATISFIABLE are thrown before it, as by
   * open(). Resolves true when every byte was written, false when the destination closed first.
   * The fast path for downloads: a store may copy more cheaply than open() and a pipe.
   */
  copyTo(sha256: string, range: ByteRange | undefined, destination: Writable, ready: () => void): Promise<boolean>;
  /**
   * False when there was nothing to remove, or when the blob was stored again after
   * `unmodifiedSince` (checked atomically with commits of the same digest, so a deduplicated
   * commit racing garbage collection keeps its bytes). Callers (GC) own the "unreferenced" decision.
   */
  remove(sha256: string, opts?: { unmodifiedSince?: Date }): Promise<boolean>;
  /** Every stored digest, in no particular order, walking the store lazily. */
  list(): AsyncIterable<string>;
  /**
   * How many blobs are stored and their total bytes (staging not included; see listStaged), for
   * the admin's health page. A remote store would add up its listing, which carries the sizes.
   */
  usage(): Promise<{ count: number; bytes: number }>;
  /**
   * Runs fn with a local, read-only file holding the blob, for readers that need a file. On disk
   * this is the blob itself; a remote store downloads it to a temporary file and removes that
   * afterwards (inspection avoids that through RangeReadable). fn must not modify or keep the path.
   */
  withLocalFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T>;
}

/**
 * Optional capability of a store whose blobs are plain files under one directory (the disk store),
 * so a proxy in front (nginx's X-Accel-Redirect) can send them with sendfile. Only a relative,
 * `/`-separated path crosses: where the blob root lies is the proxy's configuration.
 */
export interface ProxyServable {
  /** `sha256/ab/cdef…` relative to the blob root (`<root>/blobs`); NOT_FOUND when the blob is absent. */
  proxyPath(sha256: string): Promise<string>;
}

/** What a fresh S3 client needs (storage/s3/config.ts createS3Client): plain data, no provider functions. */
export interface S3Connection {
  endpoint?: string;
  region: string;
  /** Absent: the SDK's default chain (IAM role, AWS_PROFILE), resolved by whoever builds the client. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

/**
 * One stored object described so that another thread (an inspection worker) can read byte ranges
 * of it with a client of its own: structured-cloneable, credentials included, so it never leaves
 * this process. `size` is the object's, read when the description was made.
 */
export interface S3ObjectLocation {
  kind: "s3";
  connection: S3Connection;
  bucket: string;
  key: string;
  size: number;
}

/**
 * Optional capability of a remote store: readers that need random access (archive inspection)
 * read ranges of the object where it lies instead of a local copy of the whole blob.
 */
export interface RangeReadable {
  /** NOT_FOUND when the blob is absent. */
  inspectionSource(sha256: string): Promise<S3ObjectLocation>;
}
