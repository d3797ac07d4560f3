import { openObjectRange } from "../storage/s3/object-ranges";
import type { ArtifactLocation, ArtifactSource } from "./artifact-source";
import { FileSource } from "./file-source";
import { RangedSource } from "./ranged-source";

/** The source for a location: the file itself on disk, ranged GETs through this thread's own client in a bucket. */
export async function openArtifactSource(location: ArtifactLocation): Promise<ArtifactSource> {
  if ("kind" in location) {
    return new RangedSource(location.size, async (start, end) => openObjectRange(location, { start, end: end - 1 }));
  }
  return FileSource.open(location.path);
}
