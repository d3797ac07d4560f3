// The S3 store's staging state in the database, against the in-memory one it replaces: records
// round-trip exactly (sizes past 2 GiB, part lists in order), a write is a compare-and-set that one
// of two racing servers wins, listings page, and "stored at" dates are set, moved and forgotten.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryS3StagingState } from "@/server/storage/s3/memory-staging-state";
import type { S3StagingRecord, S3StagingState } from "@/server/storage/s3/staging-state";
import { prismaBlobStagingState } from "@/server/store/prisma/blob-staging-state";
import type { PrismaClient } from "@/generated/prisma/client";
import { openPrisma } from "@/server/db/client";
import { freshPostgresDatabase, freshSqliteFile, POSTGRES_SERVER_URL } from "../helpers/stores";

type Opened = { state: S3StagingState; second: () => Promise<S3StagingState>; close(): Promise<void> };

const KINDS: { kind: string; open: () => Promise<Opened> }[] = [
  {
    kind: "memory",
    open: async () => {
      const state = new MemoryS3StagingState();
      return { state, second: async () => state, close: async () => {} };
    },
  },
  {
    kind: "sqlite",
    open: async () => {
      const { file } = await freshSqliteFile();
      const client = await openPrisma(`file:${file}`);
      // SQLite serves one app server: its racing writers are two requests on one client.
      return {
        state: prismaBlobStagingState(client, "sqlite"),
        second: async () => prismaBlobStagingState(client, "sqlite"),
        close: () => client.$disconnect(),
      };
    },
  },
  ...(POSTGRES_SERVER_URL
    ? [
        {
          kind: "postgresql",
          open: async (): Promise<Opened> => {
            const database = await freshPostgresDatabase();
            const clients = [await openPrisma(database.url)];
            return {
              state: prismaBlobStagingState(clients[0] as PrismaClient, "postgresql"),
              second: async () => {
                const client = await openPrisma(database.url);
                clients.push(client);
                return prismaBlobStagingState(client, "postgresql");
              },
              close: async () => {
                await Promise.all(clients.map((c) => c.$disconnect()));
                await database.drop();
              },
            };
          },
        },
      ]
    : []),
];

const record = (id: string, changes: Partial<S3StagingRecord> = {}): S3StagingRecord => ({
  id,
  version: 1,
  objectKey: `staging/${id}/assembled-1`,
  partSize: 8 * 1024 * 1024,
  uploadId: null,
  nextPartNumber: 1,
  parts: [],
  tailKey: null,
  tailSize: 0,
  size: 0,
  hashState: "AAAA",
  assembled: false,
  createdAt: new Date("2026-12-07T10:00:00.000Z"),
  modifiedAt: new Date("2026-12-07T10:00:00.000Z"),
  ...changes,
});

describe.each(KINDS)("S3 staging state: $kind", ({ open }) => {
  let db: Opened;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it("round-trips a record exactly, sizes past 2 GiB and parts in order included", async () => {
    const big = record("up-1", {
      uploadId: "mpu-1",
      nextPartNumber: 4,
      parts: [
        { number: 1, size: 2 ** 31, etag: '"a"' },
        { number: 3, size: 2 ** 31, etag: '"c"' },
      ],
      tailKey: "staging/up-1/tail-7",
      tailSize: 12,
      size: 2 ** 32 + 12,
      assembled: true,
    });
    expect(await db.state.create(big)).toBe(true);
    expect(await db.state.get("up-1")).toEqual(big);
    expect(await db.state.get("missing")).toBeNull();
    // A second insert of the same id is refused, not an error.
    expect(await db.state.create(record("up-1"))).toBe(false);
    expect(await db.state.get("up-1")).toEqual(big);
  });

  it("writes only over the version read: one of two servers racing wins", async () => {
    await db.state.create(record("up-2"));
    const other = await db.second();
    const [a, b] = await Promise.all([db.state.compareAndSet(1, record("up-2", { version: 2, size: 10 })), other.compareAndSet(1, record("up-2", { version: 2, size: 20 }))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const now = await db.state.get("up-2");
    expect(now?.version).toBe(2);
    expect(now?.size).toBe(a ? 10 : 20);
    expect(await db.state.compareAndSet(1, record("up-2", { version: 2 }))).toBe(false);
    expect(await db.state.compareAndSet(1, record("gone", { version: 2 }))).toBe(false);
    await db.state.delete("up-2");
    await db.state.delete("up-2");
    expect(await db.state.get("up-2")).toBeNull();
  });

  it("lists every record, past a page", async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `up-${String(i).padStart(3, "0")}`);
    for (const id of ids) await db.state.create(record(id));
    const listed: string[] = [];
    for await (const r of db.state.list()) listed.push(r.id);
    expect(listed.sort()).toEqual(ids);
  });

  it("keeps when each digest was last stored", async () => {
    const digest = "ab".repeat(32);
    expect(await db.state.storedAt(digest)).toBeNull();
    await db.state.markStored(digest, new Date("2026-12-07T10:00:00.000Z"));
    await db.state.markStored(digest, new Date("2026-12-07T09:00:00.000Z"));
    expect(await db.state.storedAt(digest)).toEqual(new Date("2026-12-07T09:00:00.000Z"));
    await db.state.forgetStored(digest);
    await db.state.forgetStored(digest);
    expect(await db.state.storedAt(digest)).toBeNull();
  });
});
