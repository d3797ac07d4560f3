// The console's release pages through the admin tRPC API on a real SQLite file: the filtered list,
// the release's detail (channels now and before, funnel, publisher), editing notes and deleting,
// with the refusal while a channel points at the release and the audit rows of each change.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { ArtifactInput } from "@/domain/artifact";
import { isDomainError } from "@/domain/errors";
import { MAX_NOTES_LENGTH } from "@/domain/release";
import { createCaller } from "@/server/api/root";
import { deleteRelease, releaseDetail, updateReleaseNotes } from "@/server/services/release-admin";
import { listReleaseSummaries } from "@/server/services/release-list";
import { publishRelease } from "@/server/services/releases";
import { createUser, type PublicUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
let store: Store;
let admin: PublicUser;
let caller: ReturnType<typeof createCaller>;
let appId: string;

const sha = (n: number) => n.toString(16).padStart(64, "0");
const file = (platform: ArtifactInput["platform"], name: string, n: number, validationStatus: "valid" | "pending" | "invalid" = "valid"): ArtifactInput => ({
  platform,
  filename: name,
  sizeBytes: 1000 + n,
  sha256: sha(n),
  validationStatus,
});

async function publish(version: string, build: string, channel: string, artifacts: ArtifactInput[]) {
  return (await caller.releases.publish({ appId, release: { version, build, channel, notes: `notes of ${version}`, artifacts } })).release;
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error("expected an error");
}

beforeEach(async () => {
  t = await sqliteStore();
  store = t.store;
  admin = await createUser(store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", name: "Ada Admin", role: "admin" });
  caller = createCaller(trpcContext(store, admin));
  appId = (await caller.apps.create({ slug: "hello", displayName: "Hello" })).id;
});
afterEach(() => t.close());

describe("the releases list", () => {
  it("filters by channel, platform, validation status and version or build, and rejects a bad filter in words", async () => {
    const r1 = await publish("1.0.0", "100", "stable", [file("ios", "a.ipa", 1), file("android_apk", "a.apk", 2)]);
    const r2 = await publish("1.1.0", "101", "beta", [file("android_apk", "b.apk", 3)]);
    const r3 = await publish("1.2.0", "102", "internal", [file("linux", "c.deb", 4, "pending")]);
    const ids = async (filter: Parameters<typeof caller.releases.list>[0]["filter"]) => (await caller.releases.list({ appId, filter })).items.map((r) => r.id);

    expect(await ids({})).toEqual([r3.id, r2.id, r1.id]);
    expect(await ids({ platform: "ios" })).toEqual([r1.id]);
    expect(await ids({ platform: "android_apk" })).toEqual([r2.id, r1.id]);
    expect(await ids({ channel: "beta" })).toEqual([r2.id]);
    expect(await ids({ validationStatus: "pending" })).toEqual([r3.id]);
    expect(await ids({ search: "1.1" })).toEqual([r2.id]);
    expect(await ids({ search: "102" })).toEqual([r3.id]);
    expect(await ids({ search: "   " })).toEqual([r3.id, r2.id, r1.id]);
    expect(await ids({ platform: "android_apk", channel: "stable" })).toEqual([r1.id]);

    const bad = await rejection(caller.releases.list({ appId, filter: { platform: "blackberry" as "ios" } }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain('unknown platform \\"blackberry\\"');
  });

  it("summarises each row: platforms, the worst validation state, the channels it is current on, the funnel", async () => {
    const r1 = await publish("1.0.0", "100", "stable", [file("android_apk", "a.apk", 2), file("ios", "a.ipa", 1)]);
    const r2 = await publish("1.1.0", "101", "beta", [file("android_apk", "b.apk", 3), file("linux", "b.deb", 5, "invalid")]);
    await caller.channels.promote({ appId, channel: "stable", releaseId: r1.id });
    await caller.channels.promote({ appId, channel: "beta", releaseId: r1.id });
    const base = { appId, releaseId: r1.id, artifactId: null, channel: "stable", platform: "ios" as const, shareLinkId: null, createdAt: new Date() };
    await store.installEvents.appendMany([
      { ...base, kind: "page_view" },
      { ...base, kind: "page_view" },
      { ...base, kind: "install_tap" },
      { ...base, kind: "download_complete" },
    ]);

    const page = await listReleaseSummaries(store, appId, { limit: 1 }, {});
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ release: { id: r2.id }, platforms: ["android_apk", "linux"], validation: "invalid", currentOn: [] });
    const next = await listReleaseSummaries(store, appId, { limit: 1, cursor: page.nextCursor ?? "" }, {});
    expect(next.nextCursor).toBeNull();
    expect(next.items[0]).toMatchObject({
      release: { id: r1.id },
      platforms: ["ios", "android_apk"],
      validation: "valid",
      currentOn: ["beta", "stable"],
      funnel: { page_view: 2, install_tap: 1, manifest_fetch: 0, download_complete: 1 },
    });
  });
});

describe("a release's page", () => {
  it("shows who published it, the channels it is on now (current or rollout fallback) and was on, and its funnel", async () => {
    const r1 = await publish("1.0.0", "1", "stable", [file("android_apk", "a.apk", 1)]);
    const r2 = await publish("1.0.1", "2", "stable", [file("android_apk", "b.apk", 2)]);
    await caller.channels.promote({ appId, channel: "stable", releaseId: r1.id });
    await caller.channels.promote({ appId, channel: "internal", releaseId: r1.id });
    await caller.channels.promote({ appId, channel: "stable", releaseId: r2.id, rolloutPercent: 30 });
    await caller.channels.promote({ appId, channel: "internal", releaseId: r2.id });

    const first = await caller.releases.detail({ id: r1.id });
    expect(first.publishedBy).toMatchObject({ kind: "user", label: "admin@example.com" });
    expect(first.artifacts.map((a) => a.filename)).toEqual(["a.apk"]);
    expect(first.channelsNow).toEqual([{ channel: "stable", role: "fallback", rolloutPercent: 30 }]);
    // internal moved on to 1.0.1; stable still serves it outside the rollout, so it is "now", not "before".
    expect(first.channelsBefore.map((c) => c.channel)).toEqual(["internal"]);
    expect(first.history.map((m) => [m.channel, m.direction, m.other && `${m.other.version} (${m.other.build})`])).toEqual([
      ["internal", "away", "1.0.1 (2)"],
      ["stable", "away", "1.0.1 (2)"],
      ["internal", "onto", null],
      ["stable", "onto", null],
    ]);
    expect(first.history.every((m) => m.actor.label === "admin@example.com")).toBe(true);
    expect(first.funnel).toEqual({ page_view: 0, install_tap: 0, manifest_fetch: 0, download_complete: 0, share_open: 0 });

    const second = await releaseDetail(store, r2.id);
    expect(second.channelsNow).toEqual([
      { channel: "internal", role: "current", rolloutPercent: 100 },
      { channel: "stable", role: "current", rolloutPercent: 30 },
    ]);
    expect(second.history.find((m) => m.channel === "stable")).toMatchObject({ direction: "onto", rolloutPercent: 30, other: { id: r1.id } });

    expect((await rejection(caller.releases.detail({ id: "missing" }))).code).toBe("NOT_FOUND");
    // CI publishes with a token: the page names the token.
    const token = await store.tokens.create({ name: "github-ci", tokenHash: sha(99), displayPrefix: "shp_abcd", scopes: ["admin"], appId: null, channel: null, createdBy: "system", expiresAt: null });
    const byToken = await publishRelease(store, { kind: "token", id: token.id }, appId, { version: "2.0.0", build: "3", channel: "beta", artifacts: [file("linux", "c.deb", 3)] });
    expect((await releaseDetail(store, byToken.release.id)).publishedBy).toMatchObject({ kind: "token", label: "github-ci" });
  });

  it("edits the notes after publishing, audited with the app and both lengths in the same transaction", async () => {
    const release = await publish("1.0.0", "1", "stable", [file("android_apk", "a.apk", 1)]);
    const updated = await caller.releases.updateNotes({ id: release.id, notes: "## Fixed\n- crash on launch" });
    expect(updated.notes).toBe("## Fixed\n- crash on launch");
    expect((await store.releases.getById(release.id))?.notes).toBe("## Fixed\n- crash on launch");

    const events = await caller.audit.list({ filter: { action: "release.update_notes" } });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      actor: `user:${admin.id}`,
      targetType: "release",
      targetId: release.id,
      appId,
      metadata: { appId, version: "1.0.0", build: "1", fromLength: "notes of 1.0.0".length, toLength: 26 },
    });

    // The same text again changes nothing and logs nothing.
    await caller.releases.updateNotes({ id: release.id, notes: "## Fixed\n- crash on launch" });
    expect((await caller.audit.list({ filter: { action: "release.update_notes" } })).items).toHaveLength(1);

    const tooLong = await rejection(caller.releases.updateNotes({ id: release.id, notes: "x".repeat(MAX_NOTES_LENGTH + 1) }));
    expect(tooLong.code).toBe("BAD_REQUEST");
    await expect(updateReleaseNotes(store, SYSTEM_ACTOR, release.id, "x".repeat(MAX_NOTES_LENGTH + 1))).rejects.toMatchObject({
      code: "INVALID",
      message: `Invalid release notes: notes must be at most ${MAX_NOTES_LENGTH} characters`,
    });
    expect((await rejection(caller.releases.updateNotes({ id: "missing", notes: "" }))).code).toBe("NOT_FOUND");
    expect((await store.releases.getById(release.id))?.notes).toBe("## Fixed\n- crash on launch");
  });

  it("refuses to delete a channel's current release, naming the channels, and changes nothing", async () => {
    const release = await publish("1.2.0", "45", "stable", [file("android_apk", "a.apk", 1)]);
    await caller.channels.promote({ appId, channel: "stable", releaseId: release.id });
    await caller.channels.promote({ appId, channel: "beta", releaseId: release.id });

    const refused = await rejection(caller.releases.delete({ id: release.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe("1.2.0 (45) is the current release of beta and stable; promote another release there first");
    expect(isDomainError(refused.cause) && refused.cause.details.channels).toEqual(["beta", "stable"]);

    await caller.channels.promote({ appId, channel: "beta", releaseId: (await publish("1.3.0", "46", "beta", [file("android_apk", "b.apk", 2)])).id });
    await expect(deleteRelease(store, SYSTEM_ACTOR, release.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "1.2.0 (45) is the current release of stable; promote another release there first",
      details: { channels: ["stable"] },
    });
    expect(await store.releases.getById(release.id)).not.toBeNull();
    expect(await store.artifacts.listByRelease(release.id)).toHaveLength(1);
    expect((await caller.audit.list({ filter: { action: "release.delete" } })).items).toEqual([]);
  });

  it("deletes a release no channel points at, with its files' rows, audited as manual; a rollout fallback ends", async () => {
    const old = await publish("1.0.0", "1", "stable", [file("android_apk", "a.apk", 1), file("ios", "a.ipa", 2)]);
    const next = await publish("1.1.0", "2", "stable", [file("android_apk", "b.apk", 3)]);
    await caller.channels.promote({ appId, channel: "stable", releaseId: old.id });
    await caller.channels.promote({ appId, channel: "stable", releaseId: next.id, rolloutPercent: 20 });
    const artifacts = await store.artifacts.listByRelease(old.id);

    const deleted = await caller.releases.delete({ id: old.id });
    expect(deleted.id).toBe(old.id);
    expect(await store.releases.getById(old.id)).toBeNull();
    expect(await store.artifacts.listByRelease(old.id)).toEqual([]);
    const stable = await store.channels.getByName(appId, "stable");
    expect(stable).toMatchObject({ currentReleaseId: next.id, previousReleaseId: null });

    const events = await caller.audit.list({ filter: { appId, action: "release.delete" } });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      actor: `user:${admin.id}`,
      targetType: "release",
      targetId: old.id,
      metadata: {
        appId,
        version: "1.0.0",
        build: "1",
        reason: "manual",
        artifacts: artifacts.map((a) => ({ id: a.id, filename: a.filename, sha256: a.sha256, sizeBytes: a.sizeBytes })),
      },
    });
    expect((await rejection(caller.releases.delete({ id: old.id }))).code).toBe("NOT_FOUND");
  });

  it("rolls the deletion back with its audit row when the audit write fails", async () => {
    const release = await publish("1.0.0", "1", "beta", [file("android_apk", "a.apk", 1)]);
    const failing: Store = {
      ...store,
      transaction: (fn) =>
        store.transaction((tx) =>
          fn({
            ...tx,
            audit: { ...tx.audit, append: async () => Promise.reject(new Error("disk full")) },
          }),
        ),
    };
    await expect(deleteRelease(failing, SYSTEM_ACTOR, release.id)).rejects.toThrow("disk full");
    expect(await store.releases.getById(release.id)).not.toBeNull();
    await expect(updateReleaseNotes(failing, SYSTEM_ACTOR, release.id, "new")).rejects.toThrow("disk full");
    expect((await store.releases.getById(release.id))?.notes).toBe("notes of 1.0.0");
  });
});
