import { createHash } from "node:crypto";
import { z } from "zod";

// Staged rollout: a channel at N% serves its current release to the devices whose bucket is below
// N and its previous release to the rest. Buckets are a pure function of (channel, device), so a
// device gets the same answer on every request and every server, no state is stored, and raising
// the percentage only ever adds devices (bucket < 30 implies bucket < 60). The channel id is part
// of the hash so that the same early 10% are not the guinea pigs of every channel and app.

export const ROLLOUT_BUCKETS = 100;

/** Device ids as apps and browsers send them: UUIDs, Android ids, UDIDs, electron-updater's staging id. */
export const deviceIdSchema = z
  .string({ error: "device id must be a string" })
  .trim()
  .min(1, "device id must not be empty")
  .max(128, "device id must be at most 128 characters")
  .regex(/^[A-Za-z0-9._:-]+$/, "device id may contain only letters, digits, '.', '_', ':' and '-'");

/** 0..99, deterministic: sha256(channelId + "\0" + deviceId), first 4 bytes big-endian, mod 100. */
export function rolloutBucket(channelId: string, deviceId: string): number {
  // The NUL separator keeps ("ab", "c") and ("a", "bc") apart. 2^32 mod 100 = 96, so buckets 0..95
  // are 1 in 43 million more likely than 96..99: far below any rollout's resolution.
  const digest = createHash("sha256").update(`${channelId}\0${deviceId}`, "utf8").digest();
  return digest.readUInt32BE(0) % ROLLOUT_BUCKETS;
}

export interface RolloutChannel {
  id: string;
  currentReleaseId: string | null;
  previousReleaseId: string | null;
  rolloutPercent: number;
}

/**
 * The release the devices outside a staged rollout keep, or null when every device gets the
 * current one (the rollout is complete, or there is nothing to fall back to). At 100 % the previous
 * release is only the rollback target: it serves no device.
 */
export function stagedFallbackId(channel: Omit<RolloutChannel, "id">): string | null {
  return channel.rolloutPercent < 100 ? channel.previousReleaseId : null;
}

/**
 * The release a device gets from a channel: current when the rollout is complete, when there is
 * nothing to fall back to, or when the device's bucket is inside the rollout; otherwise previous.
 * A device we cannot place (no id, or an empty one) is not in a partial rollout: it keeps the
 * release everyone already had rather than landing in a cohort by accident.
 */
export function releaseIdForDevice(channel: RolloutChannel, deviceId: string | null): string | null {
  const fallback = stagedFallbackId(channel);
  if (fallback === null) return channel.currentReleaseId;
  if (deviceId === null || deviceId === "") return fallback;
  return rolloutBucket(channel.id, deviceId) < channel.rolloutPercent ? channel.currentReleaseId : fallback;
}

/** A staged rollout as a page sees it: the channel that hashes the device ids, and the share that gets the new release. */
export interface RolloutSplit {
  channelId: string;
  percent: number;
}

/**
 * Which side of a staged rollout a device is on: "in" gets the current release, "out" the one it
 * falls back to. The same decision as releaseIdForDevice; a device without an id is out.
 */
export function rolloutSide(split: RolloutSplit, deviceId: string | null): "in" | "out" {
  if (deviceId === null || deviceId === "") return "out";
  return rolloutBucket(split.channelId, deviceId) < split.percent ? "in" : "out";
}
