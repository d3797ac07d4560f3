import { renderReleaseNotes } from "../markdown";
import type { Release } from "../release";
import type { ElectronFeedInput, FeedFile } from "./electron-updater";
import type { AppcastItem } from "./sparkle";

// What a feed says of the release it describes, in each updater's terms. The formats themselves
// (YAML, appcast XML) are written by electron-updater.ts and sparkle.ts.

type FeedReleaseFields = Pick<Release, "version" | "build" | "notes" | "publishedAt" | "createdAt">;

export interface AppcastEntryInput {
  appName: string;
  channel: { name: string; policy: { minimumSupportedBuild: string | null } };
  release: FeedReleaseFields;
  archive: { url: string; sizeBytes: number };
  /** CI's EdDSA signature and the minimum macOS (sparkleFacts). */
  facts: { edSignature?: string; minimumSystemVersion?: string };
}

/** The appcast item of a release. Every Sparkle client follows "stable", so it names no channel. */
export function appcastItemFor({ appName, channel, release, archive, facts }: AppcastEntryInput): AppcastItem {
  const minimum = facts.minimumSystemVersion;
  return {
    title: `${appName} ${release.version}`,
    version: release.build,
    shortVersionString: release.version,
    pubDate: release.publishedAt ?? release.createdAt,
    ...(minimum && { minimumSystemVersion: minimum }),
    ...(channel.name !== "stable" && { channel: channel.name }),
    ...(release.notes && { releaseNotesHtml: renderReleaseNotes(release.notes) }),
    ...(channel.policy.minimumSupportedBuild && { criticalUpdateBelowVersion: channel.policy.minimumSupportedBuild }),
    enclosure: { url: archive.url, length: archive.sizeBytes, type: "application/octet-stream", ...(facts.edSignature && { edSignature: facts.edSignature }) },
  };
}

/** The electron-updater feed of a release: its files for one platform, best first. */
export function electronFeedFor(appName: string, release: FeedReleaseFields, files: readonly FeedFile[], stagingPercentage: number | undefined): ElectronFeedInput {
  return {
    version: release.version,
    releaseDate: release.publishedAt ?? release.createdAt,
    releaseName: `${appName} ${release.version}`,
    ...(release.notes && { releaseNotes: release.notes }),
    files,
    ...(stagingPercentage !== undefined && { stagingPercentage }),
  };
}
