// Inspection of blobs in a bucket: the worker reads ranges with its own S3 client (counted by a
// proxy in front of s3rver, which sees every thread's requests), finds the same facts and feed
// digests as on disk, and writes no temporary file.
import { createHash } from "node:crypto";
import { createReadStream, type FSWatcher, readFileSync, watch } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { feedDigestsFor } from "@/domain/feeds/digests";
import type { Platform } from "@/domain/platform";
import { createInspectionPool, type InspectionPool } from "@/server/inspect/pool";
import { DEFAULT_LIMITS } from "@/server/inspect/types";
import { ZipArchive } from "@/server/inspect/zip-reader";
import { createApp } from "@/server/services/apps";
import { createArtifactInspector } from "@/server/services/inspection";
import { createS3Client } from "@/server/storage/s3/config";
import type { S3ObjectLocation } from "@/server/storage/types";
import { createMemoryStore } from "@/server/store/memory";
import { createS3Harness, type LoopbackS3, startS3rver } from "../helpers/blob-store-harness";
import { startCountingProxy } from "../helpers/counting-proxy";
import { FIXTURE_ARTIFACTS } from "../helpers/fixture-artifacts";
import { fixture, tempDir } from "../helpers/inspect-fixtures";
import { writeSparseZip64 } from "../helpers/inspect-zip-writer";

const MiB = 1024 * 1024;
const NOW = new Date("2027-01-01T00:00:00Z");

let s3: LoopbackS3;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let harness: Awaited<ReturnType<typeof createS3Harness>>;
let pool: InspectionPool;
/** The store's withLocalFile directory, watched: inspection must never create anything there. */
let downloads: string;
let watcher: FSWatcher;
const createdInDownloads: string[] = [];
const work = tempDir();

beforeAll(async () => {
  s3 = await startS3rver();
  const target = new URL(s3.endpoint);
  proxy = await startCountingProxy({ host: target.hostname, port: Number(target.port) });
  downloads = await mkdtemp(path.join(os.tmpdir(), "shipyard-inspect-s3-downloads-"));
  // withLocalFile removes its download afterwards: only watching shows whether one was made.
  watcher = watch(downloads, (event, name) => createdInDownloads.push(`${event} ${name}`));
  // The store writes through the test's client; the workers read through the proxy, as the app's own settings would direct them.
  const connection = { endpoint: proxy.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } };
  harness = await createS3Harness(s3, "inspect/", { tempDir: downloads, connection });
  pool = createInspectionPool({ concurrency: 2, timeoutMs: 30_000 });
});

afterAll(async () => {
  watcher?.close();
  await pool?.close();
  await harness?.dispose();
  await proxy?.close();
  await s3?.stop();
  await rm(downloads, { recursive: true, force: true });
  work.cleanup();
});

async function locate(sha256: string): Promise<S3ObjectLocation> {
  const inspectionSource = harness.s3.inspectionSource;
  if (!inspectionSource) throw new Error("the S3 store was opened without its connection");
  return inspectionSource(sha256);
}

const digestOptions = (platform: Platform) => {
  const digests = feedDigestsFor(platform);
  return digests.length > 0 ? { digests } : undefined;
};

describe("inspection of a blob in S3", () => {
  it("finds every fixture's facts, icon and feed digests as on disk, reading only with GETs and writing no temporary file", async () => {
    proxy.reset();
    const results = await Promise.all(
      FIXTURE_ARTIFACTS.map(async ([file, platform]) => {
        const hints = { platform, filename: path.basename(file), now: NOW };
        const stored = await harness.s3.putBytes(readFileSync(fixture(file)), { maxBytes: 64 * MiB });
        const fromBucket = await pool.inspect(await locate(stored.sha256), hints, digestOptions(platform));
        const fromDisk = await pool.inspect(fixture(file), hints, digestOptions(platform));
        return { file, fromBucket, fromDisk };
      }),
    );
    for (const { file, fromBucket, fromDisk } of results) expect({ file, result: fromBucket }).toEqual({ file, result: fromDisk });
    expect(results.filter((r) => r.fromBucket.digests !== undefined).length).toBeGreaterThanOrEqual(8);
    expect(results.filter((r) => r.fromBucket.status === "valid").length).toBeGreaterThanOrEqual(10);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.filter((request) => !request.startsWith("GET "))).toEqual([]);
    expect(createdInDownloads).toEqual([]);
  });

  it("reads a 100 MiB IPA's facts from under 1% of its bytes, in a handful of ranged requests", async () => {
    // Hello.ipa's entries after a 100 MiB stored entry that nothing reads (a sparse file on disk).
    const ipa = await ZipArchive.open(fixture("ios/Hello.ipa"), 0, DEFAULT_LIMITS);
    const entries = await Promise.all(ipa.entries().map(async (entry) => ({ name: entry.name, data: await ipa.read(entry) })));
    ipa.close();
    const file = path.join(work.dir, "Big.ipa");
    writeSparseZip64(file, { name: "Payload/Hello.app/Frameworks/Big.framework/Big", size: 100 * MiB }, entries);
    const stored = await harness.s3.put(createReadStream(file), { maxBytes: 200 * MiB });
    const hints = { platform: "ios" as const, filename: "Big.ipa", now: NOW };

    proxy.reset();
    const fromBucket = await pool.inspect(await locate(stored.sha256), hints);
    const read = { requests: [...proxy.requests], bytes: proxy.responseBytes };
    const fromDisk = await pool.inspect(file, hints);

    expect(fromBucket).toEqual(fromDisk);
    expect(fromBucket).toMatchObject({ kind: "ipa", metadata: { bundleId: expect.any(String) } });
    expect(fromBucket.icon).toBeDefined();
    const fraction = read.bytes / stored.size;
    console.info(`inspect-s3: ${stored.size} bytes stored, ${read.bytes} read back (${(fraction * 100).toFixed(3)}%) in ${read.requests.length} requests`);
    expect(fraction).toBeLessThan(0.01);
    expect(read.requests.length).toBeLessThanOrEqual(8);
    expect(read.requests.every((request) => /^GET \S+ bytes=\d+-\d+$/.test(request))).toBe(true);
    expect(createdInDownloads).toEqual([]);
  });

  it("the artifact inspector hands the worker the object, not a download of it, and stores facts with digests", async () => {
    const store = createMemoryStore();
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    const bytes = readFileSync(fixture("linux/hello_2.10-3_amd64.deb"));
    const stored = await harness.s3.putBytes(bytes, { maxBytes: 64 * MiB });
    const session = await store.uploads.create("upload-s3-inspection", {
      appId: app.id,
      filename: "hello.deb",
      platform: "linux",
      sizeBytes: bytes.length,
      sha256: stored.sha256,
      state: "complete",
      receivedBytes: bytes.length,
      inspection: null,
      releaseId: null,
      createdBy: "ci",
      expiresAt: new Date(Date.now() + 3_600_000),
      completedAt: new Date(),
      failureReason: null,
    });
    // The store's own client, counted: withLocalFile would GET the object through it.
    const counted = createS3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const calls: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "initialize", name: "countCalls" },
    );
    proxy.reset();
    const facts = await createArtifactInspector({ store, blobs: harness.open({ client: counted }), runner: pool }).inspect(session);
    counted.destroy();
    expect(calls).toEqual(["HeadObjectCommand"]);
    expect(facts).toMatchObject({ kind: "deb", status: "valid", digests: { sha512: createHash("sha512").update(bytes).digest("base64") } });
    expect((await store.uploads.getById(session.id))?.inspection).toMatchObject({ kind: "deb" });
    // Ranged reads for the format, one whole GET for the digests; nothing went through withLocalFile.
    expect(proxy.requests.filter((request) => request.startsWith("GET ") && !request.includes("bytes="))).toHaveLength(1);
    expect(createdInDownloads).toEqual([]);
  });
});
