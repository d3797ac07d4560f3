import type { App } from "@/domain/app";
import type { InstallFunnel } from "@/domain/install-event";
import type { Release } from "@/domain/release";
import type { Store } from "../store/types";
import { type ChannelOverview, describeChannels } from "./channel-overview";
import { listReleases } from "./releases";

export const RECENT_RELEASES = 10;

export interface AppConsole {
  channels: ChannelOverview[];
  /** The newest releases, newest first. */
  recent: Release[];
  /** Install funnels of the recent releases: every one of them has an entry (zeros when none). */
  funnels: Map<string, InstallFunnel>;
}

/** The console's page of one app: its channels and what they serve, its newest releases and how they install. */
export async function describeAppConsole(store: Store, app: App): Promise<AppConsole> {
  const [channels, releases] = await Promise.all([describeChannels(store, app), listReleases(store, app.id, { limit: RECENT_RELEASES })]);
  const funnels = await store.installEvents.funnelsForReleases(releases.items.map((r) => r.id));
  return { channels, recent: releases.items, funnels };
}
