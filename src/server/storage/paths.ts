import path from "node:path";
import { BlobStoreError } from "./errors";

// Every path the local store touches is built here from a validated digest or id, so no caller
// input can name a file outside the root: the patterns admit no separator, dot or absolute form.
const SHA256 = /^[0-9a-f]{64}$/;
const STAGING_ID = /^[A-Za-z0-9_-]{8,128}$/;
const FAN_OUT = /^[0-9a-f]{2}$/;
const FAN_OUT_REST = /^[0-9a-f]{62}$/;

export function assertSha256(value: unknown, what = "sha256"): string {
  if (typeof value !== "string" || !SHA256.test(value)) {
    throw new BlobStoreError("INVALID_ARGUMENT", `${what} must be 64 lowercase hexadecimal characters`);
  }
  return value;
}

export function assertStagingId(value: unknown): string {
  if (typeof value !== "string" || !STAGING_ID.test(value)) {
    throw new BlobStoreError("INVALID_ARGUMENT", "staging id must be 8 to 128 characters of A-Z, a-z, 0-9, _ or -");
  }
  return value;
}

export function assertByteCount(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new BlobStoreError("INVALID_ARGUMENT", `${what} must be a non-negative integer`);
  }
  return value;
}

export interface StoreLayout {
  blobsDir: string;
  stagingDir: string;
  blob(sha256: string): string;
  staging(id: string): string;
}

export function storeLayout(root: string): StoreLayout {
  const base = path.resolve(root);
  const blobsDir = path.join(base, "blobs", "sha256");
  const stagingDir = path.join(base, "staging");
  return {
    blobsDir,
    stagingDir,
    blob: (sha256) => {
      const digest = assertSha256(sha256);
      return path.join(blobsDir, digest.slice(0, 2), digest.slice(2));
    },
    staging: (id) => path.join(stagingDir, assertStagingId(id)),
  };
}

/** Directory walk helpers: names that do not fit the layout (stray temp files) are skipped. */
export const isFanOutName = (name: string) => FAN_OUT.test(name);
export const isFanOutRest = (name: string) => FAN_OUT_REST.test(name);
export const isStagingId = (name: string) => STAGING_ID.test(name);
