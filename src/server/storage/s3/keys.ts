import { randomBytes } from "node:crypto";
import { BlobStoreError } from "../errors";
import { assertSha256, assertStagingId } from "../paths";

// Object keys, built only from validated digests and staging ids (as ../paths does for files), so
// no caller input can name a key outside the store's prefix. Blobs use the disk layout exactly
// (`blobs/sha256/ab/cdef…`, the first two hex digits as a folder), so a data dir's blobs/ tree can be
// copied into a bucket as is (`aws s3 sync data/blobs s3://bucket/<prefix>blobs`) and back.
const BLOB_REST = /^([0-9a-f]{2})\/([0-9a-f]{62})$/;
const PREFIX = /^(?:[A-Za-z0-9_.-]+\/)*$/;

export interface S3Keys {
  /** Where every blob key starts: list with this prefix. */
  blobsPrefix: string;
  blob(sha256: string): string;
  /** The digest a listed key addresses, or null for a key that does not fit the layout. */
  digestOf(key: string): string | null;
  /** Every object of one staging id lives under this prefix: discard lists and removes it. */
  stagingPrefix(id: string): string;
  /** A fresh key for a multipart upload's assembled object or a tail: never reused, never overwritten. */
  freshStagingKey(id: string, kind: "object" | "tail"): string;
}

/** `prefix` is "" or folder names ending in "/" (added when missing); no "..", no leading "/". */
export function s3Keys(prefix = ""): S3Keys {
  const base = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  if (!PREFIX.test(base) || base.split("/").some((segment) => segment === "." || segment === "..")) {
    throw new BlobStoreError("INVALID_ARGUMENT", "S3 key prefix must be folder names of A-Z, a-z, 0-9, _, . or -, separated by /");
  }
  const blobsPrefix = `${base}blobs/sha256/`;
  const stagingPrefix = (id: string) => `${base}staging/${assertStagingId(id)}/`;
  return {
    blobsPrefix,
    blob: (sha256) => {
      const digest = assertSha256(sha256);
      return `${blobsPrefix}${digest.slice(0, 2)}/${digest.slice(2)}`;
    },
    digestOf: (key) => {
      if (!key.startsWith(blobsPrefix)) return null;
      const match = BLOB_REST.exec(key.slice(blobsPrefix.length));
      return match ? `${match[1]}${match[2]}` : null;
    },
    stagingPrefix,
    freshStagingKey: (id, kind) => `${stagingPrefix(id)}${kind}-${randomBytes(12).toString("base64url")}`,
  };
}
