import type { FeedDigestAlgorithm, FeedDigests } from "@/domain/feeds/digests";
import type { InspectedFacts } from "@/domain/artifact-metadata";
import type { Platform } from "@/domain/platform";

export { ARTIFACT_KINDS, type ArtifactKind, type InspectedKind } from "@/domain/artifact-formats";

export interface InspectionHints {
  platform: Platform;
  filename: string;
  /** Clock for facts such as `profileExpired`; defaults to the current time. */
  now?: Date;
}

export interface InspectedIcon {
  /** Always a standard PNG (magic checked, IHDR read, IDAT inflated to the expected size). */
  png: Buffer;
  width?: number;
  height?: number;
}

/**
 * The kind and its facts (domain/artifact-metadata.ts: one zod schema per kind, which inspection's
 * output is checked against), plus the verdict on the format.
 */
export type InspectionResult = InspectedFacts & InspectionVerdict;

export interface InspectionVerdict {
  icon?: InspectedIcon;
  status: "valid" | "invalid";
  /** Why the artifact is invalid; empty when valid. */
  reasons: string[];
  warnings: string[];
  /** The whole file's feed digests, when InspectOptions.digests asked for them. */
  digests?: FeedDigests;
}

/** Safety caps. Everything we decompress or buffer is bounded by one of these. */
export interface InspectionLimits {
  /** Zip central directory records. */
  maxZipEntries: number;
  /** Uncompressed size of any single member we read (zip entry, tar member, stream). */
  maxEntryBytes: number;
  /** Declared total uncompressed size over file size, beyond which a zip is treated as a bomb. */
  maxZipRatio: number;
  /** The ratio check only applies when the declared total exceeds this many bytes. */
  zipRatioMinBytes: number;
  /** Property lists (Info.plist, provisioning profiles). */
  maxPlistBytes: number;
  /** Objects in a binary plist / elements in an XML document. */
  maxPlistObjects: number;
  /** Nesting depth of plists and XML documents. */
  maxDepth: number;
  /** Pixels of an icon we are willing to decode (width * height). */
  maxIconPixels: number;
}

export const DEFAULT_LIMITS: InspectionLimits = {
  maxZipEntries: 200_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxZipRatio: 1000,
  zipRatioMinBytes: 1024 * 1024 * 1024,
  maxPlistBytes: 4 * 1024 * 1024,
  maxPlistObjects: 500_000,
  maxDepth: 64,
  maxIconPixels: 2048 * 2048,
};

export interface InspectOptions {
  limits?: Partial<InspectionLimits>;
  /** Feed digests to compute over the whole file (a full read, unlike the format parsing). */
  digests?: readonly FeedDigestAlgorithm[];
}
