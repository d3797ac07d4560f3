import type { Channel, ChannelHistoryKind, HistoryRelease } from "@/domain/channel";
import { type PageInput, pageInputSchema } from "@/domain/pagination";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { type ActorDescription, actorFrom } from "@/domain/actor";
import { describeActors } from "./actors";
import { getChannelByNameOrThrow } from "./channels";

/** One move of a channel as the console shows it: who, when, what, from which release to which. */
export interface ChannelMove {
  id: string;
  kind: ChannelHistoryKind;
  at: Date;
  actor: ActorDescription;
  /** null only on a channel's first release; a release deleted since keeps its label. */
  from: HistoryRelease | null;
  to: HistoryRelease;
  /** The share of devices the move left on `to`. */
  rolloutPercent: number;
}

export interface ChannelHistoryPage {
  channel: Channel;
  moves: ChannelMove[];
  nextCursor: string | null;
}

/**
 * A page of a channel's history, newest first, with its actors read in bulk (two reads per page
 * however long it is; the releases' labels are on the history rows). NOT_FOUND for an unknown channel.
 */
export async function describeChannelHistory(store: Store, appId: string, channelName: string, page: PageInput = {}): Promise<ChannelHistoryPage> {
  const channel = await getChannelByNameOrThrow(store, appId, channelName);
  const history = await store.channels.listHistory(channel.id, parseOrThrow(pageInputSchema, page, "page"));
  const actors = await describeActors(
    store,
    history.items.map((e) => e.actor),
  );
  const moves = history.items.map(
    (entry): ChannelMove => ({
      id: entry.id,
      kind: entry.kind,
      at: entry.createdAt,
      actor: actorFrom(actors, entry.actor),
      from: entry.fromReleaseLabel && { id: entry.fromReleaseId, ...entry.fromReleaseLabel },
      to: { id: entry.releaseId, ...entry.releaseLabel },
      rolloutPercent: entry.rolloutPercent,
    }),
  );
  return { channel, moves, nextCursor: history.nextCursor };
}
