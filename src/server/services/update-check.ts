import type { App } from "@/domain/app";
import { type Artifact, isInstallable } from "@/domain/artifact";
import type { Channel } from "@/domain/channel";
import { DomainError } from "@/domain/errors";
import { renderReleaseNotes } from "@/domain/markdown";
import type { Release } from "@/domain/release";
import { releaseIdForDevice } from "@/domain/rollout";
import { decideUpdate, type UpdateDecision } from "@/domain/update-check";
import type { Store } from "../store/types";
import { getChannelByNameOrThrow } from "./channels";
import { resolveChannelRelease } from "./channel-release";
import { createGenerationCache } from "./generation-cache";

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

/** What a channel offers one platform for one rollout side: the release and its file, after fallbacks. */
interface Offer {
  release: Release;
  artifact: Artifact;
}

/** The file and release `releaseId` gives this platform (an older settled release when it lacks the file). */
async function offerFor(store: Store, channel: Channel, platform: UpdateCheckInput["platform"], releaseId: string | null): Promise<Offer | null> {
  const usable = (artifacts: Artifact[]) => installableArtifact(artifacts, platform) !== null;
  const found = await resolveChannelRelease(store, channel, usable, { releaseId });
  const artifact = found && installableArtifact(found.artifacts, platform);
  return found && artifact ? { release: found.release, artifact } : null;
}

function answer(channel: Channel, offer: Offer | null, input: UpdateCheckInput): UpdateCheckResult {
  const decision: UpdateDecision = decideUpdate({
    currentBuild: input.currentBuild,
    offered: offer && { build: offer.release.build },
    artifactMetadata: offer?.artifact.metadata ?? null,
    minimumSupportedBuild: channel.policy.minimumSupportedBuild,
    udid: input.udid,
  });
  if (decision.kind === "up_to_date" || !offer) return { kind: "up_to_date" };
  if (decision.kind === "device_not_provisioned") return { kind: "device_not_provisioned", ...offer };
  return { kind: "update", mandatory: decision.mandatory, ...offer };
}

/** The check read straight from the store: the channel, its release and the files as of one moment. */
export async function checkForUpdate(store: Store, app: App, input: UpdateCheckInput): Promise<UpdateCheckResult> {
  const { channel, offer } = await store.transaction(async (tx) => {
    const channel = await getChannelByNameOrThrow(tx, app.id, input.channel);
    return { channel, offer: await offerFor(tx, channel, input.platform, releaseIdForDevice(channel, input.deviceId)) };
  });
  return answer(channel, offer, input);
}

export interface UpdateChecker {
  /** The app an update check names, or null (cached like the rest). */
  appBySlug(slug: string): Promise<App | null>;
  check(app: App, input: UpdateCheckInput): Promise<UpdateCheckResult & { notesHtml?: string }>;
}

/** Changes made outside this process (a restore, another process on the same database) show within this. */
export const UPDATE_CACHE_MAX_AGE_MS = 5_000;

/**
 * Update checks answered from memory. Every app launch asks, and the answer depends only on the
 * channel's state, the device's rollout bucket and the build it runs; the first two change only
 * through audited changes, whose counter (`generation`) empties the cache. So the store is read
 * once per channel, platform and rollout side after each change, and a check costs a hash of the
 * device id and a build comparison. Rendered release notes are kept with the offer.
 */
export function createUpdateChecker(deps: { store: Store; generation: () => number; maxAgeMs?: number; now?: () => number }): UpdateChecker {
  const options = { generation: deps.generation, maxAgeMs: deps.maxAgeMs ?? UPDATE_CACHE_MAX_AGE_MS, now: deps.now };
  const apps = createGenerationCache<App | null>(options);
  const channels = createGenerationCache<Channel | null>(options);
  const offers = createGenerationCache<(Offer & { notesHtml: string }) | null>(options);
  return {
    appBySlug: (slug) => apps.get(slug, () => deps.store.apps.getBySlug(slug)),
    async check(app, input) {
      const channel = await channels.get(`${app.id}\0${input.channel}`, () => deps.store.channels.getByName(app.id, input.channel));
      if (!channel) throw DomainError.notFound("channel", input.channel);
      const releaseId = releaseIdForDevice(channel, input.deviceId);
      const offer = await offers.get(`${channel.id}\0${input.platform}\0${releaseId}`, async () => {
        const found = await deps.store.transaction((tx) => offerFor(tx, channel, input.platform, releaseId));
        return found && { ...found, notesHtml: renderReleaseNotes(found.release.notes) };
      });
      const result = answer(channel, offer, input);
      return result.kind === "up_to_date" || !offer ? result : { ...result, notesHtml: offer.notesHtml };
    },
  };
}
