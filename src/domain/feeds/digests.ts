import type { Platform } from "../platform";

// Update feeds name files by digests other than the sha256 Shipyard stores them under:
// electron-updater's latest*.yml carries a base64 SHA-512 of every desktop file, and Squirrel's
// RELEASES a hex SHA-1 of Windows packages. They are derived from the stored bytes off the
// request path (inspection), and only for the platforms whose feeds use them.

export type FeedDigestAlgorithm = "sha512" | "sha1";

export interface FeedDigests {
  /** base64, as electron-updater compares it. */
  sha512?: string;
  /** hex, as Squirrel.Windows lists it. */
  sha1?: string;
}

const FEED_DIGESTS: Record<Platform, readonly FeedDigestAlgorithm[]> = {
  ios: [],
  android_apk: [],
  macos: ["sha512"],
  linux: ["sha512"],
  windows: ["sha512", "sha1"],
};

/** The digests a file published for `platform` needs for its update feeds. */
export function feedDigestsFor(platform: Platform): readonly FeedDigestAlgorithm[] {
  return FEED_DIGESTS[platform];
}

/** The form each feed expects a digest in. */
export const FEED_DIGEST_ENCODING: Record<FeedDigestAlgorithm, "base64" | "hex"> = { sha512: "base64", sha1: "hex" };
