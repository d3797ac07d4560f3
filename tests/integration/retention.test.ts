// Retention on every store: which releases go by each channel's policy, what is never touched
// (what a channel points at, what stable ever held), and the audited deletion with its artifacts
// (the channel history of a deleted release stays).
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/domain/actor";
import type { App } from "@/domain/app";
import { DEFAULT_CHANNEL_POLICY } from "@/domain/channel";
import { createApp } from "@/server/services/apps";
import { getChannelByNameOrThrow, promoteChannel, rollbackChannel, updateChannel } from "@/server/services/channels";
import { publishRelease } from "@/server/services/releases";
import { applyRetention, applyRetentionEverywhere, planRetention } from "@/server/services/retention";
import { allPages } from "@/server/store/all-pages";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const admin: Actor = { kind: "token", id: "ci-token" };
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

describe.each(STORE_KINDS)("retention: $kind", ({ open }) => {
  const t = storePerTest(open);
  let app: App;
  beforeEach(async () => {
    app = await createApp(t.store, admin, { slug: "hello", displayName: "Hello" });
  });

  const publish = async (build: string, channel: string, promote = false) =>
    (
      await publishRelease(t.store, admin, app.id, {
        version: `1.0.${build}`,
        build,
        channel,
        notes: "",
        promote,
        artifacts: [{ platform: "linux", filename: `hello-${build}.deb`, sizeBytes: 1000 + Number(build), sha256: build.padStart(64, "a"), validationStatus: "valid" }],
      })
    ).release;

  it("deletes old test builds, keeps stable's, what channels point at and what stable once held", async () => {
    const old = await publish("1", "beta");
    const promoted = await publish("2", "beta");
    const current = await publish("3", "beta", true);
    const internal = await publish("4", "internal");
    await promoteChannel(t.store, admin, app.id, { channel: "stable", releaseId: promoted.id });
    const stableOld = await publish("5", "stable", true);
    const stableNow = await publish("6", "stable", true);
    // Two moves on: the beta build stable once held is no longer any channel's fallback.
    expect(await t.store.channels.getByName(app.id, "stable")).toMatchObject({ currentReleaseId: stableNow.id, previousReleaseId: stableOld.id });

    expect(await planRetention(t.store, app.id, inDays(29))).toEqual([]);
    expect((await planRetention(t.store, app.id, inDays(31))).map((c) => c.releaseId)).toEqual([internal.id]);
    const plan = await planRetention(t.store, app.id, inDays(91));
    expect(plan).toEqual([
      { releaseId: old.id, version: "1.0.1", build: "1", channel: "beta", createdAt: old.createdAt, reasons: ["beta: older than 90 days"], artifacts: 1, sizeBytes: 1001 },
      expect.objectContaining({ releaseId: internal.id, reasons: ["internal: older than 30 days"] }),
    ]);

    const deleted = await applyRetention(t.store, admin, app.id, inDays(91));
    expect(deleted).toEqual(plan);
    expect(await t.store.releases.getById(old.id)).toBeNull();
    expect(await t.store.artifacts.listByRelease(old.id)).toEqual([]);
    for (const kept of [promoted, current, stableOld, stableNow]) expect(await t.store.releases.getById(kept.id)).not.toBeNull();
    const audit = (await t.store.audit.list({ action: "release.delete" }, { limit: 10 })).items;
    expect(audit.map((e) => e.targetId).sort()).toEqual([old.id, internal.id].sort());
    expect(audit.find((e) => e.targetId === old.id)?.metadata).toMatchObject({
      version: "1.0.1",
      reason: "retention",
      reasons: ["beta: older than 90 days"],
      artifacts: [{ filename: "hello-1.deb", sha256: "1".padStart(64, "a"), sizeBytes: 1001 }],
    });
    expect(await applyRetention(t.store, admin, app.id, inDays(91))).toEqual([]);
  });

  it("follows a channel's own policy: a count limit, or keeping everything", async () => {
    const builds = [];
    for (const build of ["1", "2", "3", "4"]) builds.push(await publish(build, "internal"));
    await updateChannel(t.store, admin, app.id, "internal", { policy: { ...DEFAULT_CHANNEL_POLICY, retention: { maxAgeDays: null, maxReleases: 2 } } });
    expect((await planRetention(t.store, app.id)).map((c) => [c.build, c.reasons])).toEqual([
      ["1", ["internal: not among the newest 2"]],
      ["2", ["internal: not among the newest 2"]],
    ]);
    await updateChannel(t.store, admin, app.id, "internal", { policy: { ...DEFAULT_CHANNEL_POLICY, retention: { maxAgeDays: null, maxReleases: null } } });
    expect(await planRetention(t.store, app.id, inDays(3650))).toEqual([]);
    expect(await applyRetentionEverywhere(t.store, inDays(3650))).toBe(0);
    await updateChannel(t.store, admin, app.id, "internal", { policy: DEFAULT_CHANNEL_POLICY });
    expect(await applyRetentionEverywhere(t.store, inDays(31))).toBe(4);
  });

  it("keeps the channel history of the releases it deletes, with their labels", async () => {
    const [b1, b2, b3] = [await publish("1", "internal", true), await publish("2", "internal", true), await publish("3", "internal", true)];
    await updateChannel(t.store, admin, app.id, "internal", { policy: { ...DEFAULT_CHANNEL_POLICY, retention: { maxAgeDays: null, maxReleases: 1 } } });
    const internal = await getChannelByNameOrThrow(t.store, app.id, "internal");
    const history = () => allPages((page) => t.store.channels.listHistory(internal.id, page));
    const before = await history();
    // b2 is the fallback of a rollback: only b1 goes.
    expect((await applyRetention(t.store, admin, app.id)).map((c) => c.releaseId)).toEqual([b1.id]);
    expect(await history()).toEqual(before.map((h) => ({ ...h, releaseId: h.releaseId === b1.id ? null : h.releaseId, fromReleaseId: h.fromReleaseId === b1.id ? null : h.fromReleaseId })));
    expect((await history()).map((h) => [h.releaseId, h.releaseLabel.build, h.fromReleaseId, h.fromReleaseLabel?.build ?? null])).toEqual([
      [b3.id, "3", b2.id, "2"],
      [b2.id, "2", null, "1"],
      [null, "1", null, null],
    ]);
    // The kept rows of b1 keep nothing alive, and rollback still returns to b2.
    expect(await planRetention(t.store, app.id)).toEqual([]);
    expect(await rollbackChannel(t.store, admin, app.id, "internal")).toMatchObject({ currentReleaseId: b2.id, previousReleaseId: null });
  });
});
