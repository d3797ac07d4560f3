// One contract, two stores: every behaviour services rely on must hold on memory and on SQLite.
import { describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_POLICY } from "@/domain/channel";
import type { DomainErrorCode } from "@/domain/errors";
import type { Release } from "@/domain/release";
import type { Store } from "@/server/store/types";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const SHA = (c: string) => c.repeat(64);

async function expectCode(promise: Promise<unknown>, code: DomainErrorCode) {
  await expect(promise).rejects.toMatchObject({ name: "DomainError", code });
}

describe.each(STORE_KINDS)("store contract: $kind", ({ open }) => {
  const db = storePerTest(open);

  const newApp = (slug: string) => db.store.apps.create({ slug, displayName: slug.toUpperCase(), bundleIds: { ios: `com.example.${slug}` }, ownerId: null, visibility: "public" });
  const newRelease = (appId: string, build: string) => db.store.releases.create({ appId, version: "1.0.0", build, channel: "beta", notes: "n", createdBy: "system", publishedAt: null });
  const newArtifact = (appId: string, releaseId: string, sha = SHA("a"), sizeBytes = 100) =>
    db.store.artifacts.create({
      appId,
      releaseId,
      platform: "ios",
      filename: "App.ipa",
      contentType: "application/octet-stream",
      sizeBytes,
      sha256: sha,
      storageKey: `sha256/${sha.slice(0, 2)}/${sha.slice(2)}`,
      metadata: { bundleId: "com.example.x", nested: { list: [1, 2] } },
      validationStatus: "pending",
    });
  const newChannel = (appId: string, name: string) => db.store.channels.create({ appId, name, currentReleaseId: null, previousReleaseId: null, policy: DEFAULT_CHANNEL_POLICY, rolloutPercent: 100 });

  describe("apps", () => {
    it("creates, reads by id and slug, and updates", async () => {
      const app = await newApp("hello");
      expect(app).toMatchObject({ slug: "hello", displayName: "HELLO", bundleIds: { ios: "com.example.hello" }, visibility: "public" });
      expect(await db.store.apps.getById(app.id)).toEqual(app);
      expect(await db.store.apps.getBySlug("hello")).toEqual(app);
      expect(await db.store.apps.getBySlug("nope")).toBeNull();
      const updated = await db.store.apps.update(app.id, { visibility: "private", bundleIds: { android_apk: "com.x.y" } });
      expect(updated).toMatchObject({ visibility: "private", bundleIds: { android_apk: "com.x.y" }, displayName: "HELLO" });
      expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(app.updatedAt.getTime());
    });

    it("lists apps of one visibility", async () => {
      const open = await newApp("open");
      const hidden = await newApp("hidden");
      await db.store.apps.update(hidden.id, { visibility: "private" });
      expect((await db.store.apps.list({ limit: 10 }, { visibility: "public" })).items.map((a) => a.id)).toEqual([open.id]);
      expect((await db.store.apps.list({ limit: 10 }, { visibility: "private" })).items.map((a) => a.id)).toEqual([hidden.id]);
      expect((await db.store.apps.list({ limit: 10 })).items).toHaveLength(2);
    });

    it("rejects a duplicate slug and updates of missing apps", async () => {
      await newApp("hello");
      await expectCode(newApp("hello"), "CONFLICT");
      await expectCode(db.store.apps.update("missing", { visibility: "public" }), "NOT_FOUND");
    });

    it("rejects an owner that does not exist", async () => {
      await expectCode(db.store.apps.create({ slug: "x1", displayName: "X", bundleIds: {}, ownerId: "nobody", visibility: "public" }), "INTEGRITY");
    });

    it("paginates newest first with a cursor, never more than the limit", async () => {
      for (const slug of ["a1", "a2", "a3", "a4", "a5"]) await newApp(slug);
      const first = await db.store.apps.list({ limit: 2 });
      expect(first.items.map((a) => a.slug)).toEqual(["a5", "a4"]);
      const second = await db.store.apps.list({ limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second.items.map((a) => a.slug)).toEqual(["a3", "a2"]);
      const last = await db.store.apps.list({ limit: 2, cursor: second.nextCursor ?? undefined });
      expect(last.items.map((a) => a.slug)).toEqual(["a1"]);
      expect(last.nextCursor).toBeNull();
    });

    it("returns copies: mutating a result does not change the store", async () => {
      const app = await newApp("hello");
      app.bundleIds.ios = "com.changed";
      expect((await db.store.apps.getById(app.id))?.bundleIds.ios).toBe("com.example.hello");
    });
  });

  describe("releases and artifacts", () => {
    it("keeps releases unique per app, version and build", async () => {
      const app = await newApp("hello");
      const other = await newApp("other");
      await newRelease(app.id, "1");
      await expectCode(newRelease(app.id, "1"), "CONFLICT");
      await expect(newRelease(other.id, "1")).resolves.toMatchObject({ appId: other.id });
      await expectCode(newRelease("missing-app", "1"), "INTEGRITY");
      // Said in words people use, never a table or column name (SQLite does not say which key failed).
      const refused = await newRelease("missing-app", "1").catch((error: Error) => error.message);
      expect(refused).toMatch(/does not exist/);
      expect(refused).not.toMatch(/[a-z]+_[a-z]+|[a-z]Id\b|releases:/);
    });

    it("lists an app's releases only, newest first", async () => {
      const app = await newApp("hello");
      const other = await newApp("other");
      for (const b of ["1", "2", "3"]) await newRelease(app.id, b);
      await newRelease(other.id, "9");
      const page = await db.store.releases.listByApp(app.id, { limit: 10 });
      expect(page.items.map((r) => r.build)).toEqual(["3", "2", "1"]);
      expect(page.nextCursor).toBeNull();
    });

    it("round-trips artifact sizes beyond 32 bits and JSON metadata", async () => {
      const app = await newApp("hello");
      const release = await newRelease(app.id, "1");
      const big = 5 * 1024 ** 3 + 7;
      const artifact = await newArtifact(app.id, release.id, SHA("b"), big);
      const read = await db.store.artifacts.getById(artifact.id);
      expect(read?.sizeBytes).toBe(big);
      expect(read?.metadata).toEqual({ bundleId: "com.example.x", nested: { list: [1, 2] } });
      const updated = await db.store.artifacts.update(artifact.id, { validationStatus: "valid", metadata: { ok: true } });
      expect(updated).toMatchObject({ validationStatus: "valid", metadata: { ok: true }, sizeBytes: big });
    });

    it("finds artifacts by release and by digest", async () => {
      const app = await newApp("hello");
      const r1 = await newRelease(app.id, "1");
      const r2 = await newRelease(app.id, "2");
      const a1 = await newArtifact(app.id, r1.id, SHA("c"));
      const a2 = await newArtifact(app.id, r1.id, SHA("d"));
      const a3 = await newArtifact(app.id, r2.id, SHA("c"));
      expect((await db.store.artifacts.listByRelease(r1.id)).map((a) => a.id)).toEqual([a1.id, a2.id]);
      expect((await db.store.artifacts.listByReleases([r1.id, "missing"])).map((a) => a.id).sort()).toEqual([a1.id, a2.id].sort());
      expect(await db.store.artifacts.listByReleases([])).toEqual([]);
      expect((await db.store.artifacts.listBySha256(SHA("c"), { limit: 10 })).items.map((a) => a.id)).toEqual([a3.id, a1.id]);
      await expectCode(newArtifact(app.id, "missing-release"), "INTEGRITY");
      const other = await newApp("other");
      const a4 = await newArtifact(other.id, (await newRelease(other.id, "1")).id, SHA("e"));
      const first = await db.store.artifacts.list({ limit: 3 });
      expect(first.items.map((a) => a.id)).toEqual([a4.id, a3.id, a2.id]);
      const rest = await db.store.artifacts.list({ limit: 3, cursor: first.nextCursor ?? "" });
      expect(rest).toEqual({ items: [expect.objectContaining({ id: a1.id })], nextCursor: null });
    });
    it("finds the previous file of a platform in one call, however many releases lack one", async () => {
      const app = await newApp("hello");
      const file = (releaseId: string, platform: "ios" | "android_apk", sha: string) =>
        db.store.artifacts.create({
          appId: app.id,
          releaseId,
          platform,
          filename: `f.${platform}`,
          contentType: "application/octet-stream",
          sizeBytes: 1,
          sha256: SHA(sha),
          storageKey: `sha256/${sha}`,
          metadata: {},
          validationStatus: "valid",
        });
      const r1 = await newRelease(app.id, "1");
      const apk1 = await file(r1.id, "android_apk", "1");
      const r2 = await newRelease(app.id, "2");
      const r3 = await newRelease(app.id, "3");
      const ipa3 = await file(r3.id, "ios", "2");
      const apk3a = await file(r3.id, "android_apk", "3");
      await file(r3.id, "android_apk", "4");
      const r4 = await newRelease(app.id, "4");
      await file(r4.id, "android_apk", "5");
      // Another app's newer APK is never "previous" to this app's releases.
      const other = await newApp("other");
      await db.store.artifacts.create({ ...apk1, appId: other.id, releaseId: (await newRelease(other.id, "9")).id, sha256: SHA("6") });
      const previous = (platform: "ios" | "android_apk", releaseId: string) => db.store.artifacts.latestOfPlatformBefore(app.id, platform, releaseId).then((a) => a?.id ?? null);
      expect(await previous("android_apk", r4.id)).toBe(apk3a.id);
      expect(await previous("android_apk", r3.id)).toBe(apk1.id);
      expect(await previous("android_apk", r2.id)).toBe(apk1.id);
      expect(await previous("android_apk", r1.id)).toBeNull();
      expect(await previous("ios", r4.id)).toBe(ipa3.id);
      expect(await previous("ios", r3.id)).toBeNull();
    });
  });

  describe("release deletion", () => {
    it("takes artifacts along, clears fallbacks and refuses a current release", async () => {
      const app = await newApp("hello");
      const [r1, r2, r3] = [await newRelease(app.id, "1"), await newRelease(app.id, "2"), await newRelease(app.id, "3")];
      const gone = await newArtifact(app.id, r1.id, SHA("1"));
      const kept = await newArtifact(app.id, r2.id, SHA("2"));
      const channel = await newChannel(app.id, "beta");
      await db.store.channels.update(channel.id, { currentReleaseId: r2.id, previousReleaseId: r1.id });

      await expectCode(db.store.releases.delete(r2.id), "INTEGRITY");
      await db.store.releases.delete(r1.id);
      expect(await db.store.releases.getById(r1.id)).toBeNull();
      expect(await db.store.artifacts.getById(gone.id)).toBeNull();
      expect(await db.store.artifacts.getById(kept.id)).not.toBeNull();
      expect(await db.store.channels.getById(channel.id)).toMatchObject({ currentReleaseId: r2.id, previousReleaseId: null });
      await db.store.releases.delete(r3.id);
      await expectCode(db.store.releases.delete(r3.id), "NOT_FOUND");
    });

    it("keeps every history row of a deleted release, its id cleared and its label intact", async () => {
      const app = await newApp("hello");
      const release = (version: string, build: string) => db.store.releases.create({ appId: app.id, version, build, channel: "stable", notes: "", createdBy: "system", publishedAt: null });
      const [r1, r2] = [await release("1.2.3", "42"), await release("1.3.0", "43")];
      const channel = await newChannel(app.id, "stable");
      const append = (release: Release, fromRelease: Release | null, kind: "promote" | "rollback" | "rollout", rolloutPercent = 100) =>
        db.store.channels.appendHistory({ channelId: channel.id, release, fromRelease, kind, rolloutPercent, actor: "system" });
      const first = await append(r1, null, "promote");
      const onto = await append(r2, r1, "promote", 20);
      const rollout = await append(r2, r2, "rollout", 50);
      const back = await append(r1, r2, "rollback");
      await db.store.channels.update(channel.id, { currentReleaseId: r1.id, previousReleaseId: null });
      const [L1, L2] = [
        { version: "1.2.3", build: "42" },
        { version: "1.3.0", build: "43" },
      ];
      // A first promotion says there was nothing before: no id and no label.
      expect(first).toMatchObject({ releaseId: r1.id, releaseLabel: L1, fromReleaseId: null, fromReleaseLabel: null });
      expect(back).toMatchObject({ releaseId: r1.id, releaseLabel: L1, fromReleaseId: r2.id, fromReleaseLabel: L2 });

      await db.store.releases.delete(r2.id);
      expect((await db.store.channels.listHistory(channel.id, { limit: 10 })).items).toEqual([
        { ...back, fromReleaseId: null },
        { ...rollout, releaseId: null, fromReleaseId: null },
        { ...onto, releaseId: null },
        first,
      ]);
      // Found from the release that still exists; the deleted one's label is kept on each row.
      expect(await db.store.channels.listHistoryOfRelease(r1.id, 10)).toEqual([{ ...back, fromReleaseId: null }, { ...onto, releaseId: null }, first]);
      expect(await db.store.channels.listHistoryOfRelease(r2.id, 10)).toEqual([]);
      await expectCode(append(r2, r1, "promote"), "INTEGRITY");
      await expectCode(append(r1, r2, "promote"), "INTEGRITY");
    });
  });

  describe("console lists", () => {
    it("searches apps by part of the slug or the name, ignoring case", async () => {
      const hello = await newApp("hello-ios");
      await newApp("other");
      await db.store.apps.update(hello.id, { displayName: "Greeter Pro" });
      const slugs = async (search: string) => (await db.store.apps.list({ limit: 10 }, { search })).items.map((a) => a.slug);
      expect(await slugs("LLO")).toEqual(["hello-ios"]);
      expect(await slugs("greeter")).toEqual(["hello-ios"]);
      expect(await slugs("  ")).toHaveLength(2);
      expect(await slugs("nothing")).toEqual([]);
      // LIKE wildcards split the term: never a match-everything, the same on every store.
      expect(await slugs("%")).toHaveLength(2);
      expect(await slugs("o_i")).toEqual(["hello-ios"]);
      expect(await slugs("ot%er")).toEqual(["other"]);
      expect(await slugs("GREETER pro")).toEqual(["hello-ios"]);
    });

    it("filters releases by channel, platform, validation status and version or build, with cursor pages", async () => {
      const app = await newApp("hello");
      const other = await newApp("other");
      const release = (build: string, channel: string, version = "1.0.0") => db.store.releases.create({ appId: app.id, version, build, channel, notes: "", createdBy: "system", publishedAt: null });
      const ios = await release("10", "beta", "2.1.0");
      const android = await release("11", "stable", "2.2.0");
      const both = await release("12", "beta", "3.0.0");
      await newRelease(other.id, "10");
      await newArtifact(app.id, ios.id, SHA("1"));
      await db.store.artifacts.create({ ...(await newArtifact(app.id, android.id, SHA("2"))), platform: "android_apk", validationStatus: "invalid" });
      await newArtifact(app.id, both.id, SHA("3"));
      await db.store.artifacts.create({ ...(await newArtifact(app.id, both.id, SHA("4"))), platform: "android_apk", validationStatus: "valid" });
      const builds = async (filter: Parameters<Store["releases"]["listByApp"]>[2]) => (await db.store.releases.listByApp(app.id, { limit: 10 }, filter)).items.map((r) => r.build);
      expect(await builds({})).toEqual(["12", "11", "10"]);
      expect(await builds({ channel: "beta" })).toEqual(["12", "10"]);
      expect(await builds({ platform: "android_apk" })).toEqual(["12", "11"]);
      expect(await builds({ validationStatus: "invalid" })).toEqual(["11"]);
      expect(await builds({ platform: "android_apk", validationStatus: "valid" })).toEqual(["12"]);
      expect(await builds({ platform: "ios", validationStatus: "invalid" })).toEqual([]);
      expect(await builds({ search: "2." })).toEqual(["11", "10"]);
      expect(await builds({ search: "12" })).toEqual(["12"]);
      const first = await db.store.releases.listByApp(app.id, { limit: 1 }, { channel: "beta" });
      expect(first.items.map((r) => r.build)).toEqual(["12"]);
      const second = await db.store.releases.listByApp(app.id, { limit: 1, cursor: first.nextCursor ?? undefined }, { channel: "beta" });
      expect(second).toMatchObject({ items: [{ build: "10" }], nextCursor: null });
      expect((await db.store.releases.getByIds([ios.id, "missing", both.id])).map((r) => r.build).sort()).toEqual(["10", "12"]);
      expect(await db.store.releases.getByIds([])).toEqual([]);
      expect((await db.store.releases.getByVersion(app.id, "2.2.0", "11"))?.id).toBe(android.id);
      expect(await db.store.releases.getByVersion(app.id, "2.2.0", "12")).toBeNull();
      expect(await db.store.releases.getByVersion(other.id, "2.2.0", "11")).toBeNull();
    });

    it("sums storage and lists channels per app, and finds a release's channel history", async () => {
      const a = await newApp("a1");
      const b = await newApp("b1");
      const empty = await newApp("c1");
      const r1 = await newRelease(a.id, "1");
      const r2 = await newRelease(a.id, "2");
      await newArtifact(a.id, r1.id, SHA("1"), 5_000_000_000);
      await newArtifact(a.id, r2.id, SHA("2"), 7);
      await newArtifact(b.id, (await newRelease(b.id, "1")).id, SHA("3"), 3);
      const storage = (await db.store.artifacts.storageByApps([a.id, b.id, empty.id])).sort((x, y) => x.bytes - y.bytes);
      expect(storage).toEqual([
        { appId: b.id, artifacts: 1, bytes: 3 },
        { appId: a.id, artifacts: 2, bytes: 5_000_000_007 },
      ]);
      expect(await db.store.artifacts.storageByApps([])).toEqual([]);

      const beta = await newChannel(a.id, "beta");
      await newChannel(a.id, "alpha");
      await newChannel(b.id, "beta");
      const listed = await db.store.channels.listByApps([a.id, b.id]);
      expect(listed.filter((c) => c.appId === a.id).map((c) => c.name)).toEqual(["alpha", "beta"]);
      expect(listed).toHaveLength(3);

      const onto = await db.store.channels.appendHistory({ channelId: beta.id, release: r1, fromRelease: null, kind: "promote", rolloutPercent: 100, actor: "system" });
      const away = await db.store.channels.appendHistory({ channelId: beta.id, release: r2, fromRelease: r1, kind: "promote", rolloutPercent: 100, actor: "system" });
      expect((await db.store.channels.listHistoryOfRelease(r1.id, 10)).map((h) => h.id)).toEqual([away.id, onto.id]);
      expect((await db.store.channels.listHistoryOfRelease(r1.id, 1)).map((h) => h.id)).toEqual([away.id]);
      expect((await db.store.channels.listHistoryOfRelease(r2.id, 10)).map((h) => h.id)).toEqual([away.id]);
    });

    it("deletes an app with everything of it, keeping other apps and the audit log", async () => {
      const app = await newApp("gone");
      const kept = await newApp("kept");
      const release = await newRelease(app.id, "1");
      const artifact = await newArtifact(app.id, release.id, SHA("1"));
      const channel = await newChannel(app.id, "beta");
      await db.store.channels.appendHistory({ channelId: channel.id, release: release, fromRelease: null, kind: "promote", rolloutPercent: 100, actor: "system" });
      await db.store.channels.update(channel.id, { currentReleaseId: release.id });
      const token = await db.store.tokens.create({ name: "ci", tokenHash: SHA("7"), displayPrefix: "shp_abcd", scopes: ["admin"], appId: app.id, channel: null, createdBy: "system", expiresAt: null });
      const link = await db.store.shareLinks.create({ appId: app.id, name: "QA", tokenHash: SHA("8"), displayPrefix: "shs_abcdef", expiresAt: null, maxInstalls: null, createdBy: "system" });
      await db.store.installEvents.appendMany([
        { appId: app.id, releaseId: release.id, artifactId: null, channel: "beta", platform: "ios", shareLinkId: null, createdAt: new Date(), kind: "page_view" },
      ]);
      const event = await db.store.audit.append({ actor: "system", action: "app.create", targetType: "app", targetId: app.id, appId: app.id, metadata: {} });
      const keptRelease = await newRelease(kept.id, "1");

      await db.store.apps.delete(app.id);
      expect(await db.store.apps.getById(app.id)).toBeNull();
      expect(await db.store.releases.getById(release.id)).toBeNull();
      expect(await db.store.artifacts.getById(artifact.id)).toBeNull();
      expect(await db.store.channels.getById(channel.id)).toBeNull();
      expect(await db.store.channels.listHistoryOfRelease(release.id, 10)).toEqual([]);
      expect(await db.store.tokens.getById(token.id)).toBeNull();
      expect(await db.store.shareLinks.getById(link.id)).toBeNull();
      expect((await db.store.installEvents.listByApp(app.id, { limit: 10 })).items).toEqual([]);
      expect(await db.store.audit.getById(event.id)).toEqual(event);
      expect(await db.store.releases.getById(keptRelease.id)).not.toBeNull();
      await expectCode(db.store.apps.delete(app.id), "NOT_FOUND");
    });
  });

  describe("upload sessions", () => {
    /** A 10-byte APK session of `appId`, complete (all bytes received) or open (none yet). */
    const newUploadSession = (appId: string, id: string, fields: { state: "open" | "complete"; completedAt: Date | null; releaseId: string | null; expiresAt: Date }) =>
      db.store.uploads.create(id, {
        appId,
        filename: "a.apk",
        platform: "android_apk",
        sizeBytes: 10,
        sha256: SHA("f"),
        receivedBytes: fields.state === "complete" ? 10 : 0,
        inspection: null,
        createdBy: "system",
        failureReason: null,
        ...fields,
      });

    it("lists complete sessions no release used, completed before a time, oldest first", async () => {
      const app = await newApp("hello");
      const release = await newRelease(app.id, "1");
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
      const session = (id: string, patch: { state: "open" | "complete"; completedAt: Date | null; releaseId?: string }) =>
        newUploadSession(app.id, id, { ...patch, releaseId: patch.releaseId ?? null, expiresAt: at(59) });
      await session("open-session-000001", { state: "open", completedAt: null });
      await session("later-session-00001", { state: "complete", completedAt: at(20) });
      await session("early-session-00001", { state: "complete", completedAt: at(5) });
      await session("used-session-000001", { state: "complete", completedAt: at(1), releaseId: release.id });
      await session("recent-session-0001", { state: "complete", completedAt: at(40) });
      expect((await db.store.uploads.listUnpublished(at(30), 10)).map((u) => u.id)).toEqual(["early-session-00001", "later-session-00001"]);
      expect((await db.store.uploads.listUnpublished(at(30), 1)).map((u) => u.id)).toEqual(["early-session-00001"]);
      expect(await db.store.uploads.countUnconsumedBySha256(SHA("f"))).toBe(4);
    });

    it("leases a session to one receiver at a time, until its lease runs out or is given back", async () => {
      const app = await newApp("hello");
      await newUploadSession(app.id, "leased-session-0001", { state: "open", completedAt: null, releaseId: null, expiresAt: new Date(Date.now() + 60_000) });
      const t = (second: number) => new Date(Date.UTC(2026, 11, 7, 10, 0, second));
      const { uploads } = db.store;
      expect(await uploads.claimLease("leased-session-0001", "server-a", t(6), t(0))).toBe(true);
      // Another server is refused while the lease lives; its holder renews it.
      expect(await uploads.claimLease("leased-session-0001", "server-b", t(9), t(3))).toBe(false);
      expect(await uploads.claimLease("leased-session-0001", "server-a", t(10), t(4))).toBe(true);
      expect(await uploads.claimLease("leased-session-0001", "server-b", t(13), t(7))).toBe(false);
      // Gone quiet (a crash): past the lease, anyone may take it.
      expect(await uploads.claimLease("leased-session-0001", "server-b", t(17), t(11))).toBe(true);
      // Only the holder gives it back.
      await uploads.releaseLease("leased-session-0001", "server-a");
      expect(await uploads.claimLease("leased-session-0001", "server-a", t(18), t(12))).toBe(false);
      await uploads.releaseLease("leased-session-0001", "server-b");
      expect(await uploads.claimLease("leased-session-0001", "server-a", t(19), t(13))).toBe(true);
      expect(await uploads.claimLease("missing-session-001", "server-a", t(19), t(13))).toBe(false);
      // A lease changes nothing a reader of the session sees.
      expect(await uploads.getById("leased-session-0001")).toMatchObject({ state: "open", receivedBytes: 0 });
    });

    it("claims a complete, unused session for one release only", async () => {
      const app = await newApp("hello");
      const [first, second] = [await newRelease(app.id, "1"), await newRelease(app.id, "2")];
      const session = (id: string, state: "open" | "complete") =>
        newUploadSession(app.id, id, { state, completedAt: state === "complete" ? new Date() : null, releaseId: null, expiresAt: new Date(Date.now() + 60_000) });
      await session("complete-session-01", "complete");
      await session("open-session-000001", "open");
      expect(await db.store.uploads.claimForRelease("complete-session-01", first.id)).toBe(true);
      expect(await db.store.uploads.claimForRelease("complete-session-01", second.id)).toBe(false);
      expect(await db.store.uploads.getById("complete-session-01")).toMatchObject({ releaseId: first.id, state: "complete" });
      expect(await db.store.uploads.claimForRelease("open-session-000001", first.id)).toBe(false);
      expect(await db.store.uploads.getById("open-session-000001")).toMatchObject({ releaseId: null });
      expect(await db.store.uploads.claimForRelease("missing-session-001", first.id)).toBe(false);
      // Inside a transaction that rolls back, a claim is undone with it.
      await session("rolled-back-sess-01", "complete");
      await expect(
        db.store.transaction(async (tx) => {
          expect(await tx.uploads.claimForRelease("rolled-back-sess-01", second.id)).toBe(true);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await db.store.uploads.getById("rolled-back-sess-01")).toMatchObject({ releaseId: null });
    });
  });

  describe("channels", () => {
    it("keeps names unique per app and lists them by name", async () => {
      const app = await newApp("hello");
      await newChannel(app.id, "stable");
      await newChannel(app.id, "beta");
      await expectCode(newChannel(app.id, "beta"), "CONFLICT");
      expect((await db.store.channels.listByApp(app.id)).map((c) => c.name)).toEqual(["beta", "stable"]);
      expect(await db.store.channels.getByName(app.id, "beta")).toMatchObject({ name: "beta", policy: DEFAULT_CHANNEL_POLICY });
      expect(await db.store.channels.getByName(app.id, "nope")).toBeNull();
    });

    it("moves pointers only to existing releases and keeps history", async () => {
      const app = await newApp("hello");
      const channel = await newChannel(app.id, "beta");
      const r1 = await newRelease(app.id, "1");
      const r2 = await newRelease(app.id, "2");
      await expectCode(db.store.channels.update(channel.id, { currentReleaseId: "missing" }), "INTEGRITY");
      const moved = await db.store.channels.update(channel.id, { currentReleaseId: r2.id, previousReleaseId: r1.id, rolloutPercent: 25 });
      expect(moved).toMatchObject({ currentReleaseId: r2.id, previousReleaseId: r1.id, rolloutPercent: 25 });
      const h1 = await db.store.channels.appendHistory({ channelId: channel.id, release: r1, fromRelease: null, kind: "promote", rolloutPercent: 100, actor: "system" });
      const h2 = await db.store.channels.appendHistory({ channelId: channel.id, release: r2, fromRelease: r1, kind: "promote", rolloutPercent: 25, actor: "system" });
      const h3 = await db.store.channels.appendHistory({ channelId: channel.id, release: r1, fromRelease: r2, kind: "rollback", rolloutPercent: 100, actor: "system" });
      expect((await db.store.channels.listHistory(channel.id, { limit: 10 })).items.map((h) => h.id)).toEqual([h3.id, h2.id, h1.id]);
    });
  });

  describe("tokens", () => {
    const token = (hash: string, appId: string | null = null) =>
      db.store.tokens.create({ name: "ci", tokenHash: hash, displayPrefix: "shp_abcd", scopes: ["releases:upload", "releases:publish"], appId, channel: "beta", createdBy: "system", expiresAt: null });

    it("finds tokens by hash only, keeps hashes unique and records use and revocation", async () => {
      const created = await token(SHA("e"));
      expect(created).toMatchObject({ scopes: ["releases:upload", "releases:publish"], lastUsedAt: null, revokedAt: null });
      expect(await db.store.tokens.getByHash(SHA("e"))).toEqual(created);
      expect(await db.store.tokens.getByHash(SHA("f"))).toBeNull();
      await expectCode(token(SHA("e")), "CONFLICT");
      const when = new Date("2026-05-01T10:00:00.000Z");
      expect(await db.store.tokens.update(created.id, { lastUsedAt: when, revokedAt: when })).toMatchObject({ lastUsedAt: when, revokedAt: when });
      await expectCode(token(SHA("9"), "missing-app"), "INTEGRITY");
    });

    it("reads several tokens at once, skipping unknown ids", async () => {
      const a = await token(SHA("1"));
      const b = await token(SHA("2"));
      await token(SHA("3"));
      const found = await db.store.tokens.getByIds([b.id, "missing", a.id, a.id]);
      expect(found.sort((x, y) => x.tokenHash.localeCompare(y.tokenHash))).toEqual([a, b]);
      expect(await db.store.tokens.getByIds([])).toEqual([]);
    });
  });

  describe("audit events", () => {
    it("filters by actor, action, target and time, newest first", async () => {
      const e1 = await db.store.audit.append({ actor: "user:u1", action: "app.create", targetType: "app", targetId: "a1", appId: "a1", metadata: { slug: "x" } });
      const e2 = await db.store.audit.append({ actor: "token:t1", action: "release.publish", targetType: "release", targetId: "r1", appId: "a2", metadata: {} });
      const e3 = await db.store.audit.append({ actor: "user:u1", action: "app.update", targetType: "app", targetId: "a1", appId: "a1", metadata: {} });
      const ids = async (filter: Parameters<Store["audit"]["list"]>[0]) => (await db.store.audit.list(filter, { limit: 10 })).items.map((e) => e.id);
      expect(await ids({})).toEqual([e3.id, e2.id, e1.id]);
      expect(await ids({ actor: "user:u1" })).toEqual([e3.id, e1.id]);
      expect(await ids({ action: "release.publish" })).toEqual([e2.id]);
      expect(await ids({ targetType: "app", targetId: "a1" })).toEqual([e3.id, e1.id]);
      expect(await ids({ appId: "a2" })).toEqual([e2.id]);
      expect(await ids({ appId: "a1", actor: "user:u1" })).toEqual([e3.id, e1.id]);
      expect(await ids({ from: new Date(e1.createdAt.getTime() + 3_600_000) })).toEqual([]);
      expect(await ids({ from: e1.createdAt, to: new Date(e3.createdAt.getTime() + 1) })).toEqual([e3.id, e2.id, e1.id]);
      // A date range and a cursor bound the same column on SQLite: both must still apply.
      const inRange = { from: e1.createdAt, to: new Date(e3.createdAt.getTime() + 1) };
      expect((await db.store.audit.list(inRange, { limit: 1, cursor: e3.id })).items.map((e) => e.id)).toEqual([e2.id]);
      expect((await db.store.audit.list({ to: e1.createdAt }, { limit: 10 })).items).toEqual([]);
      expect(await db.store.audit.getById(e1.id)).toEqual(e1);
      const page = await db.store.audit.list({}, { limit: 2 });
      expect(page.items).toHaveLength(2);
      expect((await db.store.audit.list({}, { limit: 2, cursor: page.nextCursor ?? undefined })).items.map((e) => e.id)).toEqual([e1.id]);
    });
  });

  describe("users", () => {
    it("keeps emails unique and counts users", async () => {
      expect(await db.store.users.count()).toBe(0);
      const user = await db.store.users.create({ email: "a@example.com", name: null, role: "admin", passwordHash: "h" });
      await expectCode(db.store.users.create({ email: "a@example.com", name: null, role: "member", passwordHash: "h" }), "CONFLICT");
      expect(await db.store.users.getByEmail("a@example.com")).toEqual(user);
      expect(await db.store.users.count()).toBe(1);
    });

    it("reads several users at once, skipping unknown ids", async () => {
      const a = await db.store.users.create({ email: "a@example.com", name: null, role: "admin", passwordHash: "h" });
      const b = await db.store.users.create({ email: "b@example.com", name: "B", role: "member", passwordHash: null });
      await db.store.users.create({ email: "c@example.com", name: null, role: "member", passwordHash: null });
      const found = await db.store.users.getByIds([b.id, "missing", a.id, b.id]);
      expect(found.sort((x, y) => x.email.localeCompare(y.email))).toEqual([a, b]);
      expect(await db.store.users.getByIds([])).toEqual([]);
    });

    it("lists users newest first, page by page", async () => {
      const a = await db.store.users.create({ email: "a@example.com", name: null, role: "admin", passwordHash: "h" });
      const b = await db.store.users.create({ email: "b@example.com", name: null, role: "member", passwordHash: null });
      const first = await db.store.users.list({ limit: 1 });
      expect(first.items).toEqual([b]);
      expect(await db.store.users.list({ limit: 1, cursor: first.nextCursor ?? undefined })).toEqual({ items: [a], nextCursor: null });
    });
  });

  describe("share links", () => {
    const newLink = (appId: string, hash: string, extra: { maxInstalls?: number | null; expiresAt?: Date | null } = {}) =>
      db.store.shareLinks.create({
        appId,
        name: "QA",
        tokenHash: hash,
        displayPrefix: "shs_abcdef",
        expiresAt: extra.expiresAt ?? null,
        maxInstalls: extra.maxInstalls ?? null,
        createdBy: "system",
      });

    it("creates, finds by hash, lists per app and revokes", async () => {
      const app = await newApp("hello");
      const other = await newApp("other");
      const link = await newLink(app.id, SHA("1"));
      await newLink(other.id, SHA("2"));
      expect(link).toMatchObject({ installCount: 0, revokedAt: null, lastUsedAt: null, maxInstalls: null });
      expect(await db.store.shareLinks.getByHash(SHA("1"))).toEqual(link);
      expect(await db.store.shareLinks.getByHash(SHA("3"))).toBeNull();
      expect((await db.store.shareLinks.listByApp(app.id, { limit: 10 })).items.map((l) => l.id)).toEqual([link.id]);
      const revokedAt = new Date();
      expect((await db.store.shareLinks.update(link.id, { revokedAt })).revokedAt?.getTime()).toBe(revokedAt.getTime());
      await expectCode(newLink(app.id, SHA("1")), "CONFLICT");
    });

    it("claims installs up to the cap and never for revoked or expired links", async () => {
      const app = await newApp("hello");
      const now = new Date();
      const capped = await newLink(app.id, SHA("1"), { maxInstalls: 2 });
      const claims = await Promise.all([1, 2, 3, 4].map(() => db.store.shareLinks.claimInstall(capped.id, now)));
      expect(claims.filter(Boolean)).toHaveLength(2);
      expect((await db.store.shareLinks.getById(capped.id))?.installCount).toBe(2);
      const expired = await newLink(app.id, SHA("2"), { expiresAt: new Date(now.getTime() - 1000) });
      expect(await db.store.shareLinks.claimInstall(expired.id, now)).toBe(false);
      const revoked = await newLink(app.id, SHA("3"));
      await db.store.shareLinks.update(revoked.id, { revokedAt: now });
      expect(await db.store.shareLinks.claimInstall(revoked.id, now)).toBe(false);
      const open = await newLink(app.id, SHA("4"), { expiresAt: new Date(now.getTime() + 60_000) });
      expect(await db.store.shareLinks.claimInstall(open.id, now)).toBe(true);
      expect(await db.store.shareLinks.claimInstall("missing", now)).toBe(false);
    });
  });

  describe("unique-constraint conflicts", () => {
    /** Same words on both stores; no table or column names (app_id, token_hash…), no raw values. */
    async function expectConflict(promise: Promise<unknown>, message: string) {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: "DomainError", code: "CONFLICT", message });
      expect(String((error as Error).message)).not.toMatch(/_|\b(?:apps|releases|channels|tokens|share_links|users|constraint)\b|[():]/);
    }

    it("are worded for people, not in database columns", async () => {
      const app = await newApp("hello");
      await expectConflict(newApp("hello"), "an app with this slug already exists");
      const keyed = await db.store.apps.update(app.id, { updateKey: "spk_same" });
      await expectConflict(
        db.store.apps.create({ slug: "other", displayName: "O", bundleIds: {}, ownerId: null, visibility: "public", updateKey: keyed.updateKey }),
        "another app already has this update key",
      );
      const other = await newApp("other");
      await expectConflict(db.store.apps.update(other.id, { updateKey: keyed.updateKey }), "another app already has this update key");
      await newRelease(app.id, "1");
      await expectConflict(newRelease(app.id, "1"), "a release with this version and build already exists in this app");
      await newChannel(app.id, "qa");
      await expectConflict(newChannel(app.id, "qa"), "a channel with this name already exists in this app");
      const token = () => db.store.tokens.create({ name: "ci", tokenHash: SHA("7"), displayPrefix: "shp_abcd", scopes: ["admin"], appId: null, channel: null, createdBy: "system", expiresAt: null });
      await token();
      await expectConflict(token(), "a token with this secret already exists");
      const link = () => db.store.shareLinks.create({ appId: app.id, name: "QA", tokenHash: SHA("8"), displayPrefix: "shs_abcdef", expiresAt: null, maxInstalls: null, createdBy: "system" });
      await link();
      await expectConflict(link(), "a share link with this secret already exists");
      await db.store.users.create({ email: "a@example.com", name: null, role: "admin", passwordHash: "h" });
      await expectConflict(db.store.users.create({ email: "a@example.com", name: null, role: "member", passwordHash: "h" }), "a user with this email already exists");
    });
  });

  describe("install events", () => {
    it("appends in batches, lists per app and counts a release's funnel", async () => {
      const app = await newApp("hello");
      const release = await newRelease(app.id, "1");
      const base = { appId: app.id, releaseId: release.id, artifactId: null, channel: "beta", platform: "ios" as const, shareLinkId: null, createdAt: new Date() };
      expect(await db.store.installEvents.appendMany([])).toBe(0);
      expect(
        await db.store.installEvents.appendMany([
          { ...base, kind: "page_view" },
          { ...base, kind: "page_view" },
          { ...base, kind: "install_tap" },
          { ...base, kind: "manifest_fetch", releaseId: null },
        ]),
      ).toBe(4);
      const funnel = await db.store.installEvents.funnelForRelease(release.id);
      expect(funnel).toEqual({ page_view: 2, install_tap: 1, manifest_fetch: 0, download_complete: 0, share_open: 0 });
      const page = await db.store.installEvents.listByApp(app.id, { limit: 3 });
      expect(page.items).toHaveLength(3);
      expect(page.nextCursor).toBeTruthy();
      await expectCode(db.store.installEvents.appendMany([{ ...base, appId: "missing", kind: "page_view" }]), "INTEGRITY");
      // A busy second's worth, more rows than one INSERT carries.
      expect(await db.store.installEvents.appendMany(Array.from({ length: 1201 }, () => ({ ...base, kind: "download_complete" as const })))).toBe(1201);
      expect((await db.store.installEvents.funnelForRelease(release.id)).download_complete).toBe(1201);
    });

    it("counts the funnels of several releases at once, zeros for a release without events", async () => {
      const app = await newApp("hello");
      const [one, two, quiet] = [await newRelease(app.id, "1"), await newRelease(app.id, "2"), await newRelease(app.id, "3")];
      const base = { appId: app.id, artifactId: null, channel: "beta", platform: "ios" as const, shareLinkId: null, createdAt: new Date() };
      await db.store.installEvents.appendMany([
        { ...base, releaseId: one.id, kind: "page_view" },
        { ...base, releaseId: one.id, kind: "page_view" },
        { ...base, releaseId: two.id, kind: "download_complete" },
        { ...base, releaseId: null, kind: "share_open" },
      ]);
      const funnels = await db.store.installEvents.funnelsForReleases([one.id, two.id, quiet.id, "missing"]);
      expect([...funnels.keys()]).toEqual([one.id, two.id, quiet.id, "missing"]);
      expect(funnels.get(one.id)).toEqual(await db.store.installEvents.funnelForRelease(one.id));
      expect(funnels.get(one.id)).toMatchObject({ page_view: 2, download_complete: 0 });
      expect(funnels.get(two.id)).toMatchObject({ page_view: 0, download_complete: 1 });
      expect(funnels.get(quiet.id)).toEqual({ page_view: 0, install_tap: 0, manifest_fetch: 0, download_complete: 0, share_open: 0 });
      expect((await db.store.installEvents.funnelsForReleases([])).size).toBe(0);
    });
  });

  describe("transactions", () => {
    it("commits every write of a successful transaction", async () => {
      const appId = await db.store.transaction(async (tx) => {
        const app = await tx.apps.create({ slug: "tx-app", displayName: "T", bundleIds: {}, ownerId: null, visibility: "public" });
        await tx.releases.create({ appId: app.id, version: "1.0", build: "1", channel: "beta", notes: "", createdBy: "system", publishedAt: null });
        return app.id;
      });
      expect((await db.store.releases.listByApp(appId, { limit: 10 })).items).toHaveLength(1);
    });

    it("rolls back every write when the function throws, including nested transactions", async () => {
      await expect(
        db.store.transaction(async (tx) => {
          await tx.apps.create({ slug: "gone", displayName: "G", bundleIds: {}, ownerId: null, visibility: "public" });
          await tx.transaction(async (inner) => {
            await inner.audit.append({ actor: "system", action: "x", targetType: "app", targetId: "1", appId: null, metadata: {} });
          });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await db.store.apps.getBySlug("gone")).toBeNull();
      expect((await db.store.audit.list({}, { limit: 10 })).items).toEqual([]);
    });

    it("sees its own uncommitted writes inside the transaction", async () => {
      await db.store.transaction(async (tx) => {
        const app = await tx.apps.create({ slug: "seen", displayName: "S", bundleIds: {}, ownerId: null, visibility: "public" });
        expect(await tx.apps.getBySlug("seen")).toEqual(app);
      });
    });

    it("reads one snapshot in a read transaction, with no write methods, joining an open transaction", async () => {
      await newApp("before");
      const seen = await db.store.readTransaction(async (tx) => {
        expect("create" in tx.apps).toBe(false);
        expect("transaction" in tx).toBe(false);
        const first = (await tx.apps.list({ limit: 10 })).items.length;
        // A write issued meanwhile waits for the snapshot to end; give it every chance to land.
        const write = newApp("during");
        await new Promise((resolve) => setTimeout(resolve, 50));
        const second = (await tx.apps.list({ limit: 10 })).items.length;
        return { first, second, write };
      });
      expect(seen.first).toBe(1);
      expect(seen.second).toBe(1);
      await seen.write;
      expect(await db.store.readTransaction((tx) => tx.apps.getBySlug("during"))).not.toBeNull();
      await db.store.transaction(async (tx) => {
        await tx.apps.create({ slug: "uncommitted", displayName: "U", bundleIds: {}, ownerId: null, visibility: "public" });
        expect(await tx.readTransaction((inner) => inner.apps.getBySlug("uncommitted"))).not.toBeNull();
      });
    });

    it("never lets a write outside a transaction join (or vanish with) a concurrent one", async () => {
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      let wroteInside!: () => void;
      const insideDone = new Promise<void>((resolve) => (wroteInside = resolve));
      const failing = db.store.transaction(async (tx) => {
        await tx.apps.create({ slug: "doomed", displayName: "D", bundleIds: {}, ownerId: null, visibility: "public" });
        wroteInside();
        await gate;
        throw new Error("rollback");
      });
      await insideDone;
      // Issued while the transaction is open; give it every chance to run before the rollback.
      const outside = newApp("survivor");
      await new Promise((resolve) => setTimeout(resolve, 50));
      openGate();
      await expect(failing).rejects.toThrow("rollback");
      await outside;
      expect(await db.store.apps.getBySlug("survivor")).not.toBeNull();
      expect(await db.store.apps.getBySlug("doomed")).toBeNull();
    });
  });
});
