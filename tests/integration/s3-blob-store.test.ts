// The S3 blob store beyond the shared contract (blob-store.test.ts), on s3rver over loopback: a
// resumable upload kept as one multipart upload whose state lives outside the bucket, continued by
// two store instances sharing that state (two app servers), through odd sizes, crashes and races.
import { createHash, randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BlobStoreErrorReason, isBlobStoreError } from "@/server/storage/errors";
import { createS3Client } from "@/server/storage/s3/config";
import { s3Keys } from "@/server/storage/s3/keys";
import type { S3BlobStoreOptions } from "@/server/storage/s3/s3-blob-store";
import type { S3StagingRecord, S3StagingState } from "@/server/storage/s3/staging-state";
import { createS3Harness, type LoopbackS3, startS3rver } from "../helpers/blob-store-harness";

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const MAX = 256 * MiB;

let s3: LoopbackS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3.stop();
});

type Harness = Awaited<ReturnType<typeof createS3Harness>>;
const harnesses: Harness[] = [];
async function harness(extra: Partial<S3BlobStoreOptions> = {}): Promise<Harness> {
  const h = await createS3Harness(s3, `t-${randomBytes(6).toString("hex")}/`, extra);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.dispose();
});

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

function streamOf(bytes: Buffer, chunk = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return Readable.from(chunks);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function reasonOf(promise: Promise<unknown>): Promise<BlobStoreErrorReason | string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) return "resolved";
  return isBlobStoreError(error) ? error.reason : String(error);
}

/** Fails the first compare-and-set that would save a new part (or a new tail): a crash right after the upload. */
class CrashingState implements S3StagingState {
  armed: "part" | "tail" | null = null;
  constructor(private readonly inner: S3StagingState) {}
  get = (id: string) => this.inner.get(id);
  create = (record: S3StagingRecord) => this.inner.create(record);
  delete = (id: string) => this.inner.delete(id);
  list = () => this.inner.list();
  storedAt = (sha256: string) => this.inner.storedAt(sha256);
  markStored = (sha256: string, at: Date) => this.inner.markStored(sha256, at);
  forgetStored = (sha256: string) => this.inner.forgetStored(sha256);
  async compareAndSet(expectedVersion: number, record: S3StagingRecord): Promise<boolean> {
    const before = await this.inner.get(record.id);
    const addsPart = before !== null && record.parts.length > before.parts.length;
    const newTail = before !== null && record.tailKey !== null && record.tailKey !== before.tailKey;
    if ((this.armed === "part" && addsPart) || (this.armed === "tail" && newTail)) {
      this.armed = null;
      throw new Error("simulated crash");
    }
    return this.inner.compareAndSet(expectedVersion, record);
  }
}

describe("a resumable upload across two app servers", () => {
  it("appends odd sizes alternately on two instances sharing the state, then commits on either", async () => {
    const h = await harness();
    const [a, b] = [h.open(), h.open()];
    const sizes = [1, PART - 1, PART + 1, 1, 1_000, 17, 65_536, 3, PART, 2];
    const whole = randomBytes(sizes.reduce((n, s) => n + s, 0));
    let offset = 0;
    for (const [i, size] of sizes.entries()) {
      const writer = i % 2 === 0 ? a : b;
      const reader = i % 2 === 0 ? b : a;
      expect(await writer.append("upload-odd-1", streamOf(whole.subarray(offset, offset + size), 7_777), { offset, maxBytes: MAX })).toEqual({ size: offset + size });
      offset += size;
      expect(await reader.stagedSize("upload-odd-1")).toBe(offset);
    }
    const record = await h.state.get("upload-odd-1");
    // Every part is exactly one part size; the rest waits in the tail.
    expect(record?.parts.map((p) => p.size)).toEqual(Array(Math.floor(whole.length / PART)).fill(PART));
    expect(record?.tailSize).toBe(whole.length % PART);
    for (const server of [a, b]) {
      const listed: { id: string; size: number }[] = [];
      for await (const { id, size } of server.listStaged()) listed.push({ id, size });
      expect(listed).toEqual([{ id: "upload-odd-1", size: whole.length }]);
    }
    expect(await b.commit("upload-odd-1", { expectedSha256: sha256Of(whole), expectedSize: whole.length })).toEqual({ sha256: sha256Of(whole), size: whole.length, deduplicated: false });
    expect((await readAll(await a.open(sha256Of(whole)))).equals(whole)).toBe(true);
    expect(await h.stagingOwners()).toEqual([]);
    expect(await h.state.get("upload-odd-1")).toBeNull();
  });

  it("stays consistent and resumable after a crash between uploading a part and saving the state", async () => {
    const h = await harness();
    const crashing = new CrashingState(h.state);
    const server1 = h.open();
    const server2 = h.open({ staging: crashing });
    const whole = randomBytes(2 * PART + 12_345);
    await server1.append("upload-crash", streamOf(whole.subarray(0, 1_000)), { offset: 0, maxBytes: MAX });
    crashing.armed = "part";
    expect(await reasonOf(server2.append("upload-crash", streamOf(whole.subarray(1_000, PART + 500)), { offset: 1_000, maxBytes: MAX }))).toBe("Error: simulated crash");
    // The part went up, the record never named it: the upload is where it was, its tail intact.
    expect(await server1.stagedSize("upload-crash")).toBe(1_000);
    const afterCrash = await h.state.get("upload-crash");
    expect(afterCrash?.parts).toEqual([]);
    expect(afterCrash?.nextPartNumber).toBe(2);
    // A crash after writing a new tail but before naming it: the old tail still counts.
    crashing.armed = "tail";
    expect(await reasonOf(server2.append("upload-crash", streamOf(whole.subarray(1_000, 3_000)), { offset: 1_000, maxBytes: MAX }))).toBe("Error: simulated crash");
    expect(await server1.stagedSize("upload-crash")).toBe(1_000);
    // The other server resumes from the recorded size; part number 1 (claimed, lost) is never reused.
    await server1.append("upload-crash", streamOf(whole.subarray(1_000)), { offset: 1_000, maxBytes: MAX });
    const record = await h.state.get("upload-crash");
    expect(record?.parts.map((p) => p.number)).toEqual([2, 3]);
    expect(await server2.commit("upload-crash", { expectedSha256: sha256Of(whole) })).toMatchObject({ size: whole.length, deduplicated: false });
    expect((await readAll(await server1.open(sha256Of(whole)))).equals(whole)).toBe(true);
    // Orphans (the lost part, the unnamed tail) went with the commit.
    expect(await h.stagingOwners()).toEqual([]);
  });

  it("lets exactly one of two servers appending at the same offset win, the loser getting BUSY", async () => {
    const h = await harness();
    const [a, b] = [h.open(), h.open()];
    const first = randomBytes(3_000);
    await a.append("upload-race", streamOf(first), { offset: 0, maxBytes: MAX });
    const fromA = randomBytes(PART + 10);
    const fromB = randomBytes(PART + 20);
    const outcomes = await Promise.all([
      reasonOf(a.append("upload-race", streamOf(fromA), { offset: 3_000, maxBytes: MAX })),
      reasonOf(b.append("upload-race", streamOf(fromB), { offset: 3_000, maxBytes: MAX })),
    ]);
    expect(outcomes.filter((o) => o === "resolved")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "BUSY" || o === "OFFSET_MISMATCH")).toHaveLength(1);
    const winner = outcomes[0] === "resolved" ? fromA : fromB;
    const whole = Buffer.concat([first, winner]);
    expect(await b.stagedSize("upload-race")).toBe(whole.length);
    expect(await a.commit("upload-race", { expectedSha256: sha256Of(whole), expectedSize: whole.length })).toMatchObject({ deduplicated: false });
    expect((await readAll(await b.open(sha256Of(whole)))).equals(whole)).toBe(true);
  });

  it("never reads a part's worth ahead of what it has uploaded (memory does not grow with size)", async () => {
    const h = await harness();
    const id = "upload-memory";
    const total = 6 * PART + 123;
    const chunk = 64 * 1024;
    const expected = createHash("sha256");
    let pulled = 0;
    let furthestAhead = 0;
    async function* source() {
      while (pulled < total) {
        const record = await h.state.get(id);
        const inParts = record ? record.size - record.tailSize : 0;
        furthestAhead = Math.max(furthestAhead, pulled - inParts);
        const bytes = randomBytes(Math.min(chunk, total - pulled));
        expected.update(bytes);
        pulled += bytes.length;
        yield bytes;
      }
    }
    await h.s3.append(id, Readable.from(source()), { offset: 0, maxBytes: MAX });
    // One part being filled, plus what the stream machinery reads ahead (16 chunks).
    expect(furthestAhead).toBeLessThanOrEqual(PART + 17 * chunk);
    expect(await h.s3.commit(id, { expectedSha256: expected.digest("hex"), expectedSize: total })).toMatchObject({ size: total });
  });
});

describe("requests", () => {
  it("answers an empty append without reading the tail back, and a non-empty one with one GET", async () => {
    const h = await harness();
    const counted = createS3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const calls: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "initialize", name: "countCalls" },
    );
    const store = h.open({ client: counted });
    await store.append("upload-calls", streamOf(randomBytes(10)), { offset: 0, maxBytes: MAX });
    calls.length = 0;
    expect(await store.append("upload-calls", Readable.from([]), { offset: 10, maxBytes: MAX })).toEqual({ size: 10 });
    expect(calls).toEqual([]);
    await store.append("upload-calls", streamOf(randomBytes(5)), { offset: 10, maxBytes: MAX });
    expect(calls.filter((c) => c === "GetObjectCommand")).toHaveLength(1);
    counted.destroy();
  });

  it("counts a blob no record knows (copied in by hand) as stored when first seen, never by S3's dates", async () => {
    const h = await harness();
    const bytes = Buffer.from("copied from data/blobs by aws s3 sync");
    const sha256 = sha256Of(bytes);
    await h.writeStray(`blobs/sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`, bytes.toString());
    const facts = await h.s3.stat(sha256);
    expect(facts?.size).toBe(bytes.length);
    expect(Math.abs((facts?.modifiedAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    // Even a removal that asks for nothing newer than a moment from now keeps it the first time,
    // recording when it was seen; the next one, past that, removes it.
    expect(await h.state.storedAt(sha256)).toBeNull();
    expect(await h.s3.remove(sha256, { unmodifiedSince: new Date(Date.now() + 60_000) })).toBe(false);
    const seen = await h.state.storedAt(sha256);
    expect(Math.abs((seen?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(await h.s3.remove(sha256, { unmodifiedSince: new Date(Date.now() + 60_000) })).toBe(true);
    expect(await h.s3.has(sha256)).toBe(false);
  });
});

describe("commit", () => {
  it("verifies size and digest of a multipart upload and drops its parts and tails on a mismatch", async () => {
    const h = await harness();
    const bytes = randomBytes(PART + 777);
    await h.s3.append("upload-mismatch", streamOf(bytes), { offset: 0, maxBytes: MAX });
    expect(await reasonOf(h.s3.commit("upload-mismatch", { expectedSize: bytes.length + 1 }))).toBe("SIZE_MISMATCH");
    expect(await h.s3.stagedSize("upload-mismatch")).toBeNull();
    await h.s3.append("upload-mismatch", streamOf(bytes), { offset: 0, maxBytes: MAX });
    expect(await reasonOf(h.s3.commit("upload-mismatch", { expectedSha256: "0".repeat(64) }))).toBe("DIGEST_MISMATCH");
    expect(await h.stagingOwners()).toEqual([]);
    expect(await h.blobPaths()).toEqual([]);
  });

  it("deduplicates a multipart upload of stored bytes, dropping the staged copy", async () => {
    const h = await harness();
    const bytes = randomBytes(2 * PART + 1);
    await h.s3.append("upload-dedup-1", streamOf(bytes), { offset: 0, maxBytes: MAX });
    await h.s3.append("upload-dedup-2", streamOf(bytes), { offset: 0, maxBytes: MAX });
    expect(await h.s3.commit("upload-dedup-1", {})).toMatchObject({ deduplicated: false });
    expect(await h.s3.commit("upload-dedup-2", { expectedSha256: sha256Of(bytes) })).toEqual({ sha256: sha256Of(bytes), size: bytes.length, deduplicated: true });
    expect(await h.blobPaths()).toEqual([`blobs/sha256/${sha256Of(bytes).slice(0, 2)}/${sha256Of(bytes).slice(2)}`]);
    expect(await h.stagingOwners()).toEqual([]);
  });

  it("copies objects above the CopyObject limit part by part (UploadPartCopy)", async () => {
    const h = await harness({ tuning: { minPartSize: PART, copyObjectLimit: 6 * MiB, copyPartSize: PART } });
    const bytes = randomBytes(2 * PART + 4_321);
    expect(await h.s3.put(streamOf(bytes), { maxBytes: MAX })).toMatchObject({ size: bytes.length, deduplicated: false });
    expect((await readAll(await h.s3.open(sha256Of(bytes)))).equals(bytes)).toBe(true);
  });

  it("resumes a commit that crashed after completing the multipart upload", async () => {
    const h = await harness();
    const bytes = randomBytes(PART + 99);
    await h.s3.append("upload-recommit", streamOf(bytes), { offset: 0, maxBytes: MAX });
    const crashing = new CrashingState(h.state);
    const original = crashing.compareAndSet.bind(crashing);
    // The record's "assembled" write is lost, as if the server died right after CompleteMultipartUpload.
    crashing.compareAndSet = async (version, record) => {
      if (record.assembled) throw new Error("simulated crash");
      return original(version, record);
    };
    expect(await reasonOf(h.open({ staging: crashing }).commit("upload-recommit", {}))).toBe("Error: simulated crash");
    expect(await h.open().commit("upload-recommit", { expectedSha256: sha256Of(bytes) })).toMatchObject({ deduplicated: false });
    expect((await readAll(await h.s3.open(sha256Of(bytes)))).equals(bytes)).toBe(true);
    expect(await h.stagingOwners()).toEqual([]);
  });
});

describe("garbage collection's view", () => {
  it("dates blobs by the stored-at record, which a deduplicated commit refreshes, never by S3's LastModified", async () => {
    const h = await harness();
    const bytes = randomBytes(10_000);
    const { sha256 } = await h.s3.put(streamOf(bytes), { maxBytes: MAX });
    const old = new Date(Date.now() - 7 * 86_400_000);
    await h.state.markStored(sha256, old);
    expect((await h.s3.stat(sha256))?.modifiedAt).toEqual(old);
    const cutoff = new Date(Date.now() - 86_400_000);
    // Stored again (deduplicated): GC's conditional removal now keeps it.
    await h.s3.append("upload-again", streamOf(bytes), { offset: 0, maxBytes: MAX });
    expect(await h.s3.commit("upload-again", {})).toMatchObject({ deduplicated: true });
    expect(await h.s3.remove(sha256, { unmodifiedSince: cutoff })).toBe(false);
    expect(await h.s3.has(sha256)).toBe(true);
    await h.state.markStored(sha256, old);
    expect(await h.s3.remove(sha256, { unmodifiedSince: cutoff })).toBe(true);
    expect(await h.state.storedAt(sha256)).toBeNull();
    expect(await h.s3.has(sha256)).toBe(false);
  });

  it("serializes a commit and a removal of the same digest: the commit's bytes stay", async () => {
    const h = await harness();
    const bytes = randomBytes(50_000);
    const { sha256 } = await h.s3.put(streamOf(bytes), { maxBytes: MAX });
    const cutoff = new Date(Date.now() + 1);
    await h.state.markStored(sha256, new Date(0));
    await h.s3.append("upload-gc-race", streamOf(bytes), { offset: 0, maxBytes: MAX });
    const [removed, committed] = await Promise.all([h.s3.remove(sha256, { unmodifiedSince: cutoff }), h.s3.commit("upload-gc-race", {})]);
    // Removal first: the commit stores the bytes anew. Commit first: it refreshed the date, so no removal.
    expect(committed.deduplicated).toBe(!removed);
    expect((await readAll(await h.s3.open(sha256))).equals(bytes)).toBe(true);
  });
});

describe("reads", () => {
  it("reads ranges across part boundaries, by stream and into memory", async () => {
    const h = await harness();
    const bytes = randomBytes(2 * PART + 10);
    const { sha256 } = await h.s3.put(streamOf(bytes), { maxBytes: MAX });
    for (const [start, end] of [
      [PART - 3, PART + 3],
      [0, 0],
      [bytes.length - 1, bytes.length - 1],
      [1, 2 * PART],
    ] as const) {
      expect((await readAll(await h.s3.open(sha256, { start, end }))).equals(bytes.subarray(start, end + 1))).toBe(true);
      expect((await h.s3.readRange(sha256, { start, end })).equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    expect(await reasonOf(h.s3.readRange(sha256, { start: 0, end: bytes.length }))).toBe("RANGE_NOT_SATISFIABLE");
    expect(await reasonOf(h.s3.readRange(sha256, { start: 0, end: 65 * MiB }))).toBe("INVALID_ARGUMENT");
    expect(await reasonOf(h.s3.readRange("f".repeat(64), { start: 0, end: 1 }))).toBe("NOT_FOUND");
  });

  it("gives a local file for inspection and removes it afterwards", async () => {
    const h = await harness();
    const bytes = randomBytes(300_000);
    const { sha256 } = await h.s3.put(streamOf(bytes), { maxBytes: MAX });
    let seen = "";
    const size = await h.s3.withLocalFile(sha256, async (file) => {
      seen = file;
      expect((await readFile(file)).equals(bytes)).toBe(true);
      return (await stat(file)).size;
    });
    expect(size).toBe(bytes.length);
    await expect(stat(seen)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await reasonOf(h.s3.withLocalFile("e".repeat(64), async () => 1))).toBe("NOT_FOUND");
  });

  it("presigns a short-lived GET with the response's Content-Disposition", async () => {
    const h = await harness();
    const bytes = randomBytes(5_000);
    const { sha256 } = await h.s3.put(streamOf(bytes), { maxBytes: MAX });
    const url = await h.s3.presignedGetUrl(sha256, { expiresInSeconds: 60, contentDisposition: 'attachment; filename="App 1.2.ipa"' });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="App 1.2.ipa"');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await reasonOf(h.s3.presignedGetUrl(sha256, { expiresInSeconds: 7 * 86_400 }))).toBe("INVALID_ARGUMENT");
    expect(await reasonOf(h.s3.presignedGetUrl("d".repeat(64), { expiresInSeconds: 60 }))).toBe("NOT_FOUND");
    expect(await reasonOf(h.s3.presignedGetUrl("../etc", { expiresInSeconds: 60 }))).toBe("INVALID_ARGUMENT");
  });

  it("lists and sums blobs over several pages of ListObjectsV2, under its prefix only", async () => {
    const h = await harness({ tuning: { minPartSize: PART, listPageSize: 5 } });
    const other = await harness();
    await other.s3.putBytes(randomBytes(10), { maxBytes: MAX });
    const sizes = Array.from({ length: 12 }, (_, i) => 100 + i);
    for (const size of sizes) await h.s3.putBytes(randomBytes(size), { maxBytes: MAX });
    const listed: string[] = [];
    for await (const sha256 of h.s3.list()) listed.push(sha256);
    expect(listed).toHaveLength(12);
    expect(await h.s3.usage()).toEqual({ count: 12, bytes: sizes.reduce((n, s) => n + s, 0) });
  });
});

describe("keys", () => {
  it("uses the disk layout under an optional prefix and refuses hostile prefixes", () => {
    const digest = "ab".repeat(32);
    expect(s3Keys().blob(digest)).toBe(`blobs/sha256/ab/${digest.slice(2)}`);
    expect(s3Keys("shipyard").blob(digest)).toBe(`shipyard/blobs/sha256/ab/${digest.slice(2)}`);
    expect(s3Keys("a/b/").digestOf(`a/b/blobs/sha256/ab/${digest.slice(2)}`)).toBe(digest);
    expect(s3Keys("a/b/").digestOf(`a/b/blobs/sha256/cd/${digest.slice(2)}`)).toBe(`cd${digest.slice(2)}`);
    expect(s3Keys().digestOf(`blobs/sha256/AB/${digest.slice(2)}`)).toBeNull();
    for (const prefix of ["../x/", "/abs/", "a//b/", "a/../b/", "a b/", "./"]) expect(() => s3Keys(prefix), prefix).toThrow();
  });
});
