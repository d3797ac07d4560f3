import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import { type DesktopFeedPlatform, type FeedArch, type FeedFile, selectFeedFiles } from "@/domain/feeds/electron-updater";
import { metadataOf } from "@/domain/metadata-reader";
import type { Release } from "@/domain/release";
import { stagedFallbackId } from "@/domain/rollout";
import type { Store } from "../store/types";
import { getChannelByNameOrThrow } from "./channels";
import { resolveChannelRelease } from "./channel-release";

// Which release a desktop feed describes. electron-updater does staged rollouts itself (it hashes
// its own id against `stagingPercentage`), so without a device id the feed offers the current
// release with the channel's percent. Sparkle has no percent rollout: a device that names itself
// is bucketed here, one that does not stays on the previous release until the rollout is full.

export interface FeedRelease {
  channel: Channel;
  release: Release;
  artifacts: Artifact[];
  /** For electron-updater: the share of clients that should take it (undefined = everyone). */
  stagingPercentage: number | undefined;
}

/**
 * The release a feed describes, for a client that can use the files `usable` accepts: when the
 * release it is due has none for its platform, an older one that has (channel-release.ts).
 */
export async function feedRelease(
  store: Store,
  app: App,
  channelName: string,
  client: { format: "electron" | "sparkle"; deviceId: string | null },
  usable: (artifacts: Artifact[]) => boolean,
): Promise<FeedRelease | null> {
  const channel = await getChannelByNameOrThrow(store, app.id, channelName);
  if (client.deviceId !== null || client.format === "sparkle") {
    const found = await resolveChannelRelease(store, channel, usable, { deviceId: client.deviceId });
    return found && { channel, ...found, stagingPercentage: undefined };
  }
  const found = await resolveChannelRelease(store, channel, usable, { releaseId: channel.currentReleaseId });
  // A substitute is what everyone on this platform gets, so it is not staged.
  const staged = found?.substitutedFor === null && stagedFallbackId(channel) !== null;
  return found && { channel, ...found, stagingPercentage: staged ? channel.rolloutPercent : undefined };
}

/** The architecture a file is for, from CI's attributes, then what inspection read. */
export function artifactArch(artifact: Artifact): "x64" | "arm64" | null {
  const m = metadataOf(artifact);
  const inspected =
    m.kind === "rpm" || m.kind === "appimage" ? m.arch : m.kind === "deb" || m.kind === "msi" ? m.architecture : m.kind === "exe" ? m.machine : m.kind === "msix" ? m.processorArchitecture : undefined;
  for (const value of [m.ci?.arch, inspected]) {
    if (typeof value !== "string") continue;
    const v = value.toLowerCase();
    if (["x64", "amd64", "x86_64", "x86-64"].includes(v)) return "x64";
    if (["arm64", "aarch64"].includes(v)) return "arm64";
  }
  const name = artifact.filename.toLowerCase();
  if (/(arm64|aarch64)/.test(name)) return "arm64";
  if (/(x64|x86_64|amd64)/.test(name)) return "x64";
  return null;
}

/** The Sparkle enclosure: a macOS archive Sparkle can apply. */
export function sparkleArchive(artifacts: Artifact[]): Artifact | null {
  return artifacts.find((a) => a.platform === "macos" && /\.(zip|dmg|tar\.xz|pkg)$/i.test(a.filename) && isInstallable(a)) ?? null;
}

/** What an appcast item says of its archive beyond the release: CI's signature and minimum macOS. */
export function sparkleFacts(archive: Artifact): { edSignature?: string; minimumSystemVersion?: string } {
  const m = metadataOf(archive);
  const inspected = m.kind === "pkg" || m.kind === "zip" ? m.minimumOsVersion : undefined;
  const minimum = m.ci?.minimumSystemVersion ?? inspected;
  return { ...(m.ci?.edSignature && { edSignature: m.ci.edSignature }), ...(minimum && { minimumSystemVersion: minimum }) };
}

/** The files an electron-updater feed lists for one platform and architecture, best first. */
export function electronFeedFiles(artifacts: Artifact[], target: { platform: DesktopFeedPlatform; arch: FeedArch | null }, urlFor: (artifact: Artifact) => string): FeedFile[] {
  const candidates = artifacts
    .filter((a) => a.platform === target.platform && isInstallable(a))
    .flatMap((a) => {
      const sha512 = metadataOf(a).digests?.sha512;
      return typeof sha512 === "string" ? [{ url: urlFor(a), sha512, size: a.sizeBytes, filename: a.filename, arch: artifactArch(a) }] : [];
    });
  return selectFeedFiles(target.platform, target.arch, candidates);
}
