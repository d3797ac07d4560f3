// Moving an installation: every row of a SQLite database into an empty PostgreSQL one (one
// transaction), every file of a disk store into an S3 bucket (checked against its digest), so the
// new backends read exactly what the old ones held.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { PrismaClient } from "@/generated/prisma/client";
import { openPrisma } from "@/server/db/client";
import { copyTables, countRows, tablesNotCopied } from "@/server/db/copy-tables";
import { createApp } from "@/server/services/apps";
import { copyBlobs } from "@/server/services/blob-copy";
import { deleteRelease } from "@/server/services/release-admin";
import { publishRelease } from "@/server/services/releases";
import { createUploadSession } from "@/server/services/uploads";
import { createUser } from "@/server/services/users";
import { createLocalBlobStore } from "@/server/storage/local-disk";
import type { BlobStore } from "@/server/storage/types";
import { createPrismaStore } from "@/server/store/prisma";
import { createS3Harness, type LoopbackS3, startS3rver } from "../helpers/blob-store-harness";
import { freshPostgresDatabase, freshSqliteFile, POSTGRES_SERVER_URL } from "../helpers/stores";

describe.skipIf(!POSTGRES_SERVER_URL)("migrate-data: SQLite and disk into PostgreSQL and S3", () => {
  let s3: LoopbackS3;
  let sourceDir: string;
  let source: PrismaClient;
  let target: PrismaClient;
  let dropTarget: () => Promise<void>;
  let disk: BlobStore;
  const digests: { sha256: string; bytes: Buffer }[] = [];

  beforeAll(async () => {
    s3 = await startS3rver("shipyard-migrate");
    sourceDir = mkdtempSync(path.join(tmpdir(), "shipyard-migrate-"));
    const { file } = await freshSqliteFile();
    source = await openPrisma(`file:${file}`);
    const database = await freshPostgresDatabase();
    target = await openPrisma(database.url);
    dropTarget = database.drop;
    disk = createLocalBlobStore(sourceDir);

    // An installation with a bit of everything: users, an app, releases on a channel (one deleted
    // since: its history rows stay), an upload whose inspection is still NULL (a JSON column),
    // the audit trail, and files on disk.
    const store = createPrismaStore(source);
    await createUser(store, SYSTEM_ACTOR, { email: "ops@example.com", password: "a long enough password", role: "admin" });
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    const published: string[] = [];
    for (const build of [1, 2]) {
      const bytes = randomBytes(300_000 + build);
      const stored = await disk.putBytes(bytes, { maxBytes: bytes.length });
      digests.push({ sha256: stored.sha256, bytes });
      const { release } = await publishRelease(store, SYSTEM_ACTOR, app.id, {
        version: `1.${build}.0`,
        build: `${build}`,
        channel: "stable",
        promote: true,
        notes: "Keys *stay* in order",
        artifacts: [
          { platform: "android_apk", filename: `hello-${build}.apk`, sizeBytes: bytes.length, sha256: stored.sha256, validationStatus: "valid", metadata: { zeta: 1, alpha: { nested: [build] } } },
        ],
      });
      published.push(release.id);
    }
    // 1.1.0 goes; stable's history keeps its moves, with a null release id and its label.
    await deleteRelease(store, SYSTEM_ACTOR, published[0] ?? "");
    const bytes = randomBytes(1000);
    await createUploadSession({ store, blobs: disk, maxUploadBytes: 10_000_000, sessionTtlMs: 60_000 }, SYSTEM_ACTOR, {
      app: app.slug,
      filename: "pending.apk",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  });

  afterAll(async () => {
    await source?.$disconnect();
    await target?.$disconnect();
    await dropTarget?.();
    await s3?.stop();
    rmSync(sourceDir, { recursive: true, force: true });
  });

  it("copies every table, leaving none of the schema out", async () => {
    expect(tablesNotCopied(source)).toEqual([]);
    expect(await countRows(target)).toBe(0);
    const rows = await target.$transaction((tx) => copyTables(source, tx as unknown as PrismaClient));
    expect(rows).toMatchObject({ user: 1, app: 1, release: 1, artifact: 1, channel: 3, channelHistory: 2, uploadSession: 1 });
    expect(await countRows(target)).toBe(await countRows(source));

    const store = createPrismaStore(target, "postgresql");
    const app = await store.apps.getBySlug("hello");
    const stable = (await store.channels.listByApp(app?.id ?? "")).find((c) => c.name === "stable");
    const history = (await store.channels.listHistory(stable?.id ?? "", { limit: 10 })).items;
    expect(history.map((h) => [h.releaseId === null, h.releaseLabel, h.fromReleaseId, h.fromReleaseLabel])).toEqual([
      [false, { version: "1.2.0", build: "2" }, null, { version: "1.1.0", build: "1" }],
      [true, { version: "1.1.0", build: "1" }, null, null],
    ]);
    const current = await store.releases.getById(stable?.currentReleaseId ?? "");
    expect(current).toMatchObject({ version: "1.2.0", notes: "Keys *stay* in order" });
    const [artifact] = await store.artifacts.listByRelease(current?.id ?? "");
    expect(Object.keys(artifact?.metadata ?? {})).toEqual(["zeta", "alpha"]);
    expect((await store.audit.list({}, { limit: 100 })).items.length).toBe((await createPrismaStore(source).audit.list({}, { limit: 100 })).items.length);
  });

  it("copies every file into the bucket, verified, and skips what is there on a second run", async () => {
    const harness = await createS3Harness(s3, "migrated/");
    const first = await copyBlobs(disk, harness.store);
    expect(first).toEqual({ copied: 2, present: 0, bytes: digests.reduce((sum, d) => sum + d.bytes.length, 0) });
    for (const { sha256, bytes } of digests) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await harness.store.open(sha256)) as Readable) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    }
    expect(await copyBlobs(disk, harness.store)).toEqual({ copied: 0, present: 2, bytes: 0 });
    await harness.dispose();
  });
});
