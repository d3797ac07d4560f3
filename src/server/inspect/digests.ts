import { createHash } from "node:crypto";
import { FEED_DIGEST_ENCODING, type FeedDigestAlgorithm, type FeedDigests } from "@/domain/feeds/digests";
import type { ArtifactSource } from "./artifact-source";

/**
 * The feed digests of a whole artifact, in one sequential pass as it streams in (from the disk, or
 * one GET from a bucket: never through a temporary file), memory flat whatever the size. Runs in
 * an inspection worker: a GiB costs about two seconds of CPU that must not land on the thread
 * serving requests.
 */
export async function sourceDigests(source: ArtifactSource, algorithms: readonly FeedDigestAlgorithm[]): Promise<FeedDigests> {
  if (algorithms.length === 0) return {};
  const hashes = algorithms.map((algorithm) => ({ algorithm, hash: createHash(algorithm) }));
  for await (const chunk of source.stream(0, source.size)) {
    for (const { hash } of hashes) hash.update(chunk);
  }
  return Object.fromEntries(hashes.map(({ algorithm, hash }) => [algorithm, hash.digest(FEED_DIGEST_ENCODING[algorithm])]));
}
