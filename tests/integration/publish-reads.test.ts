// What one publish from an upload asks of the store, on real SQLite with the real inspection pool
// and blob store: its inspection stored once (by the inspector, not again by the publish), and its
// reads made on one snapshot, so a CI publish costs two transactions when inspection is done.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createInspectionPool, type InspectionPool } from "@/server/inspect/pool";
import { createApp } from "@/server/services/apps";
import { createArtifactInspector } from "@/server/services/inspection";
import { publishFromUploads } from "@/server/services/publish-uploads";
import { createUploadSession, receiveUploadBytes, type UploadDeps } from "@/server/services/uploads";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { countingStore } from "../helpers/counting-store";
import { fixture } from "../helpers/inspect-fixtures";
import { sqliteStore, type TestStore } from "../helpers/stores";

const ci = { kind: "token" as const, id: "ci" };
const apk = readFileSync(fixture("android/hello.apk"));
let pool: InspectionPool;
let t: TestStore;
let dir: string;

beforeAll(() => {
  pool = createInspectionPool({ concurrency: 1, timeoutMs: 60_000 });
});
afterAll(() => pool.close());
beforeEach(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-publish-reads-"));
  await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A store that counts, an inspector on it, and a completed upload of hello.apk (not inspected yet). */
async function completedUpload() {
  const counting = countingStore(t.store);
  const blobs = createLocalBlobStore(dir);
  const inspector = createArtifactInspector({ store: counting.store, blobs, runner: pool });
  const deps: UploadDeps = { store: t.store, blobs, maxUploadBytes: 10 * 1024 * 1024, sessionTtlMs: 3_600_000 };
  const session = await createUploadSession(deps, ci, { app: "hello", filename: "hello.apk", size: apk.length, sha256: createHash("sha256").update(apk).digest("hex") });
  await receiveUploadBytes(deps, session.id, Readable.from([apk]), { offset: "restart" });
  return { counting, inspector, session };
}

const inspectionWrites = (counts: { log: string[]; args: unknown[][] }) =>
  counts.log.filter((call, i) => call === "uploads.update" && (counts.args[i]?.[1] as Record<string, unknown> | undefined)?.inspection !== undefined).length;

describe("a publish from an upload", () => {
  it("stores the upload's inspection once when the publish runs it", async () => {
    const { counting, inspector, session } = await completedUpload();
    const result = await publishFromUploads({ store: counting.store, inspector }, ci, { slug: "hello" }, { version: "1.0", build: "1", channel: "beta", uploads: [session.id] });
    expect(result.app.slug).toBe("hello");
    expect(result.artifacts[0]).toMatchObject({ platform: "android_apk", validationStatus: "valid" });
    expect(inspectionWrites(counting.counts)).toBe(1);
    expect((await t.store.uploads.getById(session.id))?.inspection).toMatchObject({ kind: "apk" });
  });

  it("stores it once when the publish joins an inspection already running, as right after an upload", async () => {
    const { counting, inspector, session } = await completedUpload();
    // What onComplete does when the bytes are committed; the publish then finds it running.
    inspector.prefetch(session);
    await publishFromUploads({ store: counting.store, inspector }, ci, { slug: "hello" }, { version: "1.0", build: "1", channel: "beta", uploads: [session.id] });
    expect(inspectionWrites(counting.counts)).toBe(1);
  });

  it("reuses a stored inspection, reading everything in one transaction and writing in one more", async () => {
    const { counting, inspector, session } = await completedUpload();
    const ready = await inspector.inspect(session);
    counting.reset();
    const result = await publishFromUploads({ store: counting.store, inspector }, ci, { slug: "hello" }, { version: "1.0", build: "1", channel: "beta", uploads: [session.id] });
    expect(result.artifacts[0]?.metadata).toMatchObject({ kind: ready.kind });
    expect(inspectionWrites(counting.counts)).toBe(0);
    expect(counting.counts.transactions).toBe(2);
    // Neither the app nor the channel is read again inside the write transaction (no promote).
    expect(counting.counts.log.filter((call) => call.startsWith("apps.") || call.startsWith("channels."))).toEqual(["apps.getBySlug", "channels.getByName"]);
  });

  it("promoting reads the channel again inside the write transaction, for its current pointers", async () => {
    const { counting, inspector, session } = await completedUpload();
    await inspector.inspect(session);
    counting.reset();
    const result = await publishFromUploads({ store: counting.store, inspector }, ci, { slug: "hello" }, { version: "1.0", build: "1", channel: "beta", uploads: [session.id], promote: true });
    expect(result).toMatchObject({ promoted: true, channel: { currentReleaseId: result.release.id } });
    expect(counting.counts.log.filter((call) => call === "channels.getByName")).toHaveLength(2);
    expect(counting.counts.transactions).toBe(2);
  });

  it("lets one of two publishes racing for one upload have it: the other is a CONFLICT and leaves nothing", async () => {
    const { session } = await completedUpload();
    const facts = { kind: "apk" as const, status: "valid" as const, reasons: [], warnings: [], metadata: {} };
    // Both publishes pass their snapshot checks before either writes: each waits for the other here.
    let arrived = 0;
    let release: () => void = () => {};
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const inspector = {
      inspect: async () => {
        if (++arrived === 2) release();
        await bothArrived;
        return facts;
      },
    };
    const publish = (build: string) => publishFromUploads({ store: t.store, inspector }, ci, { slug: "hello" }, { version: "1.0", build, channel: "beta", uploads: [session.id] });
    const outcomes = await Promise.allSettled([publish("1"), publish("2")]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((o) => o.reason)).toEqual([expect.objectContaining({ code: "CONFLICT", message: expect.stringContaining("already part of release") })]);
    const releases = await t.store.releases.listByApp(session.appId, { limit: 10 });
    expect(releases.items).toHaveLength(1);
    expect(await t.store.uploads.getById(session.id)).toMatchObject({ releaseId: releases.items[0]?.id });
    expect((await t.store.audit.list({ action: "release.publish" }, { limit: 10 })).items).toHaveLength(1);
  });
});
