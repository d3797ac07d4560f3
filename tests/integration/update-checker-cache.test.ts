// The cached update checker against the uncached one, over random sequences of publishes (with and
// without each platform's file), promotions, rollouts, rollbacks and policy changes: after every
// audited change, every device on every platform and build gets the same answer from both. The
// cache's clock never moves, so only the change signal can make it see a change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { updateChannel } from "@/server/services/channels";
import { checkForUpdate, createUpdateChecker, type UpdateCheckInput } from "@/server/services/update-check";
import { signalAuditedChanges } from "@/server/store/audited-changes";
import type { Store } from "@/server/store/types";
import { type ChannelCommand, channelCommand, createChannelCommandRunner, publishBuild } from "../helpers/channel-commands";
import { memoryStore, STORE_KINDS } from "../helpers/stores";

// Enough devices that a rollout between 0 and 100 % puts some on each side.
const DEVICES = Array.from({ length: 8 }, (_, i) => `device-${i}`);
const PLATFORMS = ["android_apk", "ios"] as const;

// Publishes to either channel, promoting or not, with each platform's file or both; the stable
// channel's moves and its minimum build (which makes an update mandatory).
const command = channelCommand({
  ops: ["publish", "promote", "rollout", "rollback", "minimum"],
  publishTargets: ["stable", "beta"].flatMap((channel) => [true, false].map((promote) => ({ channel, promote }))),
  publishFiles: [PLATFORMS, ["android_apk"], ["ios"]],
});
const FIRST_PUBLISH = { op: "publish", files: PLATFORMS, channel: "stable", promote: true } as const satisfies ChannelCommand;

const summary = (answer: Awaited<ReturnType<typeof checkForUpdate>>) =>
  answer.kind === "up_to_date" ? answer : { kind: answer.kind, release: answer.release.id, artifact: answer.artifact.id, ...(answer.kind === "update" && { mandatory: answer.mandatory }) };

async function checkSequence(raw: Store, commands: ChannelCommand[]): Promise<void> {
  let generation = 0;
  const store = signalAuditedChanges(raw, () => generation++);
  const checker = createUpdateChecker({ store, generation: () => generation, now: () => 0 });
  const app = await createApp(store, SYSTEM_ACTOR, { slug: `c${Math.random().toString(36).slice(2, 10)}`, displayName: "Cache", bundleIds: {} });
  const runner = createChannelCommandRunner(store, app);
  for (const cmd of [FIRST_PUBLISH, ...commands]) {
    await runner.run(cmd); // a refusal (a gate, nothing to roll back to) is checked like any other step
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
    await publishBuild(signalled, app, 1, FIRST_PUBLISH);
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
