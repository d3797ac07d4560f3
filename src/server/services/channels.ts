import type { Actor } from "@/domain/actor";
import { actorRef } from "@/domain/actor";
import type { Artifact } from "@/domain/artifact";
import { applyChannelMove, type ChannelTimeline, replayChannelMoves } from "@/domain/channel-pointers";
import { type Channel, type ChannelHistoryEntry, type CreateChannelInput, createChannelInputSchema, rolloutPercentSchema, type UpdateChannelInput, updateChannelInputSchema } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { evaluatePromotionGates, type PromotionMode } from "@/domain/promotion-gates";
import type { Release } from "@/domain/release";
import { formatRelease } from "@/domain/release-label";
import { parseOrThrow } from "@/domain/validate";
import { allPages } from "../store/all-pages";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { type ChannelPatch, MAX_CHANNELS_PER_APP } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";

export async function getChannelByNameOrThrow(store: Pick<ReadStore, "channels">, appId: string, name: string): Promise<Channel> {
  const channel = await store.channels.getByName(appId, name);
  if (!channel) throw DomainError.notFound("channel", name);
  return channel;
}

export async function listChannels(store: Store, appId: string): Promise<Channel[]> {
  await getAppOrThrow(store, appId);
  return store.channels.listByApp(appId);
}

export async function createChannel(store: Store, actor: Actor, appId: string, raw: CreateChannelInput): Promise<Channel> {
  const input = parseOrThrow(createChannelInputSchema, raw, "channel");
  return store.transaction(async (tx) => {
    await getAppOrThrow(tx, appId);
    const existing = await tx.channels.listByApp(appId);
    if (existing.some((c) => c.name === input.name)) {
      throw new DomainError("CONFLICT", `channel "${input.name}" already exists`);
    }
    if (existing.length >= MAX_CHANNELS_PER_APP) {
      throw new DomainError("INVALID", `an app has at most ${MAX_CHANNELS_PER_APP} channels`);
    }
    const channel = await tx.channels.create({ appId, currentReleaseId: null, previousReleaseId: null, ...input });
    await recordAudit(tx, actor, "channel.create", { type: "channel", id: channel.id }, { appId, name: channel.name });
    return channel;
  });
}

/**
 * Changes a channel's rollout percent or policy; a policy change replaces only the fields it names
 * (pausing a rollout = leaving the percent as is).
 */
export async function updateChannel(store: Store, actor: Actor, appId: string, name: string, raw: UpdateChannelInput): Promise<Channel> {
  const patch = parseOrThrow(updateChannelInputSchema, raw, "channel update");
  return store.transaction(async (tx) => {
    const before = await getChannelByNameOrThrow(tx, appId, name);
    const rollout = patch.rolloutPercent !== undefined && patch.rolloutPercent !== before.rolloutPercent ? await changeRollout(tx, actor, before, patch.rolloutPercent) : {};
    const channel = await tx.channels.update(before.id, {
      ...rollout,
      ...(patch.policy !== undefined && { policy: { ...before.policy, ...patch.policy } }),
    });
    await recordAudit(
      tx,
      actor,
      "channel.update",
      { type: "channel", id: channel.id },
      {
        appId,
        name,
        ...(patch.rolloutPercent !== undefined && { rolloutPercent: { from: before.rolloutPercent, to: channel.rolloutPercent } }),
        ...(patch.policy !== undefined && { policy: { from: before.policy, to: channel.policy } }),
      },
    );
    return channel;
  });
}

/**
 * The channel's moves replayed from its history (see channel-pointers.ts), reconciled with the
 * stored percent: history written before rollout changes were recorded lacks them.
 */
export async function loadChannelTimeline(tx: Pick<ReadStore, "channels">, channel: Channel): Promise<ChannelTimeline> {
  const history = await allPages((page) => tx.channels.listHistory(channel.id, page));
  const replayed = replayChannelMoves(history.reverse());
  const current = channel.currentReleaseId;
  if (current === null || replayed.currentReleaseId !== current || replayed.rolloutPercent === channel.rolloutPercent) return replayed;
  return applyChannelMove(replayed, { kind: "rollout", releaseId: current, rolloutPercent: channel.rolloutPercent });
}

/** A new rollout percent, recorded in the history: reaching 100% makes the release a safe fallback. */
async function changeRollout(tx: Store, actor: Actor, channel: Channel, rolloutPercent: number): Promise<ChannelPatch> {
  const current = channel.currentReleaseId;
  if (current === null) return { rolloutPercent };
  const release = await tx.releases.getById(current);
  if (!release) throw DomainError.notFound("release", current);
  const timeline = applyChannelMove(await loadChannelTimeline(tx, channel), { kind: "rollout", releaseId: current, rolloutPercent });
  await tx.channels.appendHistory({ channelId: channel.id, release, fromRelease: release, kind: "rollout", rolloutPercent, actor: actorRef(actor) });
  return { rolloutPercent, previousReleaseId: timeline.previousReleaseId };
}

/**
 * Points a channel at a release inside the caller's transaction, after every gate passes. A gate
 * failure throws GATE_FAILED naming the gates, and the caller's transaction rolls back with it.
 */
export async function moveChannel(tx: Store, actor: Actor, move: { channel: Channel; release: Release; artifacts: Artifact[]; mode: PromotionMode; rolloutPercent?: number }): Promise<Channel> {
  const { channel, release, artifacts, mode } = move;
  const currentRelease = channel.currentReleaseId ? await tx.releases.getById(channel.currentReleaseId) : null;
  const failures = evaluatePromotionGates({ channel, release, artifacts, currentRelease, mode });
  if (failures.length > 0) {
    throw new DomainError("GATE_FAILED", `cannot ${mode} ${channel.name} to ${formatRelease(release)}: ${failures.map((f) => `[${f.gate}] ${f.message}`).join("; ")}`, {
      gate: failures[0]?.gate,
      gates: failures,
    });
  }
  const rolloutPercent = move.rolloutPercent ?? 100;
  const timeline = applyChannelMove(await loadChannelTimeline(tx, channel), { kind: mode, releaseId: release.id, rolloutPercent });
  const updated = await tx.channels.update(channel.id, {
    currentReleaseId: timeline.currentReleaseId,
    previousReleaseId: timeline.previousReleaseId,
    rolloutPercent,
  });
  await tx.channels.appendHistory({
    channelId: channel.id,
    release,
    fromRelease: currentRelease,
    kind: mode,
    rolloutPercent,
    actor: actorRef(actor),
  });
  await recordAudit(
    tx,
    actor,
    `channel.${mode}`,
    { type: "channel", id: channel.id },
    {
      appId: channel.appId,
      name: channel.name,
      fromReleaseId: channel.currentReleaseId,
      toReleaseId: release.id,
      build: release.build,
      rolloutPercent,
    },
  );
  return updated;
}

export interface PromoteChannelInput {
  channel: string;
  releaseId: string;
  /** Start a staged rollout at this percent (default 100). */
  rolloutPercent?: number;
  /** Allow moving to an older build (an explicit rollback to a chosen release). */
  rollback?: boolean;
}

export async function promoteChannel(store: Store, actor: Actor, appId: string, input: PromoteChannelInput): Promise<Channel> {
  const rolloutPercent = input.rolloutPercent === undefined ? undefined : parseOrThrow(rolloutPercentSchema, input.rolloutPercent, "rollout percent");
  return store.transaction(async (tx) => {
    const channel = await getChannelByNameOrThrow(tx, appId, input.channel);
    const release = await tx.releases.getById(input.releaseId);
    if (!release) throw DomainError.notFound("release", input.releaseId);
    const artifacts = await tx.artifacts.listByRelease(release.id);
    const mode: PromotionMode = input.rollback ? "rollback" : "promote";
    return moveChannel(tx, actor, { channel, release, artifacts, mode, rolloutPercent });
  });
}

/** One-step rollback: the channel returns to the release it held before the current one. */
export async function rollbackChannel(store: Store, actor: Actor, appId: string, channelName: string): Promise<Channel> {
  return store.transaction(async (tx) => {
    const channel = await getChannelByNameOrThrow(tx, appId, channelName);
    if (!channel.previousReleaseId) {
      throw new DomainError("GATE_FAILED", `${channelName} has no previous release to roll back to`, { gate: "has-previous" });
    }
    const release = await tx.releases.getById(channel.previousReleaseId);
    if (!release) throw DomainError.notFound("release", channel.previousReleaseId);
    const artifacts = await tx.artifacts.listByRelease(release.id);
    return moveChannel(tx, actor, { channel, release, artifacts, mode: "rollback" });
  });
}

export async function listChannelHistory(store: Store, appId: string, channelName: string, page: PageInput = {}): Promise<Page<ChannelHistoryEntry>> {
  const channel = await getChannelByNameOrThrow(store, appId, channelName);
  return store.channels.listHistory(channel.id, parseOrThrow(pageInputSchema, page, "page"));
}
