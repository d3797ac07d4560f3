// Upload sessions on real SQLite and a real blob store directory: capability binding, resumable
// appends, digest verification, expiry cleanup, single use by a release.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { InspectionFacts } from "@/domain/artifact-validation";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { createApp } from "@/server/services/apps";
import { publishFromUploads } from "@/server/services/publish-uploads";
import { createUploadSession, expireUploadSessions, receiveUploadBytes, type UploadDeps } from "@/server/services/uploads";
import { sqliteStore, type TestStore } from "../helpers/stores";

const ci = { kind: "token" as const, id: "ci" };
let t: TestStore;
let dir: string;
let deps: UploadDeps;
let completed: string[];

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A body that delivers `bytes` then fails, as a dropped connection does. */
function interrupted(bytes: Buffer): Readable {
  return new Readable({
    read() {
      this.push(bytes);
      this.destroy(new Error("connection reset"));
    },
  });
}

beforeEach(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-uploads-"));
  completed = [];
  deps = { store: t.store, blobs: createLocalBlobStore(dir), maxUploadBytes: 10 * 1024 * 1024, sessionTtlMs: 3_600_000, onComplete: (s) => completed.push(s.id) };
  await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", bundleIds: { android_apk: "com.example.hello" } });
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("upload sessions", () => {
  it("binds a session to app, size and digest, and infers the platform", async () => {
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "app.apk", size: 10, sha256: "a".repeat(64) });
    expect(session).toMatchObject({ platform: "android_apk", state: "open", receivedBytes: 0, createdBy: "token:ci" });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBeGreaterThanOrEqual(3_599_000);
    await expect(createUploadSession(deps, ci, { app: "hello", filename: "big.apk", size: 11 * 1024 * 1024, sha256: "a".repeat(64) })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(createUploadSession(deps, ci, { app: "nope", filename: "a.apk", size: 1, sha256: "a".repeat(64) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: 1, sha256: "a".repeat(64), platform: "ios" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(createUploadSession(deps, ci, { app: "hello", filename: "../a.apk", size: 1, sha256: "a".repeat(64) })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("refuses a .flatpak when the session opens, naming the Linux files it takes, and opens none", async () => {
    for (const platform of [undefined, "linux"] as const) {
      const opening = createUploadSession(deps, ci, { app: "hello", filename: "Hello.flatpak", size: 10, sha256: "a".repeat(64), platform });
      await expect(opening).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("Flatpak bundles are not accepted") });
      await expect(opening).rejects.toMatchObject({ message: expect.stringContaining("linux files end in .deb, .rpm, .appimage") });
    }
    await expect(createUploadSession(deps, ci, { app: "hello", filename: "notes.txt", size: 10, sha256: "a".repeat(64) })).rejects.toMatchObject({ code: "INVALID" });
    expect((await t.store.audit.list({ action: "upload.create" }, { limit: 10 })).items).toEqual([]);
  });

  it("stores the bytes once verified, and stores identical bytes once", async () => {
    const bytes = randomBytes(300_000);
    const first = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
    const result = await receiveUploadBytes(deps, first.id, Readable.from([bytes]), { offset: "restart" });
    expect(result).toMatchObject({ complete: true, offset: bytes.length, session: { state: "complete", receivedBytes: bytes.length } });
    expect(completed).toEqual([first.id]);
    const second = await createUploadSession(deps, ci, { app: "hello", filename: "b.apk", size: bytes.length, sha256: sha(bytes) });
    await receiveUploadBytes(deps, second.id, Readable.from([bytes]), { offset: "restart" });
    const shard = path.join(dir, "blobs", "sha256", sha(bytes).slice(0, 2));
    expect(readdirSync(shard)).toEqual([sha(bytes).slice(2)]);
    await expect(receiveUploadBytes(deps, first.id, Readable.from([bytes]), { offset: "restart" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("resumes an interrupted upload from the stored offset", async () => {
    const bytes = randomBytes(200_000);
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
    await expect(receiveUploadBytes(deps, session.id, interrupted(bytes.subarray(0, 70_000)), { offset: "restart" })).rejects.toThrow("connection reset");
    expect(await deps.blobs.stagedSize(session.id)).toBe(70_000);
    expect((await t.store.uploads.getById(session.id))?.receivedBytes).toBe(70_000);
    // A stale offset is refused and told the right one.
    await expect(receiveUploadBytes(deps, session.id, Readable.from([bytes.subarray(10)]), { offset: 10 })).rejects.toMatchObject({ code: "CONFLICT", details: { offset: 70_000 } });
    const partial = await receiveUploadBytes(deps, session.id, Readable.from([bytes.subarray(70_000, 150_000)]), { offset: 70_000 });
    expect(partial).toMatchObject({ complete: false, offset: 150_000 });
    const done = await receiveUploadBytes(deps, session.id, Readable.from([bytes.subarray(150_000)]), { offset: 150_000 });
    expect(done).toMatchObject({ complete: true, session: { state: "complete", receivedBytes: 200_000 } });
    expect(await deps.blobs.has(sha(bytes))).toBe(true);
  });

  it("refuses more bytes than declared, and fails the session on a wrong digest", async () => {
    const bytes = randomBytes(1000);
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: 999, sha256: sha(bytes) });
    await expect(receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart", contentLength: 1000 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" })).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect((await deps.blobs.stagedSize(session.id)) ?? 0).toBe(0);

    const wrong = await createUploadSession(deps, ci, { app: "hello", filename: "b.apk", size: 1000, sha256: "0".repeat(64) });
    await expect(receiveUploadBytes(deps, wrong.id, Readable.from([bytes]), { offset: "restart" })).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await t.store.uploads.getById(wrong.id)).toMatchObject({ state: "failed", failureReason: expect.stringContaining("sha256") });
    expect(await deps.blobs.has(sha(bytes))).toBe(false);
    expect(await deps.blobs.stagedSize(wrong.id)).toBeNull();
    await expect(receiveUploadBytes(deps, wrong.id, Readable.from([bytes]), { offset: "restart" })).rejects.toMatchObject({ code: "NOT_FOUND", details: { state: "failed" } });
  });

  it("expires abandoned sessions and removes their staged bytes", async () => {
    const bytes = randomBytes(5000);
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
    await expect(receiveUploadBytes(deps, session.id, interrupted(bytes.subarray(0, 2000)), { offset: "restart" })).rejects.toThrow();
    expect(await deps.blobs.stagedSize(session.id)).toBe(2000);
    expect(await expireUploadSessions(deps, new Date())).toBe(0);
    expect(await expireUploadSessions(deps, new Date(Date.now() + 3_600_001))).toBe(1);
    expect(await t.store.uploads.getById(session.id)).toMatchObject({ state: "expired" });
    expect(await deps.blobs.stagedSize(session.id)).toBeNull();
    const releases = await t.store.releases.listByApp(session.appId, { limit: 10 });
    expect(releases.items).toEqual([]);
    expect((await t.store.audit.list({ action: "upload.expire" }, { limit: 10 })).items).toHaveLength(1);
  });

  it("publishes a release from completed uploads, each usable once, and judges the files", async () => {
    const bytes = randomBytes(1000);
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
    const open = await createUploadSession(deps, ci, { app: "hello", filename: "b.apk", size: 5, sha256: "b".repeat(64) });
    await receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" });
    const facts: InspectionFacts = { kind: "apk", status: "valid", reasons: [], warnings: [], metadata: { packageName: "com.example.other", versionName: "1.0.0", versionCode: 7 } };
    const inspector = { inspect: async () => facts };
    const app = await t.store.apps.getBySlug("hello");
    const appId = app?.id ?? "";
    await expect(publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: "7", channel: "beta", uploads: [open.id] })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // A file that fails validation is refused, named with its reasons; nothing is written.
    const reason = "bundle id com.example.other does not match the app's registered android_apk id com.example.hello";
    const refused = publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: "7", channel: "beta", uploads: [session.id] });
    await expect(refused).rejects.toMatchObject({ code: "INTEGRITY", details: { files: [{ upload: session.id, filename: "a.apk", reasons: [reason] }] } });
    expect((await t.store.releases.listByApp(appId, { limit: 10 })).items).toEqual([]);
    expect(await t.store.uploads.getById(session.id)).toMatchObject({ releaseId: null });
    // An explicit override for that file publishes it, audited, with the reasons kept on it.
    const result = await publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: "7", channel: "beta", uploads: [session.id], allowInvalid: [session.id] });
    expect(result.artifacts[0]).toMatchObject({ sha256: sha(bytes), validationStatus: "valid" });
    expect(result.artifacts[0]?.metadata.validationReasons).toEqual([reason]);
    expect(result.artifacts[0]?.metadata.validationOverride).toMatchObject({ by: "token:ci", reasons: [reason] });
    const audit = (await t.store.audit.list({ action: "artifact.allow_invalid" }, { limit: 10 })).items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: result.artifacts[0]?.id });
    // An APK is in no update feed: no feed digests were asked for, none are stored.
    expect(result.artifacts[0]?.metadata).not.toHaveProperty("digests");
    // Storing the inspection is the inspector's part (publish-reads.test.ts): this one stores nothing.
    expect(await t.store.uploads.getById(session.id)).toMatchObject({ releaseId: result.release.id, inspection: null });
    await expect(publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.1", build: "8", channel: "beta", uploads: [session.id] })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // A version that exists is refused at once, before any file is inspected.
    const again = await createUploadSession(deps, ci, { app: "hello", filename: "c.apk", size: bytes.length, sha256: sha(bytes) });
    await receiveUploadBytes(deps, again.id, Readable.from([bytes]), { offset: "restart" });
    const neverInspects = {
      inspect: async (): Promise<InspectionFacts> => {
        throw new Error("inspected");
      },
    };
    await expect(publishFromUploads({ store: t.store, inspector: neverInspects }, ci, { id: appId }, { version: "1.0.0", build: "7", channel: "beta", uploads: [again.id] })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version 1.0.0 (7) already exists in app hello",
    });
  });
  it("carries a desktop file's feed digests into its artifact, inspecting again a stored result that lacks them", async () => {
    const app = await t.store.apps.getBySlug("hello");
    const appId = app?.id ?? "";
    const digests = { sha512: "c2hhNTEy", sha1: "5a1" };
    let inspections = 0;
    const inspector = {
      inspect: async (): Promise<InspectionFacts> => {
        inspections++;
        return { kind: "exe", status: "valid", reasons: [], warnings: [], metadata: {}, digests };
      },
    };
    const upload = async (filename: string, inspection: InspectionFacts | null) => {
      const bytes = randomBytes(2000);
      const session = await createUploadSession(deps, ci, { app: "hello", filename, size: bytes.length, sha256: sha(bytes) });
      await receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" });
      if (inspection) await t.store.uploads.update(session.id, { inspection: inspection as unknown as Record<string, unknown> });
      return session.id;
    };
    const stale = await upload("setup.exe", { kind: "exe", status: "valid", reasons: [], warnings: [], metadata: {} });
    const current = await upload("setup-arm64.exe", { kind: "exe", status: "valid", reasons: [], warnings: [], metadata: { arch: "arm64" }, digests: { sha512: "ready", sha1: "ready" } });
    const result = await publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "2.0.0", build: "9", channel: "beta", uploads: [stale, current] });
    expect(inspections).toBe(1);
    expect(result.artifacts.map((a) => [a.filename, a.metadata.digests])).toEqual([
      ["setup.exe", digests],
      ["setup-arm64.exe", { sha512: "ready", sha1: "ready" }],
    ]);
  });
});

describe("one receiver at a time, across app servers", () => {
  it("refuses a PATCH on another server while one streams, and lets it through once that one ends", async () => {
    const bytes = randomBytes(200_000);
    const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
    // Two servers on one database and one blob store, told apart by their lease owner.
    const serverA = { ...deps, leaseOwner: "server-a" };
    const serverB = { ...deps, leaseOwner: "server-b" };
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Readable.from(
      (async function* () {
        yield bytes.subarray(0, 50_000);
        await gate;
      })(),
    );
    const onA = receiveUploadBytes(serverA, session.id, slow, { offset: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(receiveUploadBytes(serverB, session.id, Readable.from([bytes.subarray(0, 10)]), { offset: 0 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("another request is receiving this upload"),
    });
    release();
    expect(await onA).toMatchObject({ complete: false, offset: 50_000 });
    // A's PATCH ended and gave the lease back: B continues at once.
    expect(await receiveUploadBytes(serverB, session.id, Readable.from([bytes.subarray(50_000)]), { offset: 50_000 })).toMatchObject({ complete: true, offset: bytes.length });
  });
});
