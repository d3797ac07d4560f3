import { type Artifact, isInstallable } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import { type Platform, PLATFORMS } from "@/domain/platform";
import { releaseIdForDevice } from "@/domain/rollout";
import type { Store } from "../store/types";
import { loadChannelTimeline } from "./channels";
import { findReleaseWithArtifacts, type ReleaseWithArtifacts } from "./releases";

// A release need not carry every platform: a Windows-only hotfix 1.2.4 promoted over a 1.2.3 that
// had Linux and macOS files must not leave Linux and macOS clients with nothing. Per platform, a
// client gets the newest release of the channel's settled history that has a file it can use,
// never newer than the release the rollout gives it, and never one the channel was rolled back
// away from (the settled history leaves those out).

/** How far back a platform is looked for: older releases than this are not worth offering. */
const MAX_FALLBACK_RELEASES = 50;

export interface ResolvedRelease extends ReleaseWithArtifacts {
  /** The release the rollout gave this client, when the files come from an older one instead. */
  substitutedFor: string | null;
}

/** Releases a client given `releaseId` may fall back to for a missing platform, newest first. */
async function fallbackCandidates(store: Store, channel: Channel, releaseId: string): Promise<string[]> {
  const { settled } = await loadChannelTimeline(store, channel);
  const position = settled.lastIndexOf(releaseId);
  const older = position >= 0 ? settled.slice(0, position) : settled;
  return [...older].reverse().slice(0, MAX_FALLBACK_RELEASES);
}

/** The first of `releaseIds` (newest first) with files `usable` accepts, read in one query. */
async function firstUsable(store: Store, releaseIds: string[], usable: (artifacts: Artifact[]) => boolean): Promise<ReleaseWithArtifacts | null> {
  const all = (await store.artifacts.listByReleases(releaseIds)).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const id of releaseIds) {
    const artifacts = all.filter((a) => a.releaseId === id);
    const release = usable(artifacts) ? await store.releases.getById(id) : null;
    if (release) return { release, artifacts };
  }
  return null;
}

/**
 * The release whose files a client uses: the one the rollout gives it (`releaseId`, by default the
 * device's), or, when that has no file `usable` accepts, the newest older settled release that has.
 */
export async function resolveChannelRelease(
  store: Store,
  channel: Channel,
  usable: (artifacts: Artifact[]) => boolean,
  pick: { deviceId: string | null } | { releaseId: string | null },
): Promise<ResolvedRelease | null> {
  const releaseId = "releaseId" in pick ? pick.releaseId : releaseIdForDevice(channel, pick.deviceId);
  if (releaseId === null) return null;
  const found = await findReleaseWithArtifacts(store, releaseId);
  if (found && usable(found.artifacts)) return { ...found, substitutedFor: null };
  const older = await firstUsable(store, await fallbackCandidates(store, channel, releaseId), usable);
  return older && { ...older, substitutedFor: releaseId };
}

/**
 * For the admin: which older release serves each platform the channel's current release lacks.
 * One history read and one artifact query for all platforms, none when nothing is missing.
 */
export async function platformFallbacks(store: Store, channel: Channel): Promise<{ platform: Platform; release: ReleaseWithArtifacts["release"] }[]> {
  if (channel.currentReleaseId === null) return [];
  const current = await findReleaseWithArtifacts(store, channel.currentReleaseId);
  const offers = (artifacts: Artifact[], platform: Platform) => artifacts.some((a) => a.platform === platform && isInstallable(a));
  const missing = PLATFORMS.filter((platform) => !offers(current?.artifacts ?? [], platform));
  if (missing.length === 0) return [];
  const candidates = await fallbackCandidates(store, channel, channel.currentReleaseId);
  const artifacts = await store.artifacts.listByReleases(candidates);
  const result: { platform: Platform; release: ReleaseWithArtifacts["release"] }[] = [];
  for (const platform of missing) {
    for (const id of candidates) {
      const release = offers(
        artifacts.filter((a) => a.releaseId === id),
        platform,
      )
        ? await store.releases.getById(id)
        : null;
      if (!release) continue;
      result.push({ platform, release });
      break;
    }
  }
  return result;
}
