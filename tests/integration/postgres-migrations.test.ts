// PostgreSQL's migrations, through the real wasm schema engine on the test PostgreSQL server:
// they match the schema derived from prisma/schema.prisma (the drift check for this provider),
// apply to an empty database once, report what is pending without the engine, create a new
// migration on a shadow database that is dropped afterwards, and serialize concurrent start-ups.
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { QueryResultRow } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigration, diffMigrationsToSchema, applyMigrations, migrationStatus, pendingMigrations } from "@/server/db/migrations";
import { withPostgresClient } from "@/server/db/postgres-client";
import { withStartupLock } from "@/server/db/startup-lock";
import { AFTER_DELETING_R2, BACKFILLED, HISTORY_LABELS_QUERY, HISTORY_SEED, historyMigrationOf } from "../helpers/history-backfill";
import { POSTGRES_SERVER_URL } from "../helpers/stores";

const repo = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS = path.join(repo, "prisma/migrations-postgresql");

async function onServer<T extends QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return (await withPostgresClient(url, (client) => client.query<T>(sql))).rows;
}

const databases = async () => (await onServer<{ datname: string }>(POSTGRES_SERVER_URL, "SELECT datname FROM pg_database")).map((r) => r.datname);

async function emptyDatabase(): Promise<string> {
  const name = `shipyard_migrations_${Math.random().toString(36).slice(2)}`;
  await onServer(POSTGRES_SERVER_URL, `CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

describe.skipIf(!POSTGRES_SERVER_URL)("PostgreSQL migrations", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "shipyard-pg-migrations-"));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("match the schema derived from prisma/schema.prisma (the drift check), leaving no shadow database behind", async () => {
    const before = await databases();
    const drift = await diffMigrationsToSchema({ kind: "postgresql", databaseUrl: POSTGRES_SERVER_URL });
    expect(drift.sql).toBe("");
    expect(drift.hasChanges).toBe(false);
    expect((await databases()).filter((name) => name.startsWith("shipyard_shadow_"))).toEqual(before.filter((name) => name.startsWith("shipyard_shadow_")));
  });

  it("apply once to an empty database, keep json columns as json, and report nothing pending", async () => {
    const url = await emptyDatabase();
    const shipped = (await readdir(MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(await pendingMigrations(url)).toEqual(shipped.sort());
    expect((await applyMigrations({ databaseUrl: url })).applied).toEqual(shipped.sort());
    expect((await applyMigrations({ databaseUrl: url })).applied).toEqual([]);
    expect(await pendingMigrations(url)).toEqual([]);
    expect(await migrationStatus({ databaseUrl: url })).toMatchObject({ pending: [], failed: [], edited: [], unknown: [], hasMigrationsTable: true });
    const types = await onServer<{ data_type: string }>(url, "SELECT data_type FROM information_schema.columns WHERE table_name = 'artifacts' AND column_name = 'metadata'");
    expect(types).toEqual([{ data_type: "json" }]);
    // json (not jsonb) gives back keys in the order they were written.
    const [row] = await onServer<{ doc: unknown }>(url, `SELECT '{"zeta":1,"alpha":2}'::json AS doc`);
    expect(Object.keys(row?.doc as object)).toEqual(["zeta", "alpha"]);
  });

  it("keep every channel history row and index through the history migration, labelled from its releases", async () => {
    const dir = path.join(tmp, "history-labels");
    await cp(MIGRATIONS, dir, { recursive: true });
    const folder = await historyMigrationOf(dir);
    const aside = path.join(tmp, "history-labels-aside");
    await rename(path.join(dir, folder), aside);
    const url = await emptyDatabase();
    await applyMigrations({ databaseUrl: url, migrationsDir: dir });
    const indexes = () => onServer<{ indexname: string }>(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'channel_history' ORDER BY indexname");
    const before = await indexes();
    for (const sql of HISTORY_SEED) await onServer(url, sql);

    await rename(aside, path.join(dir, folder));
    expect((await applyMigrations({ databaseUrl: url, migrationsDir: dir })).applied).toEqual([folder]);
    expect(await onServer(url, HISTORY_LABELS_QUERY)).toEqual(BACKFILLED);
    expect(await indexes()).toEqual(before);
    await onServer(url, `DELETE FROM "releases" WHERE "id" = 'r2'`);
    expect(await onServer(url, HISTORY_LABELS_QUERY)).toEqual(AFTER_DELETING_R2);
  });

  it("creates the next migration from a schema change, in its own folder with the provider's lockfile", async () => {
    const dir = path.join(tmp, "migrations");
    await cp(MIGRATIONS, dir, { recursive: true });
    const schemaPath = path.join(tmp, "schema.prisma");
    const schema = await readFile(path.join(repo, "prisma/schema.prisma"), "utf8");
    await writeFile(schemaPath, schema.replace("  lastSignInAt  ", "  nickname      String?\n  lastSignInAt  "));
    const created = await createMigration({ name: "add nickname", kind: "postgresql", databaseUrl: POSTGRES_SERVER_URL, migrationsDir: dir, schemaPath });
    expect(created.dir).toMatch(/_add_nickname$/);
    expect(created.sql).toContain('ALTER TABLE "users" ADD COLUMN     "nickname" TEXT');
    expect(await readFile(path.join(dir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    expect((await diffMigrationsToSchema({ kind: "postgresql", databaseUrl: POSTGRES_SERVER_URL, migrationsDir: dir, schemaPath })).hasChanges).toBe(false);
  });

  it("lets one start-up at a time through the startup lock", async () => {
    const url = await emptyDatabase();
    const events: string[] = [];
    const startUp = (name: string) =>
      withStartupLock(url, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
      });
    await Promise.all([startUp("a"), startUp("b"), startUp("c")]);
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace("in", "out"));
  });
});
