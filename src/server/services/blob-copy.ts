import type { BlobStore } from "../storage/types";

export interface BlobCopyResult {
  copied: number;
  /** Already in the target (a copy run again after an interruption skips what it finished). */
  present: number;
  bytes: number;
}

/**
 * Copies every blob of one store into another (disk into S3, say), streaming each through and
 * checked by the target against its digest and size, so a damaged source file is refused.
 */
export async function copyBlobs(from: BlobStore, to: BlobStore, progress: (done: BlobCopyResult) => void = () => {}): Promise<BlobCopyResult> {
  const result: BlobCopyResult = { copied: 0, present: 0, bytes: 0 };
  for await (const sha256 of from.list()) {
    if (await to.has(sha256)) {
      result.present++;
      continue;
    }
    const stat = await from.stat(sha256);
    if (!stat) continue; // removed since it was listed
    await to.put(await from.open(sha256), { expectedSha256: sha256, expectedSize: stat.size, maxBytes: stat.size });
    result.copied++;
    result.bytes += stat.size;
    progress(result);
  }
  return result;
}
