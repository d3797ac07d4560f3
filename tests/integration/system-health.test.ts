// The Settings and health figures on real things: a migrated SQLite file, a blob store in a temp
// dir with stored and staged bytes, and a janitor log written the way the janitor writes it.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createCaller } from "@/server/api/root";
import { readDatabaseFacts } from "@/server/db/database-facts";
import { createJanitorLog } from "@/server/services/janitor-log";
import { getSystemHealth, type SystemHealthDeps } from "@/server/services/system-health";
import { createUser } from "@/server/services/users";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore & { file: string };
let dir: string;

beforeEach(async () => {
  t = await sqliteStore();
  dir = mkdtempSync(path.join(tmpdir(), "shipyard-health-"));
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const bytes = (n: number, fill: number) => Readable.from([Buffer.alloc(n, fill)]);

function deps(overrides: Partial<SystemHealthDeps> = {}): SystemHealthDeps {
  return {
    publicUrl: "http://localhost:3000",
    blobs: createLocalBlobStore(dir),
    readDatabase: () => readDatabaseFacts(`file:${t.file}`),
    janitor: createJanitorLog(),
    version: "9.9.9",
    nodeVersion: "20.0.0",
    ...overrides,
  };
}

describe("system health", () => {
  it("adds up stored and staged bytes through the blob store, a duplicate counted once", async () => {
    const blobs = createLocalBlobStore(dir);
    await blobs.put(bytes(1000, 1), { maxBytes: 1 << 20 });
    await blobs.put(bytes(2500, 2), { maxBytes: 1 << 20 });
    await blobs.put(bytes(1000, 1), { maxBytes: 1 << 20 }); // same digest: deduplicated
    await blobs.append("upload-0001", bytes(300, 3), { offset: 0, maxBytes: 1 << 20 });

    const health = await getSystemHealth(deps({ blobs }));
    expect(health.storage).toEqual({ blobs: { count: 2, bytes: 3500 }, staging: { count: 1, bytes: 300 } });
  });

  it("reports an empty data dir as zero, not as an error", async () => {
    const health = await getSystemHealth(deps({ blobs: createLocalBlobStore(path.join(dir, "never-created")) }));
    expect(health.storage).toEqual({ blobs: { count: 0, bytes: 0 }, staging: { count: 0, bytes: 0 } });
  });

  it("gives the database size on disk and every shipped migration as applied", async () => {
    await createUser(t.store, SYSTEM_ACTOR, { email: "a@example.com", password: "correct horse battery", role: "admin" });
    const health = await getSystemHealth(deps());
    const onDisk = statSync(t.file).size + (statSync(`${t.file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    expect(health.database.sizeBytes).toBe(onDisk);
    expect(health.database.sizeBytes).toBeGreaterThan(0);
    const { migrations } = health.database;
    expect(migrations.available).toBeGreaterThan(0);
    expect(migrations).toEqual({ available: migrations.available, applied: migrations.available, pending: [] });
  });

  it("lists a migration the database has not applied yet as pending", async () => {
    const migrationsDir = path.join(dir, "migrations");
    cpSync(path.resolve("prisma/migrations"), migrationsDir, { recursive: true });
    mkdirSync(path.join(migrationsDir, "29991231000000_future"));
    writeFileSync(path.join(migrationsDir, "29991231000000_future", "migration.sql"), "CREATE TABLE future (id TEXT);\n");
    const facts = await readDatabaseFacts(`file:${t.file}`, migrationsDir);
    expect(facts.migrations.pending).toEqual(["29991231000000_future"]);
    expect(facts.migrations.applied).toBe(facts.migrations.available - 1);
  });

  it("has no database size when there is no database file", async () => {
    const facts = await readDatabaseFacts(`file:${path.join(dir, "missing.db")}`);
    expect(facts.sizeBytes).toBeNull();
    expect(facts.migrations.applied).toBe(0);
  });

  it("says whether iOS can install from PUBLIC_URL", async () => {
    expect((await getSystemHealth(deps())).publicUrl).toMatchObject({ https: false, loopback: true, iosInstallReady: false });
    expect((await getSystemHealth(deps({ publicUrl: "https://127.0.0.1:8443" }))).publicUrl).toMatchObject({ https: true, iosInstallReady: false });
    expect((await getSystemHealth(deps({ publicUrl: "https://apps.example.com" }))).publicUrl).toMatchObject({ https: true, iosInstallReady: true });
  });

  it("shows the janitor's last run with each task's counts, and a failure in words without database internals", async () => {
    const janitor = createJanitorLog();
    expect((await getSystemHealth(deps({ janitor }))).janitor).toBeNull();

    const first = janitor.begin({ hourly: true, startedAt: new Date("2026-12-01T10:00:00Z") });
    await first.task(
      "expire-upload-sessions",
      async () => 2,
      (expired) => ({ expired }),
    );
    await first.task(
      "collect-blobs",
      async () => ({ scanned: 5, removed: 1, removedBytes: 42 }),
      (gc) => gc,
    );
    first.finish(new Date("2026-12-01T10:00:03Z"));
    const health = await getSystemHealth(deps({ janitor, version: "1.2.3", nodeVersion: "22.1.0" }));
    expect(health.janitor).toEqual({
      startedAt: new Date("2026-12-01T10:00:00Z"),
      finishedAt: new Date("2026-12-01T10:00:03Z"),
      hourly: true,
      tasks: [
        { task: "expire-upload-sessions", counts: { expired: 2 }, error: null },
        { task: "collect-blobs", counts: { scanned: 5, removed: 1, removedBytes: 42 }, error: null },
      ],
    });
    expect([health.version, health.nodeVersion]).toEqual(["1.2.3", "22.1.0"]);

    const second = janitor.begin({ hourly: false, startedAt: new Date() });
    const failure = new Error("Invalid `prisma.uploadSession.findMany()` invocation: no such column: expires_at");
    await expect(
      second.task(
        "expire-upload-sessions",
        () => Promise.reject(failure),
        () => ({}),
      ),
    ).rejects.toBe(failure);
    const last = janitor.lastRun();
    expect(last?.finishedAt).not.toBeNull();
    expect(last?.tasks[0]?.error).toMatch(/database error/);
    expect(last?.tasks[0]?.error).not.toMatch(/expires_at|prisma/);
  });

  it("answers settings.health to admins only, from the server's own data dir", async () => {
    const dataDir = path.join(dir, "data");
    mkdirSync(dataDir);
    copyFileSync(t.file, path.join(dataDir, "shipyard.db"));
    vi.stubEnv("DATA_DIR", dataDir);
    vi.stubEnv("PUBLIC_URL", "https://apps.example.com");
    const admin = await createUser(t.store, SYSTEM_ACTOR, { email: "a@example.com", password: "correct horse battery", role: "admin" });
    await expect(createCaller(trpcContext(t.store, null)).settings.health()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const health = await createCaller(trpcContext(t.store, admin)).settings.health();
    expect(health.publicUrl.iosInstallReady).toBe(true);
    expect(health.storage.blobs).toEqual({ count: 0, bytes: 0 });
    expect(health.database.sizeBytes).toBeGreaterThan(0);
    expect(health.database.migrations.pending).toEqual([]);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
