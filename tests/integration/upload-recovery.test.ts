// Recovery of the staging area on real SQLite and a real blob store directory: what a crash
// between an upload's last byte and its commit leaves is finished (or failed), orphans are swept,
// open sessions keep their bytes, and everything the store creates is private.
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { finishStagedUploads, sweepOrphanedStaging } from "@/server/services/upload-recovery";
import { createUploadSession, receiveUploadBytes, type UploadDeps, uploadAuditId } from "@/server/services/uploads";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { storeLayout } from "@/server/storage/paths";
import { makeDataDirPrivate } from "@/server/storage/private-modes";
import { sqliteStore, type TestStore } from "../helpers/stores";

const ci = { kind: "token" as const, id: "ci" };
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
let t: TestStore;
let dir: string;
let deps: UploadDeps;

beforeEach(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-recovery-"));
  deps = { store: t.store, blobs: createLocalBlobStore(dir), maxUploadBytes: 10 * 1024 * 1024, sessionTtlMs: 3_600_000 };
  await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session with all but the last byte received through the service, then the last byte staged as a crash would leave it. */
async function stagedButUncommitted(bytes: Buffer, lastByte = bytes.subarray(bytes.length - 1)) {
  const session = await createUploadSession(deps, ci, { app: "hello", filename: "a.apk", size: bytes.length, sha256: sha(bytes) });
  await receiveUploadBytes(deps, session.id, Readable.from([bytes.subarray(0, bytes.length - 1)]), { offset: "restart" });
  appendFileSync(storeLayout(dir).staging(session.id), lastByte);
  return session;
}

describe("finishing uploads a crash interrupted", () => {
  it("commits a fully staged session, audited, and fails one whose bytes do not match", async () => {
    const good = randomBytes(250_000);
    const bad = randomBytes(120_000);
    const ok = await stagedButUncommitted(good);
    const wrong = await stagedButUncommitted(bad, Buffer.from([(bad.at(-1) ?? 0) ^ 1]));
    const partial = await createUploadSession(deps, ci, { app: "hello", filename: "p.apk", size: 1000, sha256: "a".repeat(64) });
    await receiveUploadBytes(deps, partial.id, Readable.from([randomBytes(400)]), { offset: "restart" });

    // A fresh blob store: a restarted process knows no running hash and re-reads the staged file.
    const restarted = { ...deps, blobs: createLocalBlobStore(dir) };
    expect(await finishStagedUploads(restarted)).toEqual({ completed: [ok.id], failed: [wrong.id], unfinished: [] });

    expect(await t.store.uploads.getById(ok.id)).toMatchObject({ state: "complete", receivedBytes: good.length });
    expect(sha(readFileSync(storeLayout(dir).blob(sha(good))))).toBe(sha(good));
    expect(await t.store.uploads.getById(wrong.id)).toMatchObject({ state: "failed" });
    expect(existsSync(storeLayout(dir).staging(wrong.id))).toBe(false);
    expect(await t.store.uploads.getById(partial.id)).toMatchObject({ state: "open" });
    expect(await restarted.blobs.stagedSize(partial.id)).toBe(400);
    const actions = (await t.store.audit.list({}, { limit: 50 })).items.map((e) => `${e.action} ${e.targetId}`);
    expect(actions).toEqual(expect.arrayContaining([`upload.complete ${uploadAuditId(ok.id)}`, `upload.fail ${uploadAuditId(wrong.id)}`]));
  });

  it("leaves an expired session to expiry", async () => {
    const bytes = randomBytes(1000);
    const session = await stagedButUncommitted(bytes);
    const later = new Date(session.expiresAt.getTime() + 1);
    expect(await finishStagedUploads(deps, later)).toEqual({ completed: [], failed: [], unfinished: [] });
    expect(await t.store.uploads.getById(session.id)).toMatchObject({ state: "open" });
  });
});

describe("sweeping orphaned staging files", () => {
  it("removes files no open session owns and keeps open sessions' files, whatever their age", async () => {
    const layout = storeLayout(dir);
    const open = await createUploadSession(deps, ci, { app: "hello", filename: "o.apk", size: 1000, sha256: "a".repeat(64) });
    await receiveUploadBytes(deps, open.id, Readable.from([randomBytes(10)]), { offset: "restart" });
    const failed = await createUploadSession(deps, ci, { app: "hello", filename: "f.apk", size: 1000, sha256: "a".repeat(64) });
    await t.store.uploads.update(failed.id, { state: "failed" });
    writeFileSync(layout.staging(failed.id), "left behind");
    writeFileSync(layout.staging("put-interruptedByCrash"), "half an icon");
    writeFileSync(layout.staging("put-writtenJustNow0000"), "an icon being written");
    const dayAgo = new Date(Date.now() - 86_400_000);
    for (const id of [open.id, failed.id, "put-interruptedByCrash"]) utimesSync(layout.staging(id), dayAgo, dayAgo);

    const swept = await sweepOrphanedStaging(deps, new Date(Date.now() - 3_600_000));
    expect(swept.sort()).toEqual([failed.id, "put-interruptedByCrash"].sort());
    expect(existsSync(layout.staging(open.id))).toBe(true);
    expect(existsSync(layout.staging("put-writtenJustNow0000"))).toBe(true);
    // At start nothing is being written: no grace.
    expect(await sweepOrphanedStaging(deps, new Date(Date.now() + 1000))).toEqual(["put-writtenJustNow0000"]);
    expect(existsSync(layout.staging(open.id))).toBe(true);
  });
});

describe("private modes", () => {
  it("creates 0700 directories and 0600 files whatever the umask, and tightens a loose data dir", async () => {
    const previous = process.umask(0);
    try {
      const bytes = randomBytes(5000);
      const stored = await deps.blobs.put(Readable.from([bytes]), { maxBytes: 1 << 20 });
      const session = await createUploadSession(deps, ci, { app: "hello", filename: "s.apk", size: 100, sha256: "a".repeat(64) });
      await receiveUploadBytes(deps, session.id, Readable.from([randomBytes(50)]), { offset: "restart" });
      const layout = storeLayout(dir);
      const blob = layout.blob(stored.sha256);
      for (const d of [path.join(dir, "blobs"), layout.blobsDir, path.dirname(blob), layout.stagingDir]) expect(mode(d), d).toBe("700");
      for (const f of [blob, layout.staging(session.id)]) expect(mode(f), f).toBe("600");

      // As an older version left it: everything readable by all.
      for (const p of [dir, path.join(dir, "blobs"), layout.blobsDir, path.dirname(blob), layout.stagingDir]) chmodSync(p, 0o755);
      for (const f of [blob, layout.staging(session.id)]) chmodSync(f, 0o644);
      await makeDataDirPrivate(dir);
      for (const d of [dir, path.join(dir, "blobs"), layout.blobsDir, path.dirname(blob), layout.stagingDir]) expect(mode(d), d).toBe("700");
      for (const f of [blob, layout.staging(session.id)]) expect(mode(f), f).toBe("600");

      const fresh = path.join(dir, "new", "data");
      await makeDataDirPrivate(fresh);
      expect(mode(fresh)).toBe("700");
    } finally {
      process.umask(previous);
    }
  });
});
