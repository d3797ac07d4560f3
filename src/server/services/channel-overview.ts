import type { App } from "@/domain/app";
import type { Channel } from "@/domain/channel";
import type { Platform } from "@/domain/platform";
import type { Release } from "@/domain/release";
import type { Store } from "../store/types";
import { platformFallbacks } from "./channel-release";
import { listChannels } from "./channels";

/** What each channel serves, as an admin needs to see it: both sides of a rollout, and substitutes. */
export interface ChannelOverview {
  channel: Channel;
  current: Release | null;
  /** What the devices outside a partial rollout get, and where a one-step rollback goes. */
  fallback: Release | null;
  /** Platforms the current release lacks, served from an older release of the channel. */
  platformFallbacks: { platform: Platform; release: Release }[];
}

export async function describeChannels(store: Store, app: App): Promise<ChannelOverview[]> {
  const channels = await listChannels(store, app.id);
  // Every channel's current and previous release in one read, not two per channel.
  const pointed = channels.flatMap((c) => [c.currentReleaseId, c.previousReleaseId]).filter((id): id is string => id !== null);
  const releases = new Map((await store.releases.getByIds([...new Set(pointed)])).map((r) => [r.id, r]));
  const release = (id: string | null) => (id === null ? null : (releases.get(id) ?? null));
  return Promise.all(
    channels.map(async (channel) => ({
      channel,
      current: release(channel.currentReleaseId),
      fallback: release(channel.previousReleaseId),
      platformFallbacks: await platformFallbacks(store, channel),
    })),
  );
}
