import { iconDigestOf } from "@/domain/artifact";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { BlobStore } from "../storage/types";
import { allPages } from "../store/all-pages";
import type { Store } from "../store/types";
import { recordAudit } from "./audit";

// Blob garbage collection. Rows reference blobs by sha256, so a blob is removed only when no
// artifact uses it (as its file or as its icon), no upload session still holds it, and it was not
// stored within the grace period. The grace covers what only time protects: icons inspection stored
// for uploads not published yet (such uploads expire one session TTL after completing, so a grace
// longer than the TTL spares their icons), and blobs between their commit and the row that uses them.

export interface BlobGcResult {
  removed: number;
  removedBytes: number;
  /** Blobs looked at, removed or not. */
  scanned: number;
}

export async function collectUnreferencedBlobs(deps: { store: Store; blobs: BlobStore }, opts: { graceMs: number; now?: Date }): Promise<BlobGcResult> {
  const storedBefore = new Date((opts.now ?? new Date()).getTime() - opts.graceMs);
  const icons = await artifactIconDigests(deps.store);
  const result: BlobGcResult = { removed: 0, removedBytes: 0, scanned: 0 };
  for await (const sha256 of deps.blobs.list()) {
    result.scanned++;
    if (icons.has(sha256)) continue;
    const facts = await deps.blobs.stat(sha256);
    if (!facts || facts.modifiedAt > storedBefore) continue;
    if ((await deps.store.artifacts.listBySha256(sha256, { limit: 1 })).items.length > 0) continue;
    if ((await deps.store.uploads.countUnconsumedBySha256(sha256)) > 0) continue;
    // Conditional on the write time, atomically with commits: bytes uploaded again meanwhile stay.
    if (!(await deps.blobs.remove(sha256, { unmodifiedSince: storedBefore }))) continue;
    await recordAudit(deps.store, SYSTEM_ACTOR, "blob.delete", { type: "blob", id: sha256 }, { sizeBytes: facts.size, reason: "unreferenced" });
    result.removed++;
    result.removedBytes += facts.size;
  }
  return result;
}

/** Digests of the icons artifacts point at (`metadata.icon.sha256`, set by inspection). */
async function artifactIconDigests(store: Store): Promise<Set<string>> {
  const icons = new Set<string>();
  for (const artifact of await allPages((page) => store.artifacts.list(page))) {
    const icon = iconDigestOf(artifact.metadata);
    if (icon !== null) icons.add(icon);
  }
  return icons;
}
