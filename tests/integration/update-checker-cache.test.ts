// The cached update checker against the uncached one, over random sequences of publishes (with and
// without each platform's file), promotions, rollouts, rollbacks and policy changes: after every
// audited change, every device on every platform and build gets the same answer from both. The
// cache's clock never moves, so only the change signal can make it see a change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Release } from "@/domain/release";
import { isDomainError } from "@/domain/errors";
import { createApp } from "@/server/services/apps";
import { promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { checkForUpdate, createUpdateChecker, type UpdateCheckInput } from "@/server/services/update-check";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import type { Store } from "@/server/store/types";
import { memoryStore, STORE_KINDS } from "../helpers/stores";

// Enough devices that a rollout between 0 and 100 % puts some on each side.
const DEVICES = Array.from({ length: 8 }, (_, i) => `device-${i}`);
const PLATFORMS = ["android_apk", "ios"] as const;

type Command =
  | { op: "publish"; files: "both" | "android" | "ios"; channel: "stable" | "beta"; promote: boolean }
  | { op: "promote"; pick: number; percent: number | undefined }
  | { op: "rollout"; percent: number }
  | { op: "rollback" }
  | { op: "minimum"; build: number | null };

const percent = fc.oneof(fc.constant(100), fc.integer({ min: 0, max: 100 }));
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant("publish" as const),
    files: fc.constantFrom("both" as const, "android" as const, "ios" as const),
    channel: fc.constantFrom("stable" as const, "beta" as const),
    promote: fc.boolean(),
  }),
  fc.record({ op: fc.constant("promote" as const), pick: fc.nat(), percent: fc.option(percent, { nil: undefined }) }),
  fc.record({ op: fc.constant("rollout" as const), percent }),
  fc.constant({ op: "rollback" as const }),
  fc.record({ op: fc.constant("minimum" as const), build: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) }),
);

function artifactsFor(build: number, files: "both" | "android" | "ios") {
  const apk = {
    platform: "android_apk" as const,
    filename: `app-${build}.apk`,
    sizeBytes: 1000,
    sha256: String(build).padStart(64, "a"),
    validationStatus: "valid" as const,
    metadata: { minSdk: 21 },
  };
  const ipa = {
    platform: "ios" as const,
    filename: `App-${build}.ipa`,
    sizeBytes: 2000,
    sha256: String(build).padStart(64, "b"),
    validationStatus: "valid" as const,
    metadata: { minimumOsVersion: "15.0" },
  };
  return files === "both" ? [apk, ipa] : files === "android" ? [apk] : [ipa];
}

async function run(store: Store, app: App, releases: Release[], cmd: Command): Promise<void> {
  switch (cmd.op) {
    case "publish": {
      const build = releases.length + 1;
      const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, {
        version: `1.0.${build}`,
        build: String(build),
        channel: cmd.channel,
        promote: cmd.promote,
        notes: `**build ${build}**`,
        artifacts: artifactsFor(build, cmd.files),
      });
      releases.push(release);
      return;
    }
    case "promote": {
      const release = releases[cmd.pick % releases.length];
      if (release) await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: release.id, rolloutPercent: cmd.percent });
      return;
    }
    case "rollout":
      await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: cmd.percent });
      return;
    case "rollback":
      await rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable");
      return;
    case "minimum":
      await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { policy: { minimumSupportedBuild: cmd.build === null ? null : String(cmd.build) } });
      return;
  }
}

const summary = (answer: Awaited<ReturnType<typeof checkForUpdate>>) =>
  answer.kind === "up_to_date" ? answer : { kind: answer.kind, release: answer.release.id, artifact: answer.artifact.id, ...(answer.kind === "update" && { mandatory: answer.mandatory }) };

async function checkSequence(raw: Store, commands: Command[]): Promise<void> {
  let generation = 0;
  const store = signalAuditedChanges(raw, () => generation++);
  const checker = createUpdateChecker({ store, generation: () => generation, now: () => 0 });
  const app = await createApp(store, SYSTEM_ACTOR, { slug: `c${Math.random().toString(36).slice(2, 10)}`, displayName: "Cache", bundleIds: {} });
  const releases: Release[] = [];
  for (const cmd of [{ op: "publish", files: "both", channel: "stable", promote: true } as const, ...commands]) {
    try {
      await run(store, app, releases, cmd);
    } catch (error) {
      if (!isDomainError(error)) throw error; // refusals (gates, nothing to roll back to) change nothing
    }
    for (const platform of PLATFORMS) {
      for (const deviceId of [...DEVICES, null]) {
        for (const currentBuild of ["1", "4"]) {
          const input: UpdateCheckInput = { platform, currentBuild, channel: "stable", deviceId, udid: null };
          const cached = await checker.check(app, input);
          expect(summary(cached), JSON.stringify({ cmd, input })).toEqual(summary(await checkForUpdate(raw, app, input)));
          if (cached.kind === "update") expect(cached.notesHtml).toContain(`<strong>build ${cached.release.build}</strong>`);
        }
      }
    }
  }
}

describe("the cached update checker", () => {
  it("agrees with the store after every change: memory store, 100 sequences of up to 16 changes", async () => {
    const property = fc.asyncProperty(fc.array(command, { maxLength: 16 }), async (commands) => checkSequence((await memoryStore()).store, commands));
    await fc.assert(property, { numRuns: 100, seed: 20261207 });
  }, 120_000);

  it("agrees with the store after every change: SQLite, 6 sequences of up to 8 changes", async () => {
    const db = await STORE_KINDS[1].open();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { maxLength: 8 }), (commands) => checkSequence(db.store, commands)),
        { numRuns: 6, seed: 12 },
      );
    } finally {
      await db.close();
    }
  }, 120_000);

  it("reads the store once per channel side, and again only after a change or when an entry is older than its limit", async () => {
    const db = await memoryStore();
    let generation = 0;
    let clock = 0;
    let reads = 0;
    const signalled = signalAuditedChanges(db.store, () => generation++);
    const counted: Store = {
      ...signalled,
      channels: {
        ...signalled.channels,
        getByName: (...args) => {
          reads++;
          return signalled.channels.getByName(...args);
        },
      },
    };
    const checker = createUpdateChecker({ store: counted, generation: () => generation, now: () => clock, maxAgeMs: 5000 });
    const app = await createApp(signalled, SYSTEM_ACTOR, { slug: "reads", displayName: "Reads", bundleIds: {} });
    await run(signalled, app, [], { op: "publish", files: "both", channel: "stable", promote: true });
    const ask = (deviceId: string) => checker.check(app, { platform: "android_apk", currentBuild: "0", channel: "stable", deviceId, udid: null });
    await Promise.all(DEVICES.map(ask));
    expect(reads).toBe(1);
    clock = 4999;
    await ask("device-1");
    expect(reads).toBe(1);
    clock = 5000;
    await ask("device-1");
    expect(reads).toBe(2);
    await updateChannel(signalled, SYSTEM_ACTOR, app.id, "stable", { policy: { minimumSupportedBuild: "3" } });
    expect(await ask("device-2")).toMatchObject({ kind: "update", mandatory: true });
    expect(reads).toBe(3);
    await expect(checker.check(app, { platform: "ios", currentBuild: "0", channel: "nope", deviceId: null, udid: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
