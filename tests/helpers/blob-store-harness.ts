// The blob-store contract runs against every implementation through one of these: a store, a way
// to open a second one over the same data (a restart, or another app server), and the few
// inspections and manipulations a test needs that the interface does not offer.
//
// S3 runs against s3rver on loopback always, and also against any S3-compatible service when
// S3_TEST_BUCKET is set, with S3_TEST_ENDPOINT (unset: AWS), S3_TEST_REGION, S3_TEST_ACCESS_KEY_ID,
// S3_TEST_SECRET_ACCESS_KEY and S3_TEST_FORCE_PATH_STYLE (default true), e.g. MinIO or AWS by hand.
// Each test there works under a fresh key prefix, deleted afterwards; the bucket must exist.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { createS3Client, readS3Config } from "@/server/storage/s3/config";
import { createInProcessDigestLocks } from "@/server/storage/s3/digest-locks";
import { MemoryS3StagingState } from "@/server/storage/s3/memory-staging-state";
import { createS3BlobStore, type S3BlobStore, type S3BlobStoreOptions } from "@/server/storage/s3/s3-blob-store";
import type { S3StagingState } from "@/server/storage/s3/staging-state";
import type { BlobStore } from "@/server/storage/types";
import { createPostgresDigestLocks } from "@/server/db/postgres-digest-locks";
import { openPrisma } from "@/server/db/client";
import { prismaBlobStagingState } from "@/server/store/prisma/blob-staging-state";
import { freshPostgresDatabase, POSTGRES_SERVER_URL } from "./stores";
import { type LoopbackS3, startS3rver } from "./s3rver";

const MiB = 1024 * 1024;

export interface BlobStoreHarness {
  store: BlobStore;
  /** Another store over the same data, with no in-memory state of its own. */
  reopen(): BlobStore;
  /** Stored blob paths as on disk: blobs/sha256/ab/cdef…, sorted. */
  blobPaths(): Promise<string[]>;
  /** Staging ids that still have bytes in the store (files on disk, objects in a bucket), sorted. */
  stagingOwners(): Promise<string[]>;
  /** Writes a file or object at a path relative to the store's root, outside the store's API. */
  writeStray(relativePath: string, content: string): Promise<void>;
  backdateBlob(sha256: string, at: Date): Promise<void>;
  backdateStaged(id: string, at: Date): Promise<void>;
  /** Resolves once the store has taken `size` bytes of an append in flight from `source`. */
  awaitReceived(id: string, size: number, source: Readable): Promise<void>;
  dispose(): Promise<void>;
}

export interface HarnessFactory {
  name: string;
  /** False when the environment does not provide this backend: its tests are skipped. */
  available: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  create(): Promise<BlobStoreHarness>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const diskHarness: HarnessFactory = {
  name: "disk",
  available: true,
  setup: async () => {},
  teardown: async () => {},
  create: async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "shipyard-blobs-"));
    const filesUnder = async (sub: string) => {
      const entries = await readdir(path.join(root, sub), { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    };
    return {
      store: createLocalBlobStore(root),
      reopen: () => createLocalBlobStore(root),
      blobPaths: async () => (await filesUnder("blobs")).sort(),
      stagingOwners: async () => (await filesUnder("staging")).map((file) => path.basename(file)).sort(),
      writeStray: async (relativePath, content) => {
        await mkdir(path.dirname(path.join(root, relativePath)), { recursive: true });
        await writeFile(path.join(root, relativePath), content);
      },
      backdateBlob: async (sha256, at) => utimes(path.join(root, "blobs/sha256", sha256.slice(0, 2), sha256.slice(2)), at, at),
      backdateStaged: async (id, at) => utimes(path.join(root, "staging", id), at, at),
      awaitReceived: async (id, size) => {
        // On disk every byte is written as it arrives: wait until the file holds them.
        while ((await createLocalBlobStore(root).stagedSize(id)) !== size) await pause(1);
      },
      dispose: () => rm(root, { recursive: true, force: true }),
    };
  },
};

interface S3Target {
  client: S3Client;
  bucket: string;
}

/** A harness over a bucket; each create() works under a fresh prefix with its own staging state. */
function s3HarnessFactory(name: string, available: boolean, start: () => Promise<S3Target & { stop(): Promise<void> }>): HarnessFactory {
  let target: (S3Target & { stop(): Promise<void> }) | null = null;
  return {
    name,
    available,
    setup: async () => {
      target = await start();
    },
    teardown: async () => {
      await target?.stop();
      target = null;
    },
    create: async () => {
      if (!target) throw new Error(`${name}: setup() did not run`);
      return createS3Harness(target, `run-${randomBytes(6).toString("hex")}/`);
    },
  };
}

export async function createS3Harness(
  target: S3Target,
  prefix: string,
  extra: Partial<S3BlobStoreOptions> = {},
  state: S3StagingState = new MemoryS3StagingState(),
): Promise<BlobStoreHarness & { s3: S3BlobStore; state: S3StagingState; open(more?: Partial<S3BlobStoreOptions>): S3BlobStore; keys(under: string): Promise<string[]> }> {
  const { client, bucket } = target;
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "shipyard-s3-temp-"));
  // S3's own minimum part size: the same tests then run unchanged against a real endpoint.
  const open = (more: Partial<S3BlobStoreOptions> = {}) =>
    createS3BlobStore({ client, bucket, prefix, staging: state, locks: createInProcessDigestLocks(), tempDir, tuning: { minPartSize: 5 * MiB }, ...extra, ...more });
  const keys = async (under: string) => {
    const found: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${under}`, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) found.push(object.Key.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort();
  };
  const s3 = open();
  return {
    store: s3,
    s3,
    state,
    open,
    keys,
    reopen: () => open(),
    blobPaths: () => keys("blobs/"),
    stagingOwners: async () => [...new Set((await keys("staging/")).map((key) => key.split("/")[1] ?? ""))].sort(),
    writeStray: async (relativePath, content) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${relativePath}`, Body: content }));
    },
    backdateBlob: (sha256, at) => state.markStored(sha256, at),
    backdateStaged: async (id, at) => {
      const record = await state.get(id);
      if (record) await state.compareAndSet(record.version, { ...record, modifiedAt: at });
    },
    awaitReceived: async (id, _size, source) => {
      // Bytes wait in the store's part buffer until the append ends: wait until the store has
      // created the record and read everything offered, then a moment for the copy into the buffer.
      while ((await state.get(id)) === null || source.readableLength > 0) await pause(1);
      await pause(20);
    },
    dispose: async () => {
      for (const key of await keys("")) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}${key}` }));
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

export const s3rverHarness = s3HarnessFactory("s3rver", true, async () => startS3rver());

// Read as the app reads S3_*: the same validation, so a typo fails loudly instead of skipping.
const external = process.env;
const externalConfig = readS3Config({
  S3_BUCKET: external.S3_TEST_BUCKET,
  S3_ENDPOINT: external.S3_TEST_ENDPOINT,
  S3_REGION: external.S3_TEST_REGION,
  S3_ACCESS_KEY_ID: external.S3_TEST_ACCESS_KEY_ID,
  S3_SECRET_ACCESS_KEY: external.S3_TEST_SECRET_ACCESS_KEY,
  S3_FORCE_PATH_STYLE: external.S3_TEST_FORCE_PATH_STYLE ?? "true",
});
export const externalS3Harness = s3HarnessFactory("S3_TEST_BUCKET", externalConfig !== null, async () => {
  if (!externalConfig) throw new Error("S3_TEST_BUCKET is not set");
  const client = createS3Client(externalConfig);
  return { client, bucket: externalConfig.bucket, stop: async () => client.destroy() };
});

/**
 * s3rver with the state and locks of several app servers: the uploads' records in a fresh
 * PostgreSQL database and the digests locked there (what the server uses on PostgreSQL).
 */
function s3rverOnPostgresHarness(): HarnessFactory {
  let s3: LoopbackS3 | null = null;
  return {
    name: "s3rver + PostgreSQL",
    available: POSTGRES_SERVER_URL !== "",
    setup: async () => {
      s3 = await startS3rver();
    },
    teardown: async () => {
      await s3?.stop();
      s3 = null;
    },
    create: async () => {
      if (!s3) throw new Error("s3rver + PostgreSQL: setup() did not run");
      const database = await freshPostgresDatabase();
      const prisma = await openPrisma(database.url);
      const locks = await createPostgresDigestLocks(database.url);
      const harness = await createS3Harness(s3, `run-${randomBytes(6).toString("hex")}/`, { locks }, prismaBlobStagingState(prisma, "postgresql"));
      return {
        ...harness,
        dispose: async () => {
          await harness.dispose();
          await locks.close();
          await prisma.$disconnect();
          await database.drop();
        },
      };
    },
  };
}

export const blobStoreHarnesses: HarnessFactory[] = [diskHarness, s3rverHarness, s3rverOnPostgresHarness(), externalS3Harness];

/** The loopback S3 for S3-only tests. */
export { type LoopbackS3, startS3rver };
