import type { InspectionFacts } from "@/domain/artifact-validation";
import { type FeedDigestAlgorithm, feedDigestsFor } from "@/domain/feeds/digests";
import type { Platform } from "@/domain/platform";
import type { UploadSession } from "@/domain/upload";
import type { BlobStore, RangeReadable, S3ObjectLocation } from "../storage/types";
import type { Store } from "../store/types";
import type { ArtifactInspector } from "./publish-uploads";

/**
 * Runs format inspection (src/server/inspect's worker pool implements it) on a local file, or on
 * an object in a bucket that it reads by ranges where it lies.
 */
export interface InspectionRunner {
  inspect(
    location: { path: string } | S3ObjectLocation,
    hints: { platform: Platform; filename: string },
    options?: { digests?: readonly FeedDigestAlgorithm[] },
  ): Promise<InspectionFacts & { icon?: { png: Buffer; width?: number; height?: number } }>;
}

const MAX_ICON_BYTES = 8 * 1024 * 1024;

const isRangeReadable = (blobs: BlobStore): blobs is BlobStore & RangeReadable => typeof (blobs as Partial<RangeReadable>).inspectionSource === "function";

/**
 * Inspects uploaded files off the request path: started when an upload completes (so publishing
 * usually finds the result ready), joined by a publish that needs it sooner. Icons become blobs of
 * their own, referenced by digest from the metadata. Desktop files also get the digests their
 * update feeds carry.
 */
export function createArtifactInspector(deps: { store: Store; blobs: BlobStore; runner: InspectionRunner }): ArtifactInspector & {
  prefetch(session: UploadSession): void;
} {
  const running = new Map<string, Promise<InspectionFacts>>();

  async function run(session: UploadSession): Promise<InspectionFacts> {
    if (!session.platform) {
      return { kind: "unknown", status: "valid", reasons: [], warnings: ["platform unknown: not inspected"], metadata: {} };
    }
    const platform = session.platform;
    const digests = feedDigestsFor(platform);
    const inspect = (location: { path: string } | S3ObjectLocation) => deps.runner.inspect(location, { platform, filename: session.filename }, digests.length > 0 ? { digests } : undefined);
    // A bucket's blob is read by ranges where it lies: a 4 GiB artifact is never downloaded whole to learn its version.
    const result = isRangeReadable(deps.blobs) ? await inspect(await deps.blobs.inspectionSource(session.sha256)) : await deps.blobs.withLocalFile(session.sha256, (path) => inspect({ path }));
    const { icon, ...facts } = result;
    if (icon && icon.png.length <= MAX_ICON_BYTES) {
      const stored = await deps.blobs.putBytes(icon.png, { maxBytes: MAX_ICON_BYTES });
      facts.metadata = { ...facts.metadata, icon: { sha256: stored.sha256, width: icon.width ?? null, height: icon.height ?? null } };
    }
    await deps.store.uploads.update(session.id, { inspection: facts as unknown as Record<string, unknown> });
    return facts;
  }

  function inspect(session: UploadSession): Promise<InspectionFacts> {
    let pending = running.get(session.id);
    if (!pending) {
      pending = run(session).finally(() => running.delete(session.id));
      running.set(session.id, pending);
    }
    return pending;
  }

  return {
    inspect,
    prefetch(session) {
      inspect(session).catch((error: unknown) => console.error(`inspection of upload ${session.id} failed:`, error));
    },
  };
}
