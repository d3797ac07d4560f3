// The console's channel history: actors named from their refs in bulk, and a channel's moves with
// their releases, newest first in cursor pages; on both stores.
import { beforeEach, describe, expect, it } from "vitest";
import { type Actor, SYSTEM_ACTOR } from "@/domain/actor";
import type { App } from "@/domain/app";
import type { Release } from "@/domain/release";
import { describeActors } from "@/server/services/actors";
import { createApp } from "@/server/services/apps";
import { describeChannelHistory } from "@/server/services/channel-history";
import { promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import type { Store } from "@/server/store/types";
import { seedToken } from "../helpers/seed";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

async function publish(store: Store, app: App, build: number): Promise<Release> {
  const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, {
    version: `1.${build}.0`,
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

    it("is empty for a channel that never had a release, and NOT_FOUND for an unknown channel", async () => {
      expect(await describeChannelHistory(t.store, app.id, "internal")).toMatchObject({ moves: [], nextCursor: null });
      await expect(describeChannelHistory(t.store, app.id, "nightly")).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
});
