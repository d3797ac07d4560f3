// The console's channel history: actors named from their refs in bulk, and a channel's moves with
// their releases, newest first in cursor pages, every move kept when its releases are deleted; on
// every store.
import { beforeEach, describe, expect, it } from "vitest";
import { type Actor, SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Release } from "@/domain/release";
import { describeActors } from "@/server/services/actors";
import { createApp } from "@/server/services/apps";
import { describeChannelHistory } from "@/server/services/channel-history";
import { getChannelByNameOrThrow, loadChannelTimeline, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { deleteRelease, releaseDetail } from "@/server/services/release-admin";
import { publishRelease } from "@/server/services/releases";
import type { Store } from "@/server/store/types";
import { seedToken } from "../helpers/seed";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

async function publish(store: Store, app: App, build: number, version = `1.${build}.0`): Promise<Release> {
  const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, {
    version,
    build: String(build),
    channel: "beta",
    artifacts: [
      { platform: "android_apk", filename: `app-${build}.apk`, sizeBytes: 10, sha256: String(build).padStart(64, "b"), validationStatus: "valid", metadata: { packageName: "com.example.hist" } },
    ],
  });
  return release;
}

describe.each(STORE_KINDS)("channel history: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  beforeEach(async () => {
    app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hist", displayName: "Hist", bundleIds: { android_apk: "com.example.hist" } });
  });

  describe("describeActors", () => {
    it("names users by email, tokens by name and the system, each ref once, and says when one is gone", async () => {
      const admin = await t.store.users.create({ email: "ada@example.com", name: "Ada", role: "admin", passwordHash: null });
      const { token } = await seedToken(t.store, { name: "github-ci", scopes: ["releases:publish"] });
      const refs = [`user:${admin.id}`, `token:${token.id}`, "system", `user:${admin.id}`, "user:gone", "token:gone", "nonsense"];
      const described = await describeActors(t.store, refs);
      expect([...described.keys()]).toEqual([`user:${admin.id}`, `token:${token.id}`, "system", "user:gone", "token:gone", "nonsense"]);
      expect(described.get(`user:${admin.id}`)).toEqual({ ref: `user:${admin.id}`, kind: "user", label: "ada@example.com" });
      expect(described.get(`token:${token.id}`)).toEqual({ ref: `token:${token.id}`, kind: "token", label: "github-ci" });
      expect(described.get("system")).toEqual({ ref: "system", kind: "system", label: "Shipyard" });
      expect(described.get("user:gone")).toEqual({ ref: "user:gone", kind: "unknown", label: "deleted user gone" });
      expect(described.get("token:gone")).toMatchObject({ kind: "unknown", label: "deleted token gone" });
      expect(described.get("nonsense")).toEqual({ ref: "nonsense", kind: "unknown", label: "nonsense" });
    });

    it("answers an empty list without reading anything", async () => {
      expect((await describeActors(t.store, [])).size).toBe(0);
    });
  });

  describe("describeChannelHistory", () => {
    it("lists promote, rollout and rollback newest first with both releases and who did each", async () => {
      const admin = await t.store.users.create({ email: "ada@example.com", name: null, role: "admin", passwordHash: null });
      const { token } = await seedToken(t.store, { name: "ci", scopes: ["channels:promote"] });
      const asAdmin: Actor = { kind: "user", id: admin.id };
      const asToken: Actor = { kind: "token", id: token.id };
      const [r1, r2] = [await publish(t.store, app, 1), await publish(t.store, app, 2)];
      await promoteChannel(t.store, asToken, app.id, { channel: "stable", releaseId: r1.id });
      await promoteChannel(t.store, asAdmin, app.id, { channel: "stable", releaseId: r2.id });
      await updateChannel(t.store, asAdmin, app.id, "stable", { rolloutPercent: 25 });
      await rollbackChannel(t.store, SYSTEM_ACTOR, app.id, "stable");

      const { channel, moves, nextCursor } = await describeChannelHistory(t.store, app.id, "stable");
      expect(channel.name).toBe("stable");
      expect(nextCursor).toBeNull();
      const summary = moves.map((m) => [m.kind, m.actor.label, m.from?.build ?? null, m.to?.build ?? null, m.rolloutPercent]);
      expect(summary).toEqual([
        ["rollback", "Shipyard", "2", "1", 100],
        ["rollout", "ada@example.com", "2", "2", 25],
        ["promote", "ada@example.com", "1", "2", 100],
        ["promote", "ci", null, "1", 100],
      ]);
      expect(moves[0]?.at).toBeInstanceOf(Date);
      expect(moves[0]?.at.getTime()).toBeGreaterThanOrEqual(moves[3]?.at.getTime() ?? Infinity);
    });

    it("pages with a cursor and never repeats a move", async () => {
      const [r1, r2] = [await publish(t.store, app, 1), await publish(t.store, app, 2)];
      await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r1.id });
      await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: r2.id, rolloutPercent: 10 });
      await updateChannel(t.store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 50 });
      const first = await describeChannelHistory(t.store, app.id, "stable", { limit: 2 });
      expect(first.moves.map((m) => m.rolloutPercent)).toEqual([50, 10]);
      expect(first.nextCursor).not.toBeNull();
      const second = await describeChannelHistory(t.store, app.id, "stable", { limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second.moves.map((m) => [m.kind, m.to?.build])).toEqual([["promote", "1"]]);
      expect(second.nextCursor).toBeNull();
    });

    it("keeps every move of a deleted release, named by its label and marked deleted, and says nothing only before the first", async () => {
      // The first-time user's repro: 1.3.0 staged, widened, rolled back, then deleted.
      const old = await publish(t.store, app, 42, "1.2.3");
      const bad = await publish(t.store, app, 43, "1.3.0");
      await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: old.id });
      await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: bad.id, rolloutPercent: 20 });
      for (const rolloutPercent of [0, 50, 100]) await updateChannel(t.store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent });
      await rollbackChannel(t.store, SYSTEM_ACTOR, app.id, "stable");
      const before = await describeChannelHistory(t.store, app.id, "stable");
      const pointers = await getChannelByNameOrThrow(t.store, app.id, "stable");
      await deleteRelease(t.store, SYSTEM_ACTOR, bad.id);

      const { moves } = await describeChannelHistory(t.store, app.id, "stable");
      const label = (r: { id: string | null; version: string; build: string } | null) => (r ? `${r.version} (${r.build})${r.id === null ? " deleted" : ""}` : "nothing");
      expect(moves.map((m) => [m.kind, label(m.from), label(m.to), m.rolloutPercent])).toEqual([
        ["rollback", "1.3.0 (43) deleted", "1.2.3 (42)", 100],
        ["rollout", "1.3.0 (43) deleted", "1.3.0 (43) deleted", 100],
        ["rollout", "1.3.0 (43) deleted", "1.3.0 (43) deleted", 50],
        ["rollout", "1.3.0 (43) deleted", "1.3.0 (43) deleted", 0],
        ["promote", "1.2.3 (42)", "1.3.0 (43) deleted", 20],
        ["promote", "nothing", "1.2.3 (42)", 100],
      ]);
      // The same moves as before the deletion, only the deleted release's id gone.
      const gone = (r: { id: string | null } | null) => r && { ...r, id: r.id === bad.id ? null : r.id };
      expect(moves).toEqual(before.moves.map((m) => ({ ...m, from: gone(m.from), to: gone(m.to) })));
      expect(moves[0]?.to.id).toBe(old.id);

      // The pointers and the replayed history still agree, and the deleted release is nobody's fallback.
      const channel = await getChannelByNameOrThrow(t.store, app.id, "stable");
      expect(channel).toMatchObject({ currentReleaseId: old.id, previousReleaseId: pointers.previousReleaseId, rolloutPercent: 100 });
      expect(await loadChannelTimeline(t.store, channel)).toMatchObject({ currentReleaseId: old.id, previousReleaseId: null, settled: [old.id] });

      // The release page of 1.2.3 names the deleted release it was moved away to and back from.
      const detail = await releaseDetail(t.store, old.id);
      expect(detail.history.map((m) => [m.kind, m.direction, m.other])).toEqual([
        ["rollback", "onto", { id: null, version: "1.3.0", build: "43" }],
        ["promote", "away", { id: null, version: "1.3.0", build: "43" }],
        ["promote", "onto", null],
      ]);
    });

    it("never picks a deleted release as a fallback or rollback target, as before its rows were kept", async () => {
      const [r1, r2, r3] = [await publish(t.store, app, 1), await publish(t.store, app, 2), await publish(t.store, app, 3)];
      for (const release of [r1, r2, r3]) await promoteChannel(t.store, SYSTEM_ACTOR, app.id, { channel: "stable", releaseId: release.id });
      expect(await getChannelByNameOrThrow(t.store, app.id, "stable")).toMatchObject({ currentReleaseId: r3.id, previousReleaseId: r2.id });
      await deleteRelease(t.store, SYSTEM_ACTOR, r2.id);
      expect(await getChannelByNameOrThrow(t.store, app.id, "stable")).toMatchObject({ currentReleaseId: r3.id, previousReleaseId: null });
      // A rollout change recomputes the fallback from the history: r2's rows are there, r2 is not chosen.
      expect(await updateChannel(t.store, SYSTEM_ACTOR, app.id, "stable", { rolloutPercent: 50 })).toMatchObject({ currentReleaseId: r3.id, previousReleaseId: r1.id });
      expect(await rollbackChannel(t.store, SYSTEM_ACTOR, app.id, "stable")).toMatchObject({ currentReleaseId: r1.id, previousReleaseId: null });
      const { moves } = await describeChannelHistory(t.store, app.id, "stable");
      expect(moves.map((m) => [m.kind, m.from?.build ?? null, m.from?.id ?? null, m.to.build])).toEqual([
        ["rollback", "3", r3.id, "1"],
        ["rollout", "3", r3.id, "3"],
        ["promote", "2", null, "3"],
        ["promote", "1", r1.id, "2"],
        ["promote", null, null, "1"],
      ]);
    });

    it("is empty for a channel that never had a release, and NOT_FOUND for an unknown channel", async () => {
      expect(await describeChannelHistory(t.store, app.id, "internal")).toMatchObject({ moves: [], nextCursor: null });
      await expect(describeChannelHistory(t.store, app.id, "nightly")).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
});
