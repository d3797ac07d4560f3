import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import { type Channel, DEFAULT_CHANNELS } from "@/domain/channel";
import type { Release } from "@/domain/release";
import { releaseIdForDevice } from "@/domain/rollout";
import type { ShareLink } from "@/domain/share-link";
import type { Store } from "../store/types";
import { findReleaseWithArtifacts, type ReleaseWithArtifacts } from "./releases";

// What the install pages show, independent of how they render it: which release a visitor gets
// from a channel (rollout applied), the app's other channels and its version history.

export interface Viewer {
  /** A signed-in user of this Shipyard. */
  userId: string | null;
  /** The share link this visitor came through, when it belongs to the app. */
  shareLink: ShareLink | null;
}

/** Public and unlisted apps are open to anyone with the URL; private ones need a session or the app's share link. */
export function canViewApp(app: Pick<App, "id" | "visibility">, viewer: Viewer): boolean {
  if (app.visibility !== "private") return true;
  return viewer.userId !== null || viewer.shareLink?.appId === app.id;
}

export interface ChannelChoice {
  name: string;
  rolloutPercent: number;
  hasRelease: boolean;
}

export interface InstallTarget extends ReleaseWithArtifacts {
  /** The channel the release came from; null on a release's own page. */
  channel: Channel | null;
  /** True when the rollout gave this visitor the channel's previous release. */
  heldBack: boolean;
}

export const HISTORY_PAGE_SIZE = 20;

/** Channels in the order testers expect: stable, beta, internal, then the rest by name. */
export function orderChannels(channels: readonly Channel[]): Channel[] {
  const rank = (name: string) => {
    const i = (DEFAULT_CHANNELS as readonly string[]).indexOf(name);
    return i === -1 ? DEFAULT_CHANNELS.length : i;
  };
  return [...channels].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/**
 * The release a device gets from a channel: `channelName` when given, otherwise the first of
 * the ordered channels that has one. Null when no channel has a release yet.
 */
export async function resolveChannelTarget(
  store: Store,
  app: App,
  channelName: string | null,
  deviceId: string | null,
): Promise<{ channels: ChannelChoice[]; target: InstallTarget | null; channel: Channel | null }> {
  const channels = orderChannels(await store.channels.listByApp(app.id));
  const choices = channels.map((c) => ({ name: c.name, rolloutPercent: c.rolloutPercent, hasRelease: c.currentReleaseId !== null }));
  const channel = channelName === null ? (channels.find((c) => c.currentReleaseId !== null) ?? null) : (channels.find((c) => c.name === channelName) ?? null);
  if (!channel) return { channels: choices, target: null, channel: null };
  const releaseId = releaseIdForDevice(channel, deviceId);
  const files = await findReleaseWithArtifacts(store, releaseId);
  if (!files) return { channels: choices, target: null, channel };
  return { channels: choices, channel, target: { ...files, channel, heldBack: releaseId !== channel.currentReleaseId } };
}

/** A release of this app with its files, or null when the id is unknown or belongs elsewhere. */
export async function loadRelease(store: Store, app: App, releaseId: string): Promise<ReleaseWithArtifacts | null> {
  const found = await findReleaseWithArtifacts(store, releaseId);
  return found?.release.appId === app.id ? found : null;
}

/** The newest releases with their files, for the version history. */
export async function loadHistory(store: Store, app: App, cursor?: string): Promise<{ items: ReleaseWithArtifacts[]; nextCursor: string | null }> {
  const page = await store.releases.listByApp(app.id, { limit: HISTORY_PAGE_SIZE, ...(cursor && { cursor }) });
  const items = await Promise.all(page.items.map(async (release) => ({ release, artifacts: await store.artifacts.listByRelease(release.id) })));
  return { items, nextCursor: page.nextCursor };
}

/** The previous release of the same app that carried a platform, for "signer changed" warnings. */
export async function previousArtifactFor(store: Store, app: App, release: Release, platform: Artifact["platform"]): Promise<Artifact | null> {
  let cursor: string | undefined = release.id;
  for (let pages = 0; pages < 5; pages++) {
    const page = await store.releases.listByApp(app.id, { limit: 10, cursor });
    for (const older of page.items) {
      const match = (await store.artifacts.listByRelease(older.id)).find((a) => a.platform === platform);
      if (match) return match;
    }
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}
