import type { Artifact } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import { type Platform, PLATFORMS } from "@/domain/platform";
import { fallbackCandidates, offersPlatform, platformFallbackPlan } from "@/domain/platform-fallback";
import { releaseIdForDevice } from "@/domain/rollout";
import type { Store } from "../store/types";
import { loadChannelTimeline } from "./channels";
import { findReleaseWithArtifacts, type ReleaseWithArtifacts } from "./releases";

// Which release's files a client of a channel uses, by the rules of domain/platform-fallback.ts.

export interface ResolvedRelease extends ReleaseWithArtifacts {
  /** The release the rollout gave this client, when the files come from an older one instead. */
  substitutedFor: string | null;
}

/** Releases a client given `releaseId` may fall back to for a missing platform, newest first. */
async function candidatesOf(store: Store, channel: Channel, releaseId: string): Promise<string[]> {
  return fallbackCandidates((await loadChannelTimeline(store, channel)).settled, releaseId);
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
  const older = await firstUsable(store, await candidatesOf(store, channel, releaseId), usable);
  return older && { ...older, substitutedFor: releaseId };
}

/**
 * For the admin: which older release serves each platform the channel's current release lacks.
 * One history read and one artifact query for all platforms, none when nothing is missing.
 */
export async function platformFallbacks(store: Store, channel: Channel): Promise<{ platform: Platform; release: ReleaseWithArtifacts["release"] }[]> {
  if (channel.currentReleaseId === null) return [];
  const current = await findReleaseWithArtifacts(store, channel.currentReleaseId);
  const shown = current?.artifacts ?? [];
  if (PLATFORMS.every((platform) => offersPlatform(shown, platform))) return [];
  const candidates = await candidatesOf(store, channel, channel.currentReleaseId);
  const artifacts = await store.artifacts.listByReleases(candidates);
  const plan = platformFallbackPlan(shown, candidates, (id) => artifacts.filter((a) => a.releaseId === id));
  const releases = new Map((plan.size > 0 ? await store.releases.getByIds([...new Set(plan.values())]) : []).map((r) => [r.id, r]));
  const result: { platform: Platform; release: ReleaseWithArtifacts["release"] }[] = [];
  for (const [platform, id] of plan) {
    const release = releases.get(id);
    if (release) result.push({ platform, release });
  }
  return result;
}
