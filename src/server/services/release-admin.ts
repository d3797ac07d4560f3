// What an admin does to one published release: read it whole, edit its notes, delete it.
import type { Actor } from "@/domain/actor";
import type { Artifact } from "@/domain/artifact";
import type { Channel, ChannelHistoryKind, HistoryRelease } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import type { InstallFunnel } from "@/domain/install-event";
import { notesSchema, type Release } from "@/domain/release";
import { formatRelease } from "@/domain/release-label";
import { stagedFallbackId } from "@/domain/rollout";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { type ActorDescription, actorFrom } from "@/domain/actor";
import { describeActors } from "./actors";
import { recordAudit } from "./audit";
import { getReleaseOrThrow } from "./releases";

/** How many channel moves a release page shows (newest first). */
export const RELEASE_HISTORY_LIMIT = 50;

/** A channel that serves the release now: as its current release, or to the devices outside its rollout. */
export interface ReleaseChannelNow {
  channel: string;
  role: "current" | "fallback";
  rolloutPercent: number;
}

/** One move of a channel that involved the release. */
export interface ReleaseChannelMove {
  id: string;
  channel: string;
  kind: ChannelHistoryKind;
  /** onto: the channel moved to this release; away: from it to `other`; rollout: its percent changed. */
  direction: "onto" | "away" | "rollout";
  /** The release the channel moved to (away) or from (onto); null only when it had none before. */
  other: HistoryRelease | null;
  rolloutPercent: number;
  actor: ActorDescription;
  at: Date;
}

export interface ReleaseDetail {
  release: Release;
  artifacts: Artifact[];
  /** Who published it (a user, or the token CI used). */
  publishedBy: ActorDescription;
  channelsNow: ReleaseChannelNow[];
  /** Channels that pointed at it once and serve it no more, with the last time each moved onto it. */
  channelsBefore: { channel: string; lastOn: Date }[];
  history: ReleaseChannelMove[];
  funnel: InstallFunnel;
}

/** "stable", "stable and beta", "stable, beta and internal". */
function inWords(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function servingChannels(channels: readonly Channel[], releaseId: string): ReleaseChannelNow[] {
  return channels.flatMap((c): ReleaseChannelNow[] => {
    if (c.currentReleaseId === releaseId) return [{ channel: c.name, role: "current", rolloutPercent: c.rolloutPercent }];
    if (stagedFallbackId(c) === releaseId) return [{ channel: c.name, role: "fallback", rolloutPercent: c.rolloutPercent }];
    return [];
  });
}

export async function releaseDetail(store: Store, releaseId: string): Promise<ReleaseDetail> {
  const { release, artifacts } = await getReleaseOrThrow(store, releaseId);
  const [channels, entries, funnel] = await Promise.all([
    store.channels.listByApp(release.appId),
    store.channels.listHistoryOfRelease(release.id, RELEASE_HISTORY_LIMIT),
    store.installEvents.funnelForRelease(release.id),
  ]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  // The other release of each move is named by the label its history row keeps, deleted or not.
  const actors = await describeActors(store, [release.createdBy, ...entries.map((e) => e.actor)]);

  const history = entries.map((e): ReleaseChannelMove => {
    const direction = e.kind === "rollout" ? "rollout" : e.releaseId === release.id ? "onto" : "away";
    const other =
      direction === "away"
        ? { id: e.releaseId, ...e.releaseLabel }
        : direction === "onto" && e.fromReleaseLabel && e.fromReleaseId !== release.id
          ? { id: e.fromReleaseId, ...e.fromReleaseLabel }
          : null;
    return {
      id: e.id,
      channel: names.get(e.channelId) ?? "a deleted channel",
      kind: e.kind,
      direction,
      other,
      rolloutPercent: e.rolloutPercent,
      actor: actorFrom(actors, e.actor),
      at: e.createdAt,
    };
  });
  const channelsNow = servingChannels(channels, release.id);
  const serving = new Set(channelsNow.map((c) => c.channel));
  const before = new Map<string, Date>();
  // Newest first, so the first move onto a channel seen is its last.
  for (const move of history) {
    if (move.direction === "onto" && !serving.has(move.channel) && !before.has(move.channel)) before.set(move.channel, move.at);
  }
  return {
    release,
    artifacts,
    publishedBy: actorFrom(actors, release.createdBy),
    channelsNow,
    channelsBefore: [...before].map(([channel, lastOn]) => ({ channel, lastOn })),
    history,
    funnel,
  };
}

/** Replaces a release's notes (also after publishing: testers see the new text on the next page view). */
export async function updateReleaseNotes(store: Store, actor: Actor, releaseId: string, raw: string): Promise<Release> {
  const notes = parseOrThrow(notesSchema, raw, "release notes");
  return store.transaction(async (tx) => {
    const { release } = await getReleaseOrThrow(tx, releaseId);
    if (release.notes === notes) return release;
    const updated = await tx.releases.update(release.id, { notes });
    // Lengths, not texts: the log stays small and the notes themselves are on the release.
    await recordAudit(
      tx,
      actor,
      "release.update_notes",
      { type: "release", id: release.id },
      {
        appId: release.appId,
        version: release.version,
        build: release.build,
        fromLength: release.notes.length,
        toLength: notes.length,
      },
    );
    return updated;
  });
}

/**
 * Deletes a release that no channel serves as its current release, with its files' rows, in one
 * audited transaction. The bytes stay for blob GC (another release may share them). A channel
 * whose rollout falls back to it then serves its current release to every device.
 */
export async function deleteRelease(store: Store, actor: Actor, releaseId: string): Promise<Release> {
  return store.transaction(async (tx) => {
    const { release, artifacts } = await getReleaseOrThrow(tx, releaseId);
    const channels = await tx.channels.listByApp(release.appId);
    const pinning = channels.filter((c) => c.currentReleaseId === release.id).map((c) => c.name);
    if (pinning.length > 0) {
      throw new DomainError("CONFLICT", `${formatRelease(release)} is the current release of ${inWords(pinning)}; promote another release there first`, { channels: pinning });
    }
    await tx.releases.delete(release.id);
    await recordAudit(
      tx,
      actor,
      "release.delete",
      { type: "release", id: release.id },
      {
        appId: release.appId,
        version: release.version,
        build: release.build,
        channel: release.channel,
        reason: "manual",
        artifacts: artifacts.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256, sizeBytes: a.sizeBytes })),
      },
    );
    return release;
  });
}
