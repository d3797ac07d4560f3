// Property: whatever the sequence of appends (sizes around and across part boundaries, clients that
// go away midway, appends over the limit, servers that crash right after uploading a part or a
// tail, and the server answering changing at every step), the staged size is what a tus client
// would resume from, and the committed blob is exactly the bytes acknowledged, in order.
// Small parts (64 KiB, below S3's 5 MiB minimum, which s3rver does not enforce) make many parts cheap.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isBlobStoreError } from "@/server/storage/errors";
import type { S3StagingRecord, S3StagingState } from "@/server/storage/s3/staging-state";
import { createS3Harness, type LoopbackS3, startS3rver } from "../helpers/blob-store-harness";

const PART = 64 * 1024;
const POOL = randomBytes(24 * PART);

let s3: LoopbackS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3.stop();
});

type Step =
  | { kind: "append"; server: number; size: number; chunk: number }
  | { kind: "abort"; server: number; size: number; chunk: number; after: number }
  | { kind: "overLimit"; server: number; size: number; chunk: number }
  | { kind: "crash"; server: number; size: number; at: "part" | "tail" };

const size = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: PART - 3, max: PART + 3 }), fc.integer({ min: 1, max: 3 * PART }));
const server = fc.integer({ min: 0, max: 2 });
const chunk = fc.integer({ min: 1, max: 70_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("append" as const), server, size, chunk }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("abort" as const), server, size, chunk, after: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("overLimit" as const), server, size: fc.integer({ min: 1, max: 3 * PART }), chunk }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), server, size: fc.integer({ min: 1, max: 2 * PART }), at: fc.constantFrom("part" as const, "tail" as const) }) },
);

function chunked(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** Yields `count` chunks, then fails as a client's dropped connection does. */
function abortingAfter(chunks: Buffer[], count: number): Readable {
  return Readable.from(
    (async function* () {
      for (const c of chunks.slice(0, count)) yield c;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error("client went away");
    })(),
  );
}

it("keeps staged size and final digest consistent over random appends, interruptions and crashes", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
      const h = await createS3Harness(s3, `prop-${randomBytes(6).toString("hex")}/`, { tuning: { minPartSize: PART } });
      try {
        let crashAt: "part" | "tail" | null = null;
        const crashing: S3StagingState = Object.assign(Object.create(h.state) as S3StagingState, {
          compareAndSet: async (version: number, record: S3StagingRecord) => {
            const before = await h.state.get(record.id);
            const hit = crashAt === "part" ? record.parts.length > (before?.parts.length ?? 0) : crashAt === "tail" && record.tailKey !== null && record.tailKey !== before?.tailKey;
            if (hit) {
              crashAt = null;
              throw new Error("simulated crash");
            }
            return h.state.compareAndSet(version, record);
          },
        });
        const servers = [h.open(), h.open(), h.open({ staging: crashing })];
        const id = "upload-prop";
        let staged = 0;
        for (const s of steps) {
          const store = servers[s.server] ?? servers[0]!;
          const room = POOL.length - staged;
          const bytes = POOL.subarray(staged, staged + Math.min(s.size, room));
          if (s.kind === "append") {
            expect(await store.append(id, Readable.from(chunked(bytes, s.chunk)), { offset: staged, maxBytes: POOL.length })).toEqual({ size: staged + bytes.length });
            staged += bytes.length;
          } else if (s.kind === "abort") {
            const chunks = chunked(bytes, s.chunk);
            await expect(store.append(id, abortingAfter(chunks, s.after), { offset: staged, maxBytes: POOL.length })).rejects.toThrow();
            // A client asks where to resume: anywhere from where it started to what it sent.
            const now = (await servers[0]!.stagedSize(id)) ?? 0;
            expect(now).toBeGreaterThanOrEqual(staged);
            expect(now).toBeLessThanOrEqual(staged + chunks.slice(0, s.after).reduce((n, c) => n + c.length, 0));
            staged = now;
          } else if (s.kind === "overLimit") {
            // In chunks, so whole parts may be uploaded (and must be forgotten) before the overflow shows.
            const source = Readable.from(chunked(POOL.subarray(staged, staged + s.size), s.chunk));
            const error = await store.append(id, source, { offset: staged, maxBytes: staged + s.size - 1 }).catch((e: unknown) => e);
            expect(isBlobStoreError(error, "TOO_LARGE")).toBe(true);
            expect((await servers[1]!.stagedSize(id)) ?? 0).toBe(staged);
          } else {
            crashAt = s.at;
            const outcome = await servers[2]!.append(id, Readable.from([bytes]), { offset: staged, maxBytes: POOL.length }).then(
              () => "ok",
              (e: unknown) => String(e),
            );
            crashAt = null;
            const now = (await servers[0]!.stagedSize(id)) ?? 0;
            // A crash loses the unsaved bytes; a step that never reached the armed write succeeds whole.
            if (outcome === "ok") expect(now).toBe(staged + bytes.length);
            else expect(outcome).toBe("Error: simulated crash");
            expect(now).toBeGreaterThanOrEqual(staged);
            expect(now).toBeLessThanOrEqual(staged + bytes.length);
            staged = now;
          }
          for (const other of servers) expect((await other.stagedSize(id)) ?? 0).toBe(staged);
        }
        const expected = POOL.subarray(0, staged);
        const sha256 = createHash("sha256").update(expected).digest("hex");
        if ((await servers[0]!.stagedSize(id)) === null) {
          // Nothing ever reached the store (only failed first appends): there is nothing to commit.
          expect(staged).toBe(0);
          return;
        }
        expect(await servers[1]!.commit(id, { expectedSha256: sha256, expectedSize: staged })).toMatchObject({ sha256, size: staged });
        const back = createHash("sha256");
        for await (const c of await servers[0]!.open(sha256)) back.update(c as Buffer);
        expect(back.digest("hex")).toBe(sha256);
        expect(await h.stagingOwners()).toEqual([]);
      } finally {
        await h.dispose();
      }
    }),
    { numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? 20261207), endOnFailure: true },
  );
}, 120_000);
