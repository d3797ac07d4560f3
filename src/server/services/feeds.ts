import type { App } from "@/domain/app";
import type { Artifact } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import type { Release } from "@/domain/release";
import { releaseIdForDevice } from "@/domain/rollout";
import type { Store } from "../store/types";
import { getChannelByNameOrThrow } from "./channels";
import { findReleaseWithArtifacts } from "./releases";

// Which release a desktop feed describes. electron-updater does staged rollouts itself (it hashes
// its own id against `stagingPercentage`), so without a device id the feed offers the current
// release with the channel's percent. Sparkle has no percent rollout: a device that names itself
// is bucketed here, one that does not stays on the previous release until the rollout is full.

export interface FeedRelease {
  channel: Channel;
  release: Release;
  artifacts: Artifact[];
  /** For electron-updater: the share of clients that should take it (undefined = everyone). */
  stagingPercentage: number | undefined;
}

export async function feedRelease(
  store: Store,
  app: App,
  channelName: string,
  client: { format: "electron" | "sparkle"; deviceId: string | null },
): Promise<FeedRelease | null> {
  const channel = await getChannelByNameOrThrow(store, app.id, channelName);
  let releaseId: string | null;
  let stagingPercentage: number | undefined;
  if (client.deviceId !== null || client.format === "sparkle") {
    releaseId = releaseIdForDevice(channel, client.deviceId);
  } else {
    releaseId = channel.currentReleaseId;
    stagingPercentage = channel.rolloutPercent < 100 && channel.previousReleaseId ? channel.rolloutPercent : undefined;
  }
  const found = await findReleaseWithArtifacts(store, releaseId);
  return found && { channel, ...found, stagingPercentage };
}

/** The architecture a file is for, from CI's attributes, then what inspection read. */
export function artifactArch(artifact: Artifact): "x64" | "arm64" | null {
  const m = artifact.metadata;
  const ci = (m.ci ?? {}) as { arch?: unknown };
  for (const value of [ci.arch, m.arch, m.architecture, m.machine]) {
    if (typeof value !== "string") continue;
    const v = value.toLowerCase();
    if (["x64", "amd64", "x86_64", "x86-64"].includes(v)) return "x64";
    if (["arm64", "aarch64"].includes(v)) return "arm64";
  }
  const name = artifact.filename.toLowerCase();
  if (/(arm64|aarch64)/.test(name)) return "arm64";
  if (/(x64|x86_64|amd64)/.test(name)) return "x64";
  return null;
}
