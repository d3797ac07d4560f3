import { rename, rm, unlink, utimes } from "node:fs/promises";
import path from "node:path";
import { ensureDirectory, errnoCode, fileSize, fsyncDirectory } from "./durable-fs";
import type { BlobDigests } from "./hashing";
import type { KeyedMutex } from "./key-locks";
import type { StoreLayout } from "./paths";
import type { BlobExpectations, StoredBlob } from "./types";
import { checkExpectations } from "./write-contract";

/**
 * Moves a fully written staged file to its content address. Runs under the digest's lock so two
 * commits of the same bytes yield one rename and one `deduplicated: true`; across processes a
 * racing rename would replace identical bytes, which is harmless. The file must be fsynced, or
 * `beforeRename` must fsync it: it runs only when the file is renamed, not when the store
 * already holds the bytes (the staged copy is then dropped, and its durability never mattered).
 */
export async function moveIntoStore(
  layout: StoreLayout,
  digestLocks: KeyedMutex,
  stagedFile: string,
  digests: BlobDigests,
  expect: BlobExpectations,
  beforeRename?: () => Promise<void>,
): Promise<StoredBlob> {
  const mismatch = checkExpectations(digests, expect);
  if (mismatch) {
    await rm(stagedFile, { force: true });
    throw mismatch;
  }
  return digestLocks.run(digests.sha256, async () => {
    const target = layout.blob(digests.sha256);
    if (await refreshIfStored(layout, digests)) {
      await removeIfPresent(stagedFile);
      return { ...digests, deduplicated: true };
    }
    const dir = path.dirname(target);
    await beforeRename?.();
    // The fan-out directory exists but for the first blob of its prefix: made (durably) only then.
    await rename(stagedFile, target).catch(async (error: unknown) => {
      if (errnoCode(error) !== "ENOENT") throw error;
      await ensureDirectory(dir);
      await rename(stagedFile, target);
    });
    await fsyncDirectory(dir);
    return { ...digests, deduplicated: false };
  });
}

/** unlink, one call (rm's force option stats first); a file already gone is fine. */
async function removeIfPresent(file: string): Promise<void> {
  await unlink(file).catch((error: unknown) => {
    if (errnoCode(error) !== "ENOENT") throw error;
  });
}

/**
 * Whether the store holds these bytes already, and if so a fresh write time for them: garbage
 * collection spares recently written blobs, and the bytes were just written again. Only a size
 * check on the existing blob: re-reading it would cost as much as the upload; a wrong size can
 * only come from outside tampering, and the verified copy then replaces it. Call under the
 * digest's lock.
 */
export async function refreshIfStored(layout: StoreLayout, digests: BlobDigests): Promise<boolean> {
  const target = layout.blob(digests.sha256);
  if ((await fileSize(target)) !== digests.size) return false;
  const now = new Date();
  await utimes(target, now, now);
  return true;
}
