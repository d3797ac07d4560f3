import { stat } from "node:fs/promises";
import path from "node:path";
import type { DatabaseFacts } from "@/domain/database-facts";
import { databaseKindOf, MIGRATIONS_DIR } from "./database-kind";
import { pendingMigrations, readMigrationsList } from "./migrations";
import { withPostgresClient } from "./postgres-client";
import { sqliteFilePath } from "./schema-engine";

// What the admin's health page says about the database (DatabaseFacts). The SQLite-specific part (a
// file, and a write-ahead log beside it) stays in this folder; callers see sizes and migration names only.

export async function readDatabaseFacts(databaseUrl: string, migrationsDir?: string): Promise<DatabaseFacts> {
  const kind = databaseKindOf(databaseUrl);
  const file = kind === "sqlite" ? sqliteFilePath(databaseUrl) : null;
  const [main, wal, all, pending] = await Promise.all([
    kind === "postgresql" ? postgresDatabaseSize(databaseUrl) : file ? sizeOrNull(file) : null,
    file ? sizeOrNull(`${file}-wal`) : null,
    readMigrationsList(path.resolve(migrationsDir ?? MIGRATIONS_DIR[kind])),
    // A plain read-only query, not the schema engine, which would lock the database.
    pendingMigrations(databaseUrl, migrationsDir),
  ]);
  const available = all.migrationDirectories.length;
  return {
    sizeBytes: main === null ? null : main + (wal ?? 0),
    walBytes: wal ?? 0,
    migrations: { available, applied: available - pending.length, pending },
  };
}

/** A missing file (no database yet, or no write-ahead log since the last checkpoint) is null. */
async function sizeOrNull(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** What the database takes on the PostgreSQL server (its write-ahead log is the server's, shared, not counted). */
async function postgresDatabaseSize(databaseUrl: string): Promise<number> {
  const { rows } = await withPostgresClient(databaseUrl, (client) => client.query<{ size: string }>("SELECT pg_database_size(current_database()) AS size"));
  return Number(rows[0]?.size ?? 0);
}
