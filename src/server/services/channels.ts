import type { Actor } from "@/domain/actor";
import { actorRef } from "@/domain/actor";
import type { Artifact } from "@/domain/artifact";
import {
  type Channel,
  type ChannelHistoryEntry,
  type CreateChannelInput,
  createChannelInputSchema,
  rolloutPercentSchema,
  type UpdateChannelInput,
  updateChannelInputSchema,
} from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { evaluatePromotionGates, type PromotionMode } from "@/domain/promotion-gates";
import type { Release } from "@/domain/release";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import { MAX_CHANNELS_PER_APP } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";

export async function getChannelByNameOrThrow(store: Store, appId: string, name: string): Promise<Channel> {
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
export async function updateChannel(
  store: Store,
  actor: Actor,
  appId: string,
  name: string,
  raw: UpdateChannelInput,
): Promise<Channel> {
  const patch = parseOrThrow(updateChannelInputSchema, raw, "channel update");
  return store.transaction(async (tx) => {
    const before = await getChannelByNameOrThrow(tx, appId, name);
    const channel = await tx.channels.update(before.id, {
      ...(patch.rolloutPercent !== undefined && { rolloutPercent: patch.rolloutPercent }),
      ...(patch.policy !== undefined && { policy: { ...before.policy, ...patch.policy } }),
    });
    await recordAudit(tx, actor, "channel.update", { type: "channel", id: channel.id }, {
      appId,
      name,
      ...(patch.rolloutPercent !== undefined && { rolloutPercent: { from: before.rolloutPercent, to: channel.rolloutPercent } }),
      ...(patch.policy !== undefined && { policy: { from: before.policy, to: channel.policy } }),
    });
    return channel;
  });
}

/**
 * Points a channel at a release inside the caller's transaction, after every gate passes. A gate
 * failure throws GATE_FAILED naming the gates, and the caller's transaction rolls back with it.
 */
export async function moveChannel(
  tx: Store,
  actor: Actor,
  move: { channel: Channel; release: Release; artifacts: Artifact[]; mode: PromotionMode; rolloutPercent?: number },
): Promise<Channel> {
  const { channel, release, artifacts, mode } = move;
  const currentRelease = channel.currentReleaseId ? await tx.releases.getById(channel.currentReleaseId) : null;
  const failures = evaluatePromotionGates({ channel, release, artifacts, currentRelease, mode });
  if (failures.length > 0) {
    throw new DomainError(
      "GATE_FAILED",
      `cannot ${mode} ${channel.name} to ${release.version} (${release.build}): ${failures.map((f) => `[${f.gate}] ${f.message}`).join("; ")}`,
      { gate: failures[0]?.gate, gates: failures },
    );
  }
  // After a rollback the fallback is whatever the channel held before it first reached this release.
  // A release that replaces one still rolling out keeps that rollout's fallback: most devices are
  // still on it, and they must not all jump to the half-rolled-out release in between.
  const midRollout = channel.rolloutPercent < 100 && channel.previousReleaseId !== null;
  const previousReleaseId =
    mode === "rollback"
      ? ((await tx.channels.latestHistoryTo(channel.id, release.id))?.fromReleaseId ?? null)
      : midRollout
        ? channel.previousReleaseId
        : channel.currentReleaseId;
  const rolloutPercent = move.rolloutPercent ?? 100;
  const updated = await tx.channels.update(channel.id, { currentReleaseId: release.id, previousReleaseId, rolloutPercent });
  await tx.channels.appendHistory({
    channelId: channel.id,
    releaseId: release.id,
    fromReleaseId: channel.currentReleaseId,
    kind: mode,
    rolloutPercent,
    actor: actorRef(actor),
  });
  await recordAudit(tx, actor, `channel.${mode}`, { type: "channel", id: channel.id }, {
    appId: channel.appId,
    name: channel.name,
    fromReleaseId: channel.currentReleaseId,
    toReleaseId: release.id,
    build: release.build,
    rolloutPercent,
  });
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

export async function listChannelHistory(
  store: Store,
  appId: string,
  channelName: string,
  page: PageInput = {},
): Promise<Page<ChannelHistoryEntry>> {
  const channel = await getChannelByNameOrThrow(store, appId, channelName);
  return store.channels.listHistory(channel.id, parseOrThrow(pageInputSchema, page, "page"));
}
