import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { BlobStoreError } from "./errors";
import type { BlobDigests } from "./hashing";
import { assertByteCount, assertSha256 } from "./paths";
import type { BlobExpectations, PutOptions } from "./types";

// What the disk and the S3 staging share of BlobStore's write contract, so that both stores check
// arguments and expectations, release sources and word their errors alike.

/** Callers hand over the source: a call that fails before reading it must still release it. */
export async function owningSource<T>(source: Readable, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    source.destroy();
    throw error;
  }
}

export function checkedExpectations(opts: BlobExpectations): BlobExpectations {
  return {
    expectedSha256: opts.expectedSha256 === undefined ? undefined : assertSha256(opts.expectedSha256, "expectedSha256"),
    expectedSize: opts.expectedSize === undefined ? undefined : assertByteCount(opts.expectedSize, "expectedSize"),
  };
}

/** The first broken expectation, or null. */
export function checkExpectations(digests: BlobDigests, expect: BlobExpectations): BlobStoreError | null {
  if (expect.expectedSize !== undefined && expect.expectedSize !== digests.size) {
    return new BlobStoreError("SIZE_MISMATCH", `expected ${expect.expectedSize} bytes, received ${digests.size}`, {
      expected: expect.expectedSize,
      actual: digests.size,
    });
  }
  if (expect.expectedSha256 !== undefined && expect.expectedSha256 !== digests.sha256) {
    return new BlobStoreError("DIGEST_MISMATCH", "sha256 of the received bytes does not match the expected digest", {
      expected: expect.expectedSha256,
      actual: digests.sha256,
    });
  }
  return null;
}

/** putBytes' checks, before anything is stored: the limit, the arguments, the bytes' digest against them. */
export function checkedBytes(bytes: Buffer, opts: PutOptions): BlobDigests {
  const maxBytes = assertByteCount(opts.maxBytes, "maxBytes");
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const digests = { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
  const mismatch = checkExpectations(digests, checkedExpectations(opts));
  if (mismatch) throw mismatch;
  return digests;
}

export function tooLarge(maxBytes: number): BlobStoreError {
  return new BlobStoreError("TOO_LARGE", `upload exceeds the limit of ${maxBytes} bytes`, { limit: maxBytes });
}

/** A put that declared its size and received more: the client's fault, not the limit's. */
export function moreThanExpected(expectedSize: number): BlobStoreError {
  return new BlobStoreError("SIZE_MISMATCH", `received more than the expected ${expectedSize} bytes`, { expected: expectedSize });
}
