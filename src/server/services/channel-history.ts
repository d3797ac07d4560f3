import type { Channel, ChannelHistoryKind } from "@/domain/channel";
import { type PageInput, pageInputSchema } from "@/domain/pagination";
import type { Release } from "@/domain/release";
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
  /** null on a channel's first release, or when that release has since been deleted. */
  from: Release | null;
  /** null only if the release vanished between the two reads. */
  to: Release | null;
  /** The share of devices the move left on `to`. */
  rolloutPercent: number;
}

export interface ChannelHistoryPage {
  channel: Channel;
  moves: ChannelMove[];
  nextCursor: string | null;
}

/**
 * A page of a channel's history, newest first, with its releases and actors read in bulk (three
 * reads per page however long it is). NOT_FOUND for an unknown channel.
 */
export async function describeChannelHistory(store: Store, appId: string, channelName: string, page: PageInput = {}): Promise<ChannelHistoryPage> {
  const channel = await getChannelByNameOrThrow(store, appId, channelName);
  const history = await store.channels.listHistory(channel.id, parseOrThrow(pageInputSchema, page, "page"));
  const releaseIds = history.items.flatMap((e) => (e.fromReleaseId ? [e.releaseId, e.fromReleaseId] : [e.releaseId]));
  const [releases, actors] = await Promise.all([
    store.releases.getByIds(releaseIds),
    describeActors(
      store,
      history.items.map((e) => e.actor),
    ),
  ]);
  const byId = new Map(releases.map((r) => [r.id, r]));
  const moves = history.items.map(
    (entry): ChannelMove => ({
      id: entry.id,
      kind: entry.kind,
      at: entry.createdAt,
      actor: actorFrom(actors, entry.actor),
      from: entry.fromReleaseId ? (byId.get(entry.fromReleaseId) ?? null) : null,
      to: byId.get(entry.releaseId) ?? null,
      rolloutPercent: entry.rolloutPercent,
    }),
  );
  return { channel, moves, nextCursor: history.nextCursor };
}
