import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import type { Release } from "@/domain/release";
import { decideUpdate, type UpdateDecision } from "@/domain/update-check";
import type { Store } from "../store/types";
import { getChannelByNameOrThrow } from "./channels";
import { resolveChannelRelease } from "./channel-release";

// The in-app update check: which release this device gets from the channel (rollout applied),
// and whether that is an update for the build it runs.

export type UpdateCheckResult =
  | { kind: "up_to_date" }
  | { kind: "update"; mandatory: boolean; release: Release; artifact: Artifact }
  | { kind: "device_not_provisioned"; release: Release; artifact: Artifact };

export interface UpdateCheckInput {
  platform: "ios" | "android_apk";
  currentBuild: string;
  channel: string;
  deviceId: string | null;
  udid: string | null;
}

/** The file a phone installs: the IPA, or the APK (an .aab is not installable). */
function installableArtifact(artifacts: Artifact[], platform: UpdateCheckInput["platform"]): Artifact | null {
  const ext = platform === "ios" ? ".ipa" : ".apk";
  return artifacts.find((a) => a.platform === platform && a.filename.toLowerCase().endsWith(ext) && isInstallable(a)) ?? null;
}

export async function checkForUpdate(store: Store, app: App, input: UpdateCheckInput): Promise<UpdateCheckResult> {
  // One read transaction: the channel, its release and the files are seen as of one moment (a
  // promotion cannot land between the reads), and SQLite takes its lock once instead of three times.
  const { channel, release, artifact } = await store.transaction(async (tx) => {
    // A release without this platform's file falls back to an older one of the channel that has it.
    const channel = await getChannelByNameOrThrow(tx, app.id, input.channel);
    const usable = (artifacts: Artifact[]) => installableArtifact(artifacts, input.platform) !== null;
    const found = await resolveChannelRelease(tx, channel, usable, { deviceId: input.deviceId });
    return { channel, release: found?.release ?? null, artifact: found ? installableArtifact(found.artifacts, input.platform) : null };
  });
  const decision: UpdateDecision = decideUpdate({
    currentBuild: input.currentBuild,
    offered: release && artifact ? { build: release.build } : null,
    artifactMetadata: artifact?.metadata ?? null,
    minimumSupportedBuild: channel.policy.minimumSupportedBuild,
    udid: input.udid,
  });
  if (decision.kind === "up_to_date" || !release || !artifact) return { kind: "up_to_date" };
  if (decision.kind === "device_not_provisioned") return { kind: "device_not_provisioned", release, artifact };
  return { kind: "update", mandatory: decision.mandatory, release, artifact };
}
