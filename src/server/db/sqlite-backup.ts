import Database from "better-sqlite3";

// SQLite's online backup API: a consistent copy of a database that other connections keep reading
// and writing meanwhile (it restarts its page copy when a writer changes a page it already copied).
// A PostgreSQL deployment backs up with its own tools (pg_dump, base backups) instead.

/** Copies the database file `source` into `destination` (which must not exist) while it is in use. */
export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
}

/** The file behind a `file:` DATABASE_URL, or null for anything else (not a SQLite file). */
export function sqliteFileOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith("file:")) return null;
  const file = databaseUrl.slice("file:".length).replace(/\?.*$/, "");
  return file === "" || file === ":memory:" ? null : file;
}
