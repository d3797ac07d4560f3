// Blob garbage collection on real SQLite and a real blob store directory: what is referenced stays
// (artifact files, their icons, bytes of uploads not yet published, anything stored recently), what
// nothing holds goes, with an audit event; unpublished uploads expire one session TTL after completing.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { InspectionFacts } from "@/domain/artifact-validation";
import { createApp } from "@/server/services/apps";
import { collectUnreferencedBlobs } from "@/server/services/blob-gc";
import { publishFromUploads } from "@/server/services/publish-uploads";
import { applyRetention } from "@/server/services/retention";
import { createUploadSession, expireUploadSessions, receiveUploadBytes, type UploadDeps, uploadAuditId } from "@/server/services/uploads";
import { storeLayout } from "@/server/storage/paths";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { sqliteStore, type TestStore } from "../helpers/stores";

const HOUR = 3_600_000;
const ci = { kind: "token" as const, id: "ci" };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let t: TestStore;
let dir: string;
let deps: UploadDeps;
let appId: string;

beforeEach(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-gc-"));
  deps = { store: t.store, blobs: createLocalBlobStore(dir), maxUploadBytes: 1024 * 1024, sessionTtlMs: HOUR };
  appId = (await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" })).id;
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function completedUpload(filename: string): Promise<{ id: string; sha256: string }> {
  const bytes = randomBytes(5000);
  const session = await createUploadSession(deps, ci, { app: "hello", filename, size: bytes.length, sha256: sha(bytes) });
  await receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" });
  return { id: session.id, sha256: sha(bytes) };
}

async function storedBlob(bytes = randomBytes(3000)): Promise<string> {
  return (await deps.blobs.put(Readable.from([bytes]), { maxBytes: 1024 * 1024 })).sha256;
}

/** Backdates a blob's write time, as if it had been stored `ms` ago. */
function age(sha256: string, ms: number) {
  const when = new Date(Date.now() - ms);
  utimesSync(storeLayout(dir).blob(sha256), when, when);
}

const gc = (graceMs = 2 * HOUR) => collectUnreferencedBlobs(deps, { graceMs });

describe("blob garbage collection", () => {
  it("keeps artifact files, their icons and unpublished uploads; removes the rest, audited", async () => {
    const icon = await storedBlob();
    const published = await completedUpload("a.apk");
    const facts: InspectionFacts = { kind: "apk", status: "valid", reasons: [], warnings: [], metadata: { icon: { sha256: icon, width: 1, height: 1 } } };
    await publishFromUploads({ store: t.store, inspector: { inspect: async () => facts } }, ci, { id: appId }, { version: "1.0.0", build: "1", channel: "beta", uploads: [published.id] });
    const pending = await completedUpload("b.apk");
    const orphan = await storedBlob();
    for (const digest of [icon, published.sha256, pending.sha256, orphan]) age(digest, 3 * HOUR);

    expect(await gc()).toEqual({ removed: 1, removedBytes: 3000, scanned: 4 });
    expect(await deps.blobs.has(orphan)).toBe(false);
    for (const kept of [icon, published.sha256, pending.sha256]) expect(await deps.blobs.has(kept)).toBe(true);
    const audit = (await t.store.audit.list({ action: "blob.delete" }, { limit: 10 })).items;
    expect(audit).toEqual([expect.objectContaining({ actor: "system", targetType: "blob", targetId: orphan, metadata: { sizeBytes: 3000, reason: "unreferenced" } })]);
  });

  it("removes the bytes of a release retention deleted, unless another artifact shares them", async () => {
    const inspector = { inspect: async (): Promise<InspectionFacts> => ({ kind: "apk", status: "valid", reasons: [], warnings: [], metadata: {} }) };
    const expiring = await completedUpload("a.apk");
    await publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: "1", channel: "internal", uploads: [expiring.id] });
    const bytes = randomBytes(2000);
    for (const channel of ["internal", "stable"]) {
      const session = await createUploadSession(deps, ci, { app: "hello", filename: "s.apk", size: bytes.length, sha256: sha(bytes) });
      await receiveUploadBytes(deps, session.id, Readable.from([bytes]), { offset: "restart" });
      await publishFromUploads({ store: t.store, inspector }, ci, { id: appId }, { version: "1.0.0", build: channel === "stable" ? "3" : "2", channel, uploads: [session.id] });
    }
    expect((await applyRetention(t.store, SYSTEM_ACTOR, appId, new Date(Date.now() + 31 * 86_400_000))).map((d) => d.build)).toEqual(["1", "2"]);
    age(expiring.sha256, 3 * HOUR);
    age(sha(bytes), 3 * HOUR);
    expect(await gc()).toMatchObject({ removed: 1 });
    expect(await deps.blobs.has(expiring.sha256)).toBe(false);
    expect(await deps.blobs.has(sha(bytes))).toBe(true);
  });

  it("spares unreferenced blobs stored within the grace period", async () => {
    const recent = await storedBlob();
    const old = await storedBlob();
    age(recent, HOUR);
    age(old, 3 * HOUR);
    expect(await gc()).toMatchObject({ removed: 1, scanned: 2 });
    expect(await deps.blobs.has(recent)).toBe(true);
    expect(await deps.blobs.has(old)).toBe(false);
  });

  it("counts storing the same bytes again as a fresh write, atomically with removal", async () => {
    const bytes = randomBytes(4000);
    const digest = await storedBlob(bytes);
    age(digest, 3 * HOUR);
    const cutoff = new Date(Date.now() - 2 * HOUR);
    expect(await storedBlob(bytes)).toBe(digest);
    expect((await deps.blobs.stat(digest))?.modifiedAt.getTime()).toBeGreaterThan(cutoff.getTime());
    expect(await deps.blobs.remove(digest, { unmodifiedSince: cutoff })).toBe(false);
    expect(await gc()).toMatchObject({ removed: 0 });
    expect(await deps.blobs.has(digest)).toBe(true);
  });

  it("expires uploads nobody published one session TTL after they completed; their bytes then go", async () => {
    const unpublished = await completedUpload("c.apk");
    age(unpublished.sha256, 3 * HOUR);
    expect(await expireUploadSessions(deps, new Date(Date.now() + HOUR / 2))).toBe(0);
    expect(await gc()).toMatchObject({ removed: 0 });

    expect(await expireUploadSessions(deps, new Date(Date.now() + HOUR + 1000))).toBe(1);
    expect(await t.store.uploads.getById(unpublished.id)).toMatchObject({ state: "expired" });
    const expiry = (await t.store.audit.list({ action: "upload.expire" }, { limit: 10 })).items;
    expect(expiry).toEqual([expect.objectContaining({ targetId: uploadAuditId(unpublished.id), metadata: { unpublished: true, sha256: unpublished.sha256 } })]);
    await expect(
      publishFromUploads(
        { store: t.store, inspector: { inspect: async () => ({ kind: "apk", status: "valid", reasons: [], warnings: [], metadata: {} }) } },
        ci,
        { id: appId },
        {
          version: "1.0.0",
          build: "2",
          channel: "beta",
          uploads: [unpublished.id],
        },
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await gc()).toMatchObject({ removed: 1 });
    expect(await deps.blobs.has(unpublished.sha256)).toBe(false);
  });
});
