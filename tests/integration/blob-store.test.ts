// The blob-store contract, run against every implementation (tests/helpers/blob-store-harness.ts):
// the disk store on real temp dirs, the S3 store on s3rver over loopback, and the S3 store on any
// bucket given by S3_TEST_BUCKET (with S3_TEST_ENDPOINT, S3_TEST_REGION, S3_TEST_ACCESS_KEY_ID,
// S3_TEST_SECRET_ACCESS_KEY, S3_TEST_FORCE_PATH_STYLE; skipped when unset), e.g. MinIO or AWS by
// hand. Digests are checked against node:crypto.
import { createHash, randomBytes } from "node:crypto";
import { PassThrough, Readable, Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type BlobStoreErrorReason, isBlobStoreError } from "@/server/storage/errors";
import type { BlobStore } from "@/server/storage/types";
import { type BlobStoreHarness, blobStoreHarnesses } from "../helpers/blob-store-harness";

const MiB = 1024 * 1024;
const MAX = 256 * MiB;

function digestsOf(bytes: Buffer) {
  return {
    sha256: createHash("sha256").update(bytes).digest("hex"),
    size: bytes.length,
  };
}

/** A stream of `bytes` in several chunks, so batching and chunk boundaries are exercised. */
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

/** Buffer.equals: vitest's deep equality walks a Buffer byte by byte, seconds per megabyte. */
function expectSameBytes(actual: Buffer, expected: Buffer) {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

async function expectReason(promise: Promise<unknown>, reason: BlobStoreErrorReason) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isBlobStoreError(error, reason), `expected ${reason}, got ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ name: "DomainError", details: { reason } });
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out.sort();
}

describe.each(blobStoreHarnesses)("blob store on $name", (factory) => {
  let h: BlobStoreHarness;
  let store: BlobStore;
  beforeAll(async () => {
    if (factory.available) await factory.setup();
  });
  afterAll(async () => {
    if (factory.available) await factory.teardown();
  });
  beforeEach(async (context) => {
    if (!factory.available) context.skip();
    h = await factory.create();
    store = h.store;
  });
  afterEach(async () => {
    if (factory.available) await h.dispose();
  });

  describe("put and read", () => {
    it("round-trips bytes with the sha256 computed while streaming", async () => {
      const bytes = randomBytes(300_001);
      const expected = digestsOf(bytes);
      const blob = await store.put(streamOf(bytes), { maxBytes: MAX });
      expect(blob).toEqual({ ...expected, deduplicated: false });
      expectSameBytes(await readAll(await store.open(blob.sha256)), bytes);
      expect(await store.stat(blob.sha256)).toEqual({ size: bytes.length, modifiedAt: expect.any(Date) });
      expect(await store.has(blob.sha256)).toBe(true);
      expect(await collect(store.list())).toEqual([blob.sha256]);
      expect(await h.blobPaths()).toEqual([`blobs/sha256/${blob.sha256.slice(0, 2)}/${blob.sha256.slice(2)}`]);
      expect(await h.stagingOwners()).toEqual([]);
    });

    it("stores bytes held in memory, and for bytes it holds only refreshes their write time", async () => {
      const bytes = randomBytes(3_000);
      expect(await store.putBytes(bytes, { maxBytes: MAX })).toEqual({ ...digestsOf(bytes), deduplicated: false });
      const old = new Date(Date.now() - 86_400_000);
      await h.backdateBlob(digestsOf(bytes).sha256, old);
      expect(await store.putBytes(bytes, { maxBytes: MAX, expectedSha256: digestsOf(bytes).sha256 })).toEqual({ ...digestsOf(bytes), deduplicated: true });
      expect((await store.stat(digestsOf(bytes).sha256))?.modifiedAt.getTime()).toBeGreaterThan(old.getTime());
      await expectReason(store.putBytes(bytes, { maxBytes: MAX, expectedSha256: "0".repeat(64) }), "DIGEST_MISMATCH");
      await expectReason(store.putBytes(bytes, { maxBytes: 2_999 }), "TOO_LARGE");
      expect(await h.stagingOwners()).toEqual([]);
      expectSameBytes(await readAll(await store.open(digestsOf(bytes).sha256)), bytes);
    });

    it("stores an empty blob", async () => {
      const blob = await store.put(Readable.from([]), { maxBytes: 0, expectedSize: 0 });
      expect(blob).toEqual({ ...digestsOf(Buffer.alloc(0)), deduplicated: false });
      expectSameBytes(await readAll(await store.open(blob.sha256)), Buffer.alloc(0));
    });

    it("deduplicates identical bytes into one file", async () => {
      const bytes = randomBytes(100_000);
      const first = await store.put(streamOf(bytes), { maxBytes: MAX });
      const second = await store.put(streamOf(bytes), { maxBytes: MAX, expectedSha256: first.sha256 });
      expect(first.deduplicated).toBe(false);
      expect(second).toEqual({ ...first, deduplicated: true });
      expect(await h.blobPaths()).toHaveLength(1);
      expect(await h.stagingOwners()).toEqual([]);
    });

    it("lets concurrent puts of the same bytes both succeed with one blob on disk", async () => {
      const bytes = randomBytes(500_000);
      const results = await Promise.all([1, 2, 3].map(() => store.put(streamOf(bytes), { maxBytes: MAX })));
      expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
      expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
      expect(await h.blobPaths()).toHaveLength(1);
      expect(await h.stagingOwners()).toEqual([]);
    });

    it("serves byte ranges, inclusive at both ends", async () => {
      const bytes = randomBytes(10_000);
      const { sha256 } = await store.put(streamOf(bytes, 777), { maxBytes: MAX });
      const range = async (start: number, end: number) => readAll(await store.open(sha256, { start, end }));
      expectSameBytes(await range(0, 0), bytes.subarray(0, 1));
      expectSameBytes(await range(9_999, 9_999), bytes.subarray(9_999));
      expectSameBytes(await range(1_234, 5_678), bytes.subarray(1_234, 5_679));
      expectSameBytes(await range(0, 9_999), bytes);
      await expectReason(store.open(sha256, { start: 0, end: 10_000 }), "RANGE_NOT_SATISFIABLE");
      await expectReason(store.open(sha256, { start: 5, end: 4 }), "RANGE_NOT_SATISFIABLE");
      await expectReason(store.open(sha256, { start: -1, end: 4 }), "INVALID_ARGUMENT");
      await expectReason(store.open("0".repeat(64)), "NOT_FOUND");
    });

    it("removes blobs and lists only what is stored", async () => {
      const a = await store.put(streamOf(randomBytes(1_000)), { maxBytes: MAX });
      const b = await store.put(streamOf(randomBytes(1_000)), { maxBytes: MAX });
      await h.writeStray(`blobs/sha256/${a.sha256.slice(0, 2)}/stray.tmp`, "x");
      expect(await collect(store.list())).toEqual([a.sha256, b.sha256].sort());
      expect(await store.remove(a.sha256)).toBe(true);
      expect(await store.remove(a.sha256)).toBe(false);
      expect(await store.stat(a.sha256)).toBeNull();
      expect(await collect(store.list())).toEqual([b.sha256]);
    });
  });

  describe("put failures leave nothing behind", () => {
    const bytes = randomBytes(200_000);

    it.each([
      ["wrong digest", { expectedSha256: "f".repeat(64) }, "DIGEST_MISMATCH"],
      ["fewer bytes than expected", { expectedSize: bytes.length + 1 }, "SIZE_MISMATCH"],
      ["more bytes than expected", { expectedSize: bytes.length - 1 }, "SIZE_MISMATCH"],
      ["more bytes than maxBytes", { maxBytes: bytes.length - 1 }, "TOO_LARGE"],
      ["expected size above maxBytes", { maxBytes: 10, expectedSize: 11 }, "TOO_LARGE"],
    ] as const)("%s", async (_name, opts, reason) => {
      const source = streamOf(bytes);
      await expectReason(store.put(source, { maxBytes: MAX, ...opts }), reason);
      expect(source.destroyed).toBe(true);
      expect(await h.stagingOwners()).toEqual([]);
      expect(await h.blobPaths()).toEqual([]);
    });
  });

  describe("resumable staging", () => {
    const id = "upload-0001";

    it("appends in three chunks, resumes in a new store instance, then commits", async () => {
      const parts = [randomBytes(150_000), randomBytes(2 * MiB + 3), randomBytes(70_000)] as const;
      const whole = Buffer.concat(parts);
      expect(await store.stagedSize(id)).toBeNull();
      expect(await store.append(id, streamOf(parts[0]), { offset: 0, maxBytes: MAX })).toEqual({ size: 150_000 });
      expect(await store.append(id, streamOf(parts[1]), { offset: 150_000, maxBytes: MAX })).toEqual({ size: 150_000 + parts[1].length });
      // A fresh instance has no running hashes: it must re-hash the staged prefix, or load a saved state.
      const restarted = h.reopen();
      expect(await restarted.stagedSize(id)).toBe(150_000 + parts[1].length);
      await restarted.append(id, streamOf(parts[2]), { offset: 150_000 + parts[1].length, maxBytes: whole.length });
      const blob = await restarted.commit(id, { expectedSha256: digestsOf(whole).sha256, expectedSize: whole.length });
      expect(blob).toEqual({ ...digestsOf(whole), deduplicated: false });
      expect(await restarted.stagedSize(id)).toBeNull();
      expectSameBytes(await readAll(await store.open(blob.sha256)), whole);
    });

    it("commits in a new instance without any running state", async () => {
      const bytes = randomBytes(123_456);
      await store.append(id, streamOf(bytes), { offset: 0, maxBytes: MAX });
      const blob = await h.reopen().commit(id, {});
      expect(blob).toEqual({ ...digestsOf(bytes), deduplicated: false });
    });

    it("commits an append that filled the file to maxBytes (its fsyncs left to commit), new bytes or known ones, here or after a restart", async () => {
      const bytes = randomBytes(40_000);
      const full = { offset: 0, maxBytes: bytes.length };
      expect(await store.append("full-upload-1", streamOf(bytes), full)).toEqual({ size: bytes.length });
      expect(await store.commit("full-upload-1", { expectedSha256: digestsOf(bytes).sha256, expectedSize: bytes.length })).toEqual({ ...digestsOf(bytes), deduplicated: false });
      await store.append("full-upload-2", streamOf(bytes), full);
      expect(await store.commit("full-upload-2", { expectedSize: bytes.length })).toEqual({ ...digestsOf(bytes), deduplicated: true });
      const other = randomBytes(5_000);
      await store.append("full-upload-3", streamOf(other), { offset: 0, maxBytes: other.length });
      expect(await h.reopen().commit("full-upload-3", { expectedSha256: digestsOf(other).sha256 })).toEqual({ ...digestsOf(other), deduplicated: false });
      expect(await h.stagingOwners()).toEqual([]);
      expectSameBytes(await readAll(await store.open(digestsOf(bytes).sha256)), bytes);
      expectSameBytes(await readAll(await store.open(digestsOf(other).sha256)), other);
    });

    it("rejects an offset that does not match the staged size", async () => {
      await expectReason(store.append(id, streamOf(randomBytes(10)), { offset: 5, maxBytes: MAX }), "NOT_FOUND");
      await store.append(id, streamOf(randomBytes(100)), { offset: 0, maxBytes: MAX });
      await expectReason(store.append(id, streamOf(randomBytes(10)), { offset: 0, maxBytes: MAX }), "OFFSET_MISMATCH");
      await expectReason(store.append(id, streamOf(randomBytes(10)), { offset: 99, maxBytes: MAX }), "OFFSET_MISMATCH");
      await expectReason(store.append(id, streamOf(randomBytes(10)), { offset: 101, maxBytes: MAX }), "OFFSET_MISMATCH");
      expect(await store.stagedSize(id)).toBe(100);
    });

    it("keeps the prefix of an aborted append and resumes from it", async () => {
      const [a, b, rest] = [randomBytes(200_000), randomBytes(300_000), randomBytes(100_000)];
      async function* abortsAfterTwoChunks() {
        yield a;
        yield b;
        await h.awaitReceived(id, a.length + b.length, source);
        throw new Error("client went away");
      }
      const source = Readable.from(abortsAfterTwoChunks());
      await expect(store.append(id, source, { offset: 0, maxBytes: MAX })).rejects.toThrow("client went away");
      expect(await store.stagedSize(id)).toBe(a.length + b.length);
      await store.append(id, streamOf(rest), { offset: a.length + b.length, maxBytes: MAX });
      const whole = Buffer.concat([a, b, rest]);
      expect(await store.commit(id, { expectedSha256: digestsOf(whole).sha256 })).toEqual({ ...digestsOf(whole), deduplicated: false });
    });

    it("cuts an append over maxBytes back to where it started, keeping the hash consistent", async () => {
      const [a, tooMuch, b] = [randomBytes(1_000), randomBytes(5_000), randomBytes(2_000)];
      await store.append(id, streamOf(a), { offset: 0, maxBytes: 3_000 });
      const source = streamOf(tooMuch, 1_000);
      await expectReason(store.append(id, source, { offset: 1_000, maxBytes: 3_000 }), "TOO_LARGE");
      expect(source.destroyed).toBe(true);
      expect(await store.stagedSize(id)).toBe(1_000);
      await store.append(id, streamOf(b), { offset: 1_000, maxBytes: 3_000 });
      const whole = Buffer.concat([a, b]);
      expect(await store.commit(id, { expectedSha256: digestsOf(whole).sha256, expectedSize: 3_000 })).toMatchObject({ size: 3_000 });
    });

    it("removes the staged file when commit finds a mismatch", async () => {
      const bytes = randomBytes(4_000);
      await store.append(id, streamOf(bytes), { offset: 0, maxBytes: MAX });
      await expectReason(store.commit(id, { expectedSize: 3_999 }), "SIZE_MISMATCH");
      expect(await store.stagedSize(id)).toBeNull();
      await store.append(id, streamOf(bytes), { offset: 0, maxBytes: MAX });
      await expectReason(store.commit(id, { expectedSha256: "0".repeat(64) }), "DIGEST_MISMATCH");
      expect(await store.stagedSize(id)).toBeNull();
      expect(await h.blobPaths()).toEqual([]);
      await expectReason(store.commit(id, {}), "NOT_FOUND");
    });

    it("refuses a second concurrent append to the same id", async () => {
      const slow = new PassThrough();
      const first = store.append(id, slow, { offset: 0, maxBytes: MAX });
      slow.write(randomBytes(1_000));
      await h.awaitReceived(id, 1_000, slow);
      await expectReason(store.append(id, streamOf(randomBytes(10)), { offset: 1_000, maxBytes: MAX }), "BUSY");
      await expectReason(store.commit(id, {}), "BUSY");
      slow.end(randomBytes(500));
      expect(await first).toEqual({ size: 1_500 });
    });

    it("commits identical bytes from two sessions concurrently into one blob", async () => {
      const bytes = randomBytes(400_000);
      await store.append("session-a", streamOf(bytes), { offset: 0, maxBytes: MAX });
      await store.append("session-b", streamOf(bytes), { offset: 0, maxBytes: MAX });
      const [a, b] = await Promise.all([store.commit("session-a", {}), store.commit("session-b", {})]);
      expect(a.sha256).toBe(b.sha256);
      expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
      expect(await h.blobPaths()).toHaveLength(1);
      expect(await h.stagingOwners()).toEqual([]);
    });

    it("lists staged uploads with their size and last write, and discards", async () => {
      // Deciding what is an orphan is upload-recovery's (sweepOrphanedStaging); the store lists and discards.
      await store.append("old-upload", streamOf(randomBytes(10)), { offset: 0, maxBytes: MAX });
      await store.append("new-upload", streamOf(randomBytes(12)), { offset: 0, maxBytes: MAX });
      await store.append("gone-upload", streamOf(randomBytes(10)), { offset: 0, maxBytes: MAX });
      const hourAgo = new Date(Date.now() - 3_600_000);
      await h.backdateStaged("old-upload", hourAgo);
      const staged = new Map<string, { size: number; modifiedAt: Date }>();
      for await (const { id, ...facts } of store.listStaged()) staged.set(id, facts);
      expect([...staged.keys()].sort()).toEqual(["gone-upload", "new-upload", "old-upload"]);
      expect(staged.get("new-upload")?.size).toBe(12);
      expect(staged.get("old-upload")?.modifiedAt.getTime()).toBe(hourAgo.getTime());
      expect((staged.get("new-upload")?.modifiedAt.getTime() ?? 0) > Date.now() - 60_000).toBe(true);
      await store.discard("old-upload");
      expect(await store.stagedSize("old-upload")).toBeNull();
      expect(await store.stagedSize("new-upload")).toBe(12);
      await store.discard("gone-upload");
      await store.discard("gone-upload");
      expect(await h.stagingOwners()).toEqual(["new-upload"]);
    });
  });

  describe("argument validation", () => {
    const badDigests = ["../x", "/etc/passwd", "A".repeat(64), "a".repeat(63), "a".repeat(65), `${"a".repeat(62)}/.`, ""];
    const badIds = ["../x", "/tmp/abs-path", "a/b/c/d/e", "short", "..........", "a".repeat(129), "has space", "dot.dot.dot"];

    it.each(badDigests)("rejects digest %j", async (digest) => {
      await expectReason(store.stat(digest), "INVALID_ARGUMENT");
      await expectReason(store.has(digest), "INVALID_ARGUMENT");
      await expectReason(store.open(digest), "INVALID_ARGUMENT");
      await expectReason(store.remove(digest), "INVALID_ARGUMENT");
      await expectReason(store.put(streamOf(randomBytes(10)), { maxBytes: MAX, expectedSha256: digest }), "INVALID_ARGUMENT");
    });

    it.each(badIds)("rejects staging id %j", async (id) => {
      const source = streamOf(randomBytes(10));
      await expectReason(store.append(id, source, { offset: 0, maxBytes: MAX }), "INVALID_ARGUMENT");
      expect(source.destroyed).toBe(true);
      await expectReason(store.stagedSize(id), "INVALID_ARGUMENT");
      await expectReason(store.commit(id, {}), "INVALID_ARGUMENT");
      await expectReason(store.discard(id), "INVALID_ARGUMENT");
    });

    it("rejects negative or fractional byte counts", async () => {
      await expectReason(store.put(streamOf(randomBytes(1)), { maxBytes: -1 }), "INVALID_ARGUMENT");
      await expectReason(store.append("upload-0001", streamOf(randomBytes(1)), { offset: 0.5, maxBytes: MAX }), "INVALID_ARGUMENT");
    });

    it("ignores stray names in the store directories", async () => {
      await h.writeStray("staging/.hidden", "x");
      await h.writeStray(`blobs/sha256/zz/${"f".repeat(62)}`, "x");
      expect(await collect(store.list())).toEqual([]);
      const staged: string[] = [];
      for await (const { id } of store.listStaged()) staged.push(id);
      expect(staged).toEqual([]);
    });
  });

  describe("large blobs", () => {
    it("streams 64 MiB through put and open", async () => {
      const expected = createHash("sha256");
      const base = randomBytes(MiB);
      async function* generate() {
        for (let i = 0; i < 64; i++) {
          const chunk = Buffer.from(base);
          chunk.writeUInt32LE(i, 0);
          expected.update(chunk);
          yield chunk;
        }
      }
      const blob = await store.put(Readable.from(generate()), { maxBytes: 64 * MiB, expectedSize: 64 * MiB });
      expect(blob.sha256).toBe(expected.digest("hex"));
      const readBack = createHash("sha256");
      let size = 0;
      for await (const chunk of await store.open(blob.sha256)) {
        readBack.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      expect(size).toBe(64 * MiB);
      expect(readBack.digest("hex")).toBe(blob.sha256);
    });
  });

  describe("copyTo", () => {
    /** A destination that hashes what it is given, slowly, and can be made to close midway. */
    function slowSink(options: { closeAfterBytes?: number } = {}) {
      const hash = createHash("sha256");
      let size = 0;
      const sink = new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          if (options.closeAfterBytes !== undefined && size >= options.closeAfterBytes) {
            sink.destroy();
            return;
          }
          setImmediate(callback);
        },
      });
      return { sink, digest: () => hash.digest("hex"), size: () => size };
    }

    it("copies whole blobs and ranges through reused buffers, calling ready before the first byte", async () => {
      const bytes = randomBytes(5 * MiB + 123);
      const { sha256 } = await store.put(streamOf(bytes, MiB), { maxBytes: MAX });
      const whole = slowSink();
      const order: string[] = [];
      const sent = await store.copyTo(sha256, undefined, whole.sink, () => order.push(`ready at ${whole.size()}`));
      expect(sent).toBe(true);
      expect(order).toEqual(["ready at 0"]);
      expect(whole.size()).toBe(bytes.length);
      expect(whole.digest()).toBe(sha256);

      const part = slowSink();
      expect(await store.copyTo(sha256, { start: MiB - 1, end: 3 * MiB }, part.sink, () => {})).toBe(true);
      expect(part.digest()).toBe(
        createHash("sha256")
          .update(bytes.subarray(MiB - 1, 3 * MiB + 1))
          .digest("hex"),
      );
    });

    it("throws NOT_FOUND and RANGE_NOT_SATISFIABLE before ready, and copies an empty blob", async () => {
      const { sha256 } = await store.put(streamOf(randomBytes(100)), { maxBytes: MAX });
      let ready = false;
      await expectReason(
        store.copyTo("0".repeat(64), undefined, slowSink().sink, () => (ready = true)),
        "NOT_FOUND",
      );
      await expectReason(
        store.copyTo(sha256, { start: 0, end: 100 }, slowSink().sink, () => (ready = true)),
        "RANGE_NOT_SATISFIABLE",
      );
      expect(ready).toBe(false);
      const empty = await store.put(streamOf(Buffer.alloc(0)), { maxBytes: MAX });
      const sink = slowSink();
      expect(await store.copyTo(empty.sha256, undefined, sink.sink, () => {})).toBe(true);
      expect(sink.size()).toBe(0);
    });

    it("stops and reports false when the destination closes midway, and the blob can be removed after", async () => {
      const bytes = randomBytes(8 * MiB);
      const { sha256 } = await store.put(streamOf(bytes, MiB), { maxBytes: MAX });
      const sink = slowSink({ closeAfterBytes: 2 * MiB });
      expect(await store.copyTo(sha256, undefined, sink.sink, () => {})).toBe(false);
      expect(sink.size()).toBeLessThan(8 * MiB);
      // The file handle was closed: nothing holds the blob.
      expect(await store.remove(sha256)).toBe(true);
    });
  });
});
