import { stat } from "node:fs/promises";
import path from "node:path";
import { pendingMigrations, readMigrationsList } from "./migrations";
import { sqliteFilePath } from "./schema-engine";

// What the admin's health page says about the database. The SQLite-specific part (a file, and a
// write-ahead log beside it) stays in this folder; callers see sizes and migration names only.

export interface DatabaseFacts {
  /** The database file plus its write-ahead log: what it takes on disk now. Null when there is no file (in memory). */
  sizeBytes: number | null;
  /** Part of sizeBytes still in the write-ahead log (folded into the file at checkpoints). */
  walBytes: number;
  migrations: {
    /** Migration folders this build ships. */
    available: number;
    /** Of those, recorded as finished in the database. */
    applied: number;
    /** Shipped but not applied, in the order they would run. */
    pending: string[];
  };
}

export async function readDatabaseFacts(databaseUrl: string, migrationsDir?: string): Promise<DatabaseFacts> {
  const file = sqliteFilePath(databaseUrl);
  const [main, wal, all, pending] = await Promise.all([
    file ? sizeOrNull(file) : null,
    file ? sizeOrNull(`${file}-wal`) : null,
    readMigrationsList(path.resolve(migrationsDir ?? "prisma/migrations")),
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
