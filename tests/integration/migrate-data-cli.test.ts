// `shipyard migrate-data --from <dir>` as an operator runs it: the real CLI (bin/shipyard.mjs) in
// a child process, configured for PostgreSQL and an s3rver bucket by its environment alone, moving
// a SQLite + disk data dir over; run again on the filled database it refuses, writing nothing.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrations";
import { createApp } from "@/server/services/apps";
import { publishRelease } from "@/server/services/releases";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import { createPrismaStore } from "@/server/store/prisma";
import { createS3Harness, type LoopbackS3, startS3rver } from "../helpers/blob-store-harness";
import { freshPostgresDatabase, POSTGRES_SERVER_URL } from "../helpers/stores";

const ROOT = path.resolve(import.meta.dirname, "../..");

function shipyard(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _d, DATA_DIR: _data, ...inherited } = process.env;
    const child = spawn(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), ...args], { cwd: ROOT, env: { ...inherited, ...env } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe.skipIf(!POSTGRES_SERVER_URL)("shipyard migrate-data", () => {
  let s3: LoopbackS3;
  let oldDir: string;
  let newDir: string;
  let target: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let bytes: Buffer;

  beforeAll(async () => {
    s3 = await startS3rver("shipyard-moved");
    oldDir = mkdtempSync(path.join(tmpdir(), "shipyard-old-"));
    newDir = mkdtempSync(path.join(tmpdir(), "shipyard-new-"));
    // An old installation: its database, one release with a file on disk, its generated secret.
    const url = `file:${path.join(oldDir, "shipyard.db")}`;
    await applyMigrations({ databaseUrl: url });
    const prisma = await openPrisma(url);
    const store = createPrismaStore(prisma);
    bytes = randomBytes(200_000);
    const stored = await createLocalBlobStore(oldDir).putBytes(bytes, { maxBytes: bytes.length });
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "moved", displayName: "Moved", visibility: "public", bundleIds: { android_apk: "com.example.moved" } });
    await publishRelease(store, SYSTEM_ACTOR, app.id, {
      version: "1.0.0",
      build: "1",
      channel: "stable",
      promote: true,
      artifacts: [{ platform: "android_apk", filename: "moved.apk", sizeBytes: bytes.length, sha256: stored.sha256, validationStatus: "valid", metadata: {} }],
    });
    await prisma.$disconnect();
    writeFileSync(path.join(oldDir, "auth-secret"), "an-old-generated-secret-0123456789abcdef\n");
    // The new database exists, empty (no migration applied): the command migrates it.
    const empty = await freshPostgresDatabase();
    target = empty;
  });

  afterAll(async () => {
    await target?.drop();
    await s3?.stop();
    rmSync(oldDir, { recursive: true, force: true });
    rmSync(newDir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: newDir,
    DATABASE_URL: target.url,
    AUTH_SECRET: "the-new-servers-share-this-secret-0123456789",
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
  });

  it("moves the rows into PostgreSQL and the files into the bucket, and says to keep the old secret", async () => {
    const run = await shipyard(["migrate-data", "--from", oldDir], env());
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Files: 1 copied \(200000 bytes\), 0 already there/);
    expect(run.output).toContain(path.join(oldDir, "auth-secret"));
    const prisma = await openPrisma(target.url);
    try {
      const store = createPrismaStore(prisma, "postgresql");
      const app = await store.apps.getBySlug("moved");
      const [release] = (await store.releases.listByApp(app?.id ?? "", { limit: 10 })).items;
      expect(release).toMatchObject({ version: "1.0.0", build: "1" });
      const [artifact] = await store.artifacts.listByRelease(release?.id ?? "");
      const harness = await createS3Harness(s3, "");
      const chunks: Buffer[] = [];
      for await (const chunk of await harness.store.open(artifact?.sha256 ?? "")) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("refuses a database that is not empty, and a missing data dir, with the documented exit codes", async () => {
    const again = await shipyard(["migrate-data", "--from", oldDir], env());
    expect(again.code).toBe(6);
    expect(again.output).toMatch(/already holds \d+ rows/);
    const missing = await shipyard(["migrate-data", "--from", path.join(oldDir, "nope")], env());
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/does not exist/);
    const usage = await shipyard(["migrate-data"], env());
    expect(usage.code).toBe(2);
  });
});
