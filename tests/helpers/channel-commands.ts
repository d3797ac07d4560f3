// Random channel commands for property tests: a fast-check arbitrary of moves on an app's stable
// channel (publish, promote with an optional rollout percent, rollout, rollback, roll back to a
// chosen release, minimum supported build) and a runner that applies them through the real services
// to a real store. Shared by tests/integration/channel-moves.test.ts (pointer invariants) and
// tests/integration/update-checker-cache.test.ts (cached answers against uncached ones), so both
// draw their sequences from one definition; each test says which moves, publish targets and files
// it needs, and keeps its own checks.
import fc from "fast-check";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import { isDomainError } from "@/domain/errors";
import type { Release } from "@/domain/release";
import { promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import type { Store } from "@/server/store/types";

/** Every move but a publish acts on this channel. */
const MOVED_CHANNEL = "stable";

export type MobilePlatform = "android_apk" | "ios";

/** Where a publish goes: the channel the release names, and whether it promotes that channel. */
export interface PublishTarget {
  channel: string;
  promote: boolean;
}

export interface PublishSpec extends PublishTarget {
  /** One file per platform listed. */
  files: readonly MobilePlatform[];
}

/** A `pick` chooses among the releases published so far, modulo their count. */
export type ChannelCommand =
  | ({ op: "publish" } & PublishSpec)
  | { op: "promote"; pick: number; percent: number | undefined }
  | { op: "rollout"; percent: number }
  | { op: "rollback" }
  | { op: "rollbackTo"; pick: number; percent: number | undefined }
  | { op: "minimum"; build: number | null };

export type ChannelOp = ChannelCommand["op"];

/** What a test draws from; the lists must not be empty. */
export interface ChannelCommandSpace {
  ops: readonly ChannelOp[];
  publishTargets: readonly PublishTarget[];
  publishFiles: readonly (readonly MobilePlatform[])[];
}

// Half the percents drawn are 100, the other half 0–100: a full rollout ends a split as often as one starts.
const percent = fc.oneof(fc.constant(100), fc.integer({ min: 0, max: 100 }));
const optionalPercent = fc.option(percent, { nil: undefined });

function arbitraryFor(op: ChannelOp, space: ChannelCommandSpace): fc.Arbitrary<ChannelCommand> {
  switch (op) {
    case "publish":
      return fc.tuple(fc.constantFrom(...space.publishFiles), fc.constantFrom(...space.publishTargets)).map(([files, target]): ChannelCommand => ({ op: "publish", files, ...target }));
    case "promote":
      return fc.record({ op: fc.constant(op), pick: fc.nat(), percent: optionalPercent });
    case "rollout":
      return fc.record({ op: fc.constant(op), percent });
    case "rollback":
      return fc.constant({ op });
    case "rollbackTo":
      return fc.record({ op: fc.constant(op), pick: fc.nat(), percent: optionalPercent });
    case "minimum":
      // Builds 1–8: below, at and above the builds a short sequence publishes.
      return fc.record({ op: fc.constant(op), build: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) });
  }
}

/** One random command, each of `space.ops` equally likely. */
export function channelCommand(space: ChannelCommandSpace): fc.Arbitrary<ChannelCommand> {
  return fc.oneof(...space.ops.map((op) => arbitraryFor(op, space)));
}

/**
 * Publishes build `build` (version 1.0.<build>, notes "**build <build>**" so a test can see them
 * rendered) with one valid file per platform in `spec.files`; digests differ per build and platform.
 */
export async function publishBuild(store: Store, app: App, build: number, spec: PublishSpec): Promise<Release> {
  const identity = (platform: MobilePlatform) => app.bundleIds[platform] ?? `com.example.${app.slug}`;
  const files = {
    android_apk: { filename: `app-${build}.apk`, sizeBytes: 1000, sha256: String(build).padStart(64, "a"), metadata: { packageName: identity("android_apk"), minSdk: 21 } },
    ios: { filename: `App-${build}.ipa`, sizeBytes: 2000, sha256: String(build).padStart(64, "b"), metadata: { bundleId: identity("ios"), minimumOsVersion: "15.0" } },
  };
  const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, {
    version: `1.0.${build}`,
    build: String(build),
    channel: spec.channel,
    promote: spec.promote,
    notes: `**build ${build}**`,
    artifacts: spec.files.map((platform) => ({ platform, validationStatus: "valid" as const, ...files[platform] })),
  });
  return release;
}

export interface ChannelCommandRunner {
  /** The releases published through this runner, oldest first; a publish's build is its position + 1. */
  readonly releases: Release[];
  /**
   * Applies one command. A DomainError (a gate, nothing to roll back to) is the service refusing
   * the move: it answers "refused" and the test decides what a refusal must leave unchanged. A pick
   * with no release published yet does nothing ("applied"). Any other error is thrown.
   */
  run(cmd: ChannelCommand): Promise<"applied" | "refused">;
}

export function createChannelCommandRunner(store: Store, app: App): ChannelCommandRunner {
  const releases: Release[] = [];
  const pick = (n: number): Release | undefined => releases[n % releases.length];
  async function apply(cmd: ChannelCommand): Promise<void> {
    switch (cmd.op) {
      case "publish":
        releases.push(await publishBuild(store, app, releases.length + 1, cmd));
        return;
      case "promote":
      case "rollbackTo": {
        const release = pick(cmd.pick);
        const move = { channel: MOVED_CHANNEL, rolloutPercent: cmd.percent, ...(cmd.op === "rollbackTo" && { rollback: true }) };
        if (release) await promoteChannel(store, SYSTEM_ACTOR, app.id, { ...move, releaseId: release.id });
        return;
      }
      case "rollout":
        await updateChannel(store, SYSTEM_ACTOR, app.id, MOVED_CHANNEL, { rolloutPercent: cmd.percent });
        return;
      case "rollback":
        await rollbackChannel(store, SYSTEM_ACTOR, app.id, MOVED_CHANNEL);
        return;
      case "minimum":
        await updateChannel(store, SYSTEM_ACTOR, app.id, MOVED_CHANNEL, { policy: { minimumSupportedBuild: cmd.build === null ? null : String(cmd.build) } });
        return;
    }
  }
  return {
    releases,
    async run(cmd) {
      try {
        await apply(cmd);
        return "applied";
      } catch (error) {
        if (isDomainError(error)) return "refused";
        throw error;
      }
    },
  };
}
