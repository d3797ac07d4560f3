import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, createMigration, diffMigrationsToSchema, migrationStatus } from "@/server/db/migrations";
import { AFTER_DELETING_R2, BACKFILLED, HISTORY_LABELS_QUERY, HISTORY_SEED, historyMigrationOf } from "../helpers/history-backfill";

// Real SQLite files and the real wasm schema engine. The engine is compiled once per test file;
// each call then only starts a cheap engine instance.

const repo = path.resolve(import.meta.dirname, "../..");
const real = {
  migrationsDir: path.join(repo, "prisma/migrations"),
  schemaPath: path.join(repo, "prisma/schema.prisma"),
};
const EXPECTED_TABLES = ["apps", "releases", "artifacts", "channels", "channel_history", "tokens", "audit_events", "users", "accounts", "sessions", "verification_tokens"];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "shipyard-migrations-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const fileUrl = (file: string) => `file:${file}`;

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const tables = (file: string) => query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);

async function migrationFolders(migrationsDir: string): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A scratch copy of prisma/schema.prisma and prisma/migrations that a test may change. */
async function copyProject(name: string) {
  const dir = path.join(tmp, name);
  const paths = { migrationsDir: path.join(dir, "migrations"), schemaPath: path.join(dir, "schema.prisma") };
  await mkdir(dir, { recursive: true });
  await cp(real.schemaPath, paths.schemaPath);
  await cp(real.migrationsDir, paths.migrationsDir, { recursive: true });
  return paths;
}

describe("migrations (wasm schema engine)", () => {
  it("applies every migration to an empty database, then does nothing", async () => {
    const folders = await migrationFolders(real.migrationsDir);
    expect(folders.length).toBeGreaterThan(0);
    const file = path.join(tmp, "fresh", "nested", "shipyard.db"); // parent dirs do not exist yet

    const first = await applyMigrations({ ...real, databaseUrl: fileUrl(file) });
    expect(first.applied).toEqual(folders);
    expect(tables(file)).toEqual(expect.arrayContaining([...EXPECTED_TABLES, "_prisma_migrations"]));

    const rows = query<{ migration_name: string; checksum: string; finished_at: string | null; rolled_back_at: string | null }>(
      file,
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = await readFile(path.join(real.migrationsDir, row.migration_name, "migration.sql"));
      // Prisma's checksum: SHA-256 of migration.sql, so `prisma migrate deploy` accepts these rows.
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }

    expect(await applyMigrations({ ...real, databaseUrl: fileUrl(file) })).toEqual({ applied: [] });
    expect(await migrationStatus({ ...real, databaseUrl: fileUrl(file) })).toMatchObject({
      pending: [],
      edited: [],
      failed: [],
      unknown: [],
      hasMigrationsTable: true,
    });
  });

  it("has migrations that match prisma/schema.prisma (the CI drift check)", async () => {
    expect(await diffMigrationsToSchema(real)).toEqual({ hasChanges: false, sql: "" });
  });

  it("detects drift and creates a migration that applies cleanly", async () => {
    const project = await copyProject("drift");
    await appendFile(project.schemaPath, '\nmodel Widget {\n  id    String @id\n  label String @map("widget_label")\n\n  @@map("widgets")\n}\n');

    const drift = await diffMigrationsToSchema(project);
    expect(drift.hasChanges).toBe(true);
    expect(drift.sql).toContain('CREATE TABLE "widgets"');
    expect(drift.sql).toContain('"widget_label" TEXT NOT NULL');

    const created = await createMigration({ ...project, name: "Add widgets" });
    expect(path.basename(created.dir!)).toMatch(/^\d{14}_add_widgets$/);
    expect(await readFile(path.join(created.dir!, "migration.sql"), "utf8")).toBe(drift.sql);
    expect(await diffMigrationsToSchema(project)).toEqual({ hasChanges: false, sql: "" });
    expect(await createMigration({ ...project, name: "nothing" })).toEqual({ dir: null, sql: "" });

    const file = path.join(tmp, "drift.db");
    const { applied } = await applyMigrations({ ...project, databaseUrl: fileUrl(file) });
    expect(applied).toEqual(await migrationFolders(project.migrationsDir));
    expect(applied.at(-1)).toBe(path.basename(created.dir!));
    expect(tables(file)).toContain("widgets");
  });

  it("keeps every channel history row and index through the history migration, labelled from its releases", async () => {
    const project = await copyProject("history-labels");
    const folder = await historyMigrationOf(project.migrationsDir);
    const aside = path.join(tmp, "history-labels-aside");
    await rename(path.join(project.migrationsDir, folder), aside);
    const file = path.join(tmp, "history-labels.db");
    const databaseUrl = fileUrl(file);
    await applyMigrations({ ...project, databaseUrl });
    const indexes = () => query<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'channel_history' ORDER BY name");
    const before = indexes();
    const write = new Database(file);
    try {
      for (const sql of HISTORY_SEED) write.exec(sql);
    } finally {
      write.close();
    }

    await rename(aside, path.join(project.migrationsDir, folder));
    expect((await applyMigrations({ ...project, databaseUrl })).applied).toEqual([folder]);
    expect(query(file, HISTORY_LABELS_QUERY)).toEqual(BACKFILLED);
    expect(indexes()).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(3);

    const db = new Database(file);
    try {
      db.pragma("foreign_keys = ON");
      db.exec(`DELETE FROM "releases" WHERE "id" = 'r2'`);
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
    expect(query(file, HISTORY_LABELS_QUERY)).toEqual(AFTER_DELETING_R2);
  });

  it("reports an applied migration whose file was edited afterwards", async () => {
    const project = await copyProject("edited");
    const databaseUrl = fileUrl(path.join(tmp, "edited.db"));
    await applyMigrations({ ...project, databaseUrl });
    const last = (await migrationFolders(project.migrationsDir)).at(-1)!;
    await appendFile(path.join(project.migrationsDir, last, "migration.sql"), "\n-- edited after deploy\n");

    expect(await migrationStatus({ ...project, databaseUrl })).toMatchObject({ edited: [last], failed: [], pending: [] });
  });

  it("fails on a broken migration, records it as failed and blocks later ones", async () => {
    const project = await copyProject("broken");
    const file = path.join(tmp, "broken.db");
    const databaseUrl = fileUrl(file);
    await applyMigrations({ ...project, databaseUrl });
    const addMigration = async (name: string, sql: string) => {
      await mkdir(path.join(project.migrationsDir, name));
      await writeFile(path.join(project.migrationsDir, name, "migration.sql"), sql);
    };
    await addMigration("29990101000000_broken", 'CREATE TABLE "oops" (;\n');
    await addMigration("29990101000001_later", 'CREATE TABLE "later" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    expect((await migrationStatus({ ...project, databaseUrl })).pending).toEqual(["29990101000000_broken", "29990101000001_later"]);

    const failure = applyMigrations({ ...project, databaseUrl });
    await expect(failure).rejects.toThrow(Error);
    await expect(failure).rejects.toThrow(/Applying migrations failed.*syntax error[\s\S]*29990101000000_broken/);
    // Like `prisma migrate deploy`: a failed migration must be resolved before anything else applies.
    await expect(applyMigrations({ ...project, databaseUrl })).rejects.toThrow(/Applying migrations failed \(P3009\)[\s\S]*29990101000000_broken/);

    expect(await migrationStatus({ ...project, databaseUrl })).toMatchObject({
      failed: ["29990101000000_broken"],
      pending: ["29990101000001_later"],
    });
    expect(tables(file)).not.toContain("later");
  });

  it("reports every migration as pending on a missing or empty database, without creating it", async () => {
    const expected = { pending: await migrationFolders(real.migrationsDir), hasMigrationsTable: false };
    const missing = path.join(tmp, "missing", "none.db");
    expect(await migrationStatus({ ...real, databaseUrl: fileUrl(missing) })).toMatchObject(expected);
    await expect(readdir(path.dirname(missing))).rejects.toThrow();

    const empty = path.join(tmp, "empty.db");
    new Database(empty).close();
    expect(await migrationStatus({ ...real, databaseUrl: fileUrl(empty) })).toMatchObject(expected);
  });

  // The engine sees only an id when the driver fails; the error must carry the driver's own cause
  // (this is how a native addon built for another Node version showed up: "External error id#0").
  it("names the driver's own error when SQLite cannot open the database", async () => {
    const notAFile = path.join(tmp, "a-directory.db");
    await mkdir(notAFile);
    const failure = applyMigrations({ ...real, databaseUrl: fileUrl(notAFile) });
    await expect(failure).rejects.toThrow(/^Applying migrations failed \(SQLITE_CANTOPEN\): unable to open database file$/);
    await expect(failure).rejects.not.toThrow(/External error/);
  });
});
