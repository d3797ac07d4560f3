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
  return Promise.all(
    channels.map(async (channel) => ({
      channel,
      current: channel.currentReleaseId ? await store.releases.getById(channel.currentReleaseId) : null,
      fallback: channel.previousReleaseId ? await store.releases.getById(channel.previousReleaseId) : null,
      platformFallbacks: await platformFallbacks(store, channel),
    })),
  );
}
