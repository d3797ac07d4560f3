// Channel moves through the real services, on both stores: the rollback scenario that once landed
// on a rolled-back release, and random sequences of publish / promote / rollout / rollback checked
// against invariants that an independent observer can state without knowing the implementation.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Channel } from "@/domain/channel";
import { replayChannelMoves } from "@/domain/channel-pointers";
import type { Release } from "@/domain/release";
import { createApp } from "@/server/services/apps";
import { getChannelByNameOrThrow, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { checkForUpdate } from "@/server/services/update-check";
import { allPages } from "@/server/store/all-pages";
import type { Store } from "@/server/store/types";
import { type ChannelCommand, channelCommand, createChannelCommandRunner, publishBuild } from "../helpers/channel-commands";
import { memoryStore, STORE_KINDS, storePerTest } from "../helpers/stores";

const DEVICES = Array.from({ length: 24 }, (_, i) => `device-${i}`);

// One APK per release: the pointers, not the files, are under test. An unpromoted publish goes to
// beta, so stable changes only by a move or by a publish that promotes it.
const FILES = ["android_apk"] as const;
const TO_BETA = { channel: "beta", promote: false };
const publish = (store: Store, app: App, build: number): Promise<Release> => publishBuild(store, app, build, { ...TO_BETA, files: FILES });

const stable = (store: Store, app: App) => getChannelByNameOrThrow(store, app.id, "stable");

describe.each(STORE_KINDS)("channel moves: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  beforeEach(async () => {
    app = await createApp(t.store, SYSTEM_ACTOR, { slug: "moves", displayName: "Moves", bundleIds: { android_apk: "com.example.moves" } });
  });

  it("never falls back to, or rolls back onto, a release the channel was rolled back away from", async () => {
    const { store } = t;
    const [r1, r2, r3] = [await publish(store, app, 1), await publish(store, app, 2), await publish(store, app, 3)];
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r1.id });
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r2.id, rolloutPercent: 20 });
    expect(await rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable")).toMatchObject({ currentReleaseId: r1.id, previousReleaseId: null, rolloutPercent: 100 });
    await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 100 });
    expect(await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r3.id })).toMatchObject({ previousReleaseId: r1.id });
    // Before the fix, R1's "previous" became R2 here: the release that had just been rolled back.
    expect(await rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable")).toMatchObject({ currentReleaseId: r1.id, previousReleaseId: null });
    const partial = await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 30 });
    expect(partial.previousReleaseId).toBeNull();
    for (const deviceId of DEVICES) {
      const answer = await checkForUpdate(store, app, { platform: "android_apk", currentBuild: "0", channel: "stable", deviceId, udid: null });
      expect(answer.kind === "update" && answer.release.id).toBe(r1.id);
    }
    await expect(rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable")).rejects.toMatchObject({ code: "GATE_FAILED" });
  });

  it("a rollback from a half-rolled-out release returns to the release everyone had, and keeps its own fallback", async () => {
    const { store } = t;
    const [r1, r2, r3] = [await publish(store, app, 1), await publish(store, app, 2), await publish(store, app, 3)];
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r1.id });
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r2.id });
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r3.id, rolloutPercent: 10 });
    expect(await stable(store, app)).toMatchObject({ currentReleaseId: r3.id, previousReleaseId: r2.id });
    expect(await rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable")).toMatchObject({ currentReleaseId: r2.id, previousReleaseId: r1.id });
    expect(await rollbackChannel(store, SYSTEM_ACTOR, app.id, "stable")).toMatchObject({ currentReleaseId: r1.id, previousReleaseId: null });
  });

  it("records rollout changes in the history, and the stored pointers are the replay of that history", async () => {
    const { store } = t;
    const [r1, r2] = [await publish(store, app, 1), await publish(store, app, 2)];
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r1.id });
    await promoteChannel(store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r2.id, rolloutPercent: 5 });
    await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 50 });
    await updateChannel(store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 50 }); // no change, no entry
    const channel = await stable(store, app);
    const history = await allPages((page) => store.channels.listHistory(channel.id, page));
    expect(history.map((h) => [h.kind, h.rolloutPercent])).toEqual([
      ["rollout", 50],
      ["promote", 5],
      ["promote", 100],
    ]);
    expect(replayChannelMoves(history.reverse())).toMatchObject({ currentReleaseId: r2.id, previousReleaseId: r1.id, rolloutPercent: 50 });
  });
});

// ---- random sequences ----

// A publish that promotes, promotes stable: the observer below counts it as a move of stable.
const command = channelCommand({
  ops: ["publish", "promote", "rollout", "rollback", "rollbackTo"],
  publishTargets: [TO_BETA, { channel: "stable", promote: true }],
  publishFiles: [FILES],
});

/** What an observer outside the service knows: which releases everyone was served, which were rolled back. */
interface Observed {
  servedToAll: Set<string>;
  rolledBack: Set<string>;
}

function observe(seen: Observed, channel: Channel): void {
  if (channel.currentReleaseId && (channel.rolloutPercent >= 100 || channel.previousReleaseId === null)) seen.servedToAll.add(channel.currentReleaseId);
}

async function checkSequence(store: Store, commands: ChannelCommand[]): Promise<void> {
  const app = await createApp(store, SYSTEM_ACTOR, { slug: `p${Math.random().toString(36).slice(2, 10)}`, displayName: "Prop", bundleIds: {} });
  const runner = createChannelCommandRunner(store, app);
  expect(await runner.run({ op: "publish", ...TO_BETA, files: FILES })).toBe("applied");
  const seen: Observed = { servedToAll: new Set(), rolledBack: new Set() };
  for (const cmd of commands) {
    const before = await stable(store, app);
    if ((await runner.run(cmd)) === "refused") {
      // Refusals (gates, nothing to roll back to) are fine; they must leave the channel as it was.
      expect(await stable(store, app)).toEqual(before);
      continue;
    }
    const after = await stable(store, app);
    const moved = after.currentReleaseId !== before.currentReleaseId;
    if (cmd.op === "rollback") {
      const target = after.currentReleaseId ?? "";
      expect(seen.rolledBack.has(target), `rollback landed on rolled-back ${target}`).toBe(false);
      expect(seen.servedToAll.has(target), "a rollback target is a release everyone was served").toBe(true);
    }
    if ((cmd.op === "rollback" || cmd.op === "rollbackTo") && moved && before.currentReleaseId) seen.rolledBack.add(before.currentReleaseId);
    if ((cmd.op === "promote" || cmd.op === "rollbackTo" || (cmd.op === "publish" && cmd.promote)) && after.currentReleaseId) seen.rolledBack.delete(after.currentReleaseId);

    // The fallback: a release everyone was served before this step, never a rolled-back one, never the current one.
    if (after.previousReleaseId !== null) {
      expect(seen.servedToAll.has(after.previousReleaseId), "fallback was fully current before").toBe(true);
      expect(seen.rolledBack.has(after.previousReleaseId), "fallback is not a rolled-back release").toBe(false);
      expect(after.previousReleaseId).not.toBe(after.currentReleaseId);
    }
    observe(seen, after);

    // Every device is offered the current release or the fallback, as the update API answers.
    const allowed = new Set([after.currentReleaseId, after.previousReleaseId].filter((id): id is string => id !== null));
    for (const deviceId of DEVICES) {
      const answer = await checkForUpdate(store, app, { platform: "android_apk", currentBuild: "0", channel: "stable", deviceId, udid: null });
      if (after.currentReleaseId === null) expect(answer.kind).toBe("up_to_date");
      else expect(answer.kind === "update" && allowed.has(answer.release.id)).toBe(true);
    }

    // The stored pointers are exactly the replay of the recorded history.
    const history = await allPages((page) => store.channels.listHistory(after.id, page));
    const replayed = replayChannelMoves(history.reverse());
    expect({ current: replayed.currentReleaseId, previous: replayed.previousReleaseId }).toEqual({ current: after.currentReleaseId, previous: after.previousReleaseId });
  }
}

describe("channel moves: random sequences", () => {
  it("memory store: 300 sequences of up to 30 moves", async () => {
    // A fresh store per sequence: the memory store copies its state per transaction.
    const property = fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => checkSequence((await memoryStore()).store, commands));
    await fc.assert(property, { numRuns: 300, seed: 20261206 });
  });

  it("SQLite: 25 sequences of up to 20 moves", async () => {
    const db = await STORE_KINDS[1].open();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { maxLength: 20 }), (commands) => checkSequence(db.store, commands)),
        { numRuns: 25, seed: 7 },
      );
    } finally {
      await db.close();
    }
  });
});
