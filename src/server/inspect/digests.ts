import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { FEED_DIGEST_ENCODING, type FeedDigestAlgorithm, type FeedDigests } from "@/domain/feeds/digests";

const READ_BYTES = 1024 * 1024;

/**
 * The feed digests of a whole file, in one sequential pass with a single reused buffer (memory
 * stays flat whatever the size). Runs in an inspection worker: a GiB costs about two seconds of
 * CPU that must not land on the thread serving requests.
 */
export async function fileDigests(path: string, algorithms: readonly FeedDigestAlgorithm[]): Promise<FeedDigests> {
  if (algorithms.length === 0) return {};
  const hashes = algorithms.map((algorithm) => ({ algorithm, hash: createHash(algorithm) }));
  const file = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (let position = 0; ; ) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      for (const { hash } of hashes) hash.update(chunk);
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
  return Object.fromEntries(hashes.map(({ algorithm, hash }) => [algorithm, hash.digest(FEED_DIGEST_ENCODING[algorithm])]));
}
