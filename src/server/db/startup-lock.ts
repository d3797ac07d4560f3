import { databaseKindOf, postgresPoolConfig } from "./database-kind";

// Several app servers may start at once against one PostgreSQL database; migrating and creating
// the first admin must happen once. A session-level advisory lock on a dedicated connection
// serializes their start-ups (the others wait, then find nothing pending). SQLite has one server.
const STARTUP_LOCK_KEY = "shipyard:startup";

export async function withStartupLock<T>(databaseUrl: string, run: () => Promise<T>): Promise<T> {
  if (databaseKindOf(databaseUrl) !== "postgresql") return run();
  const { default: pg } = await import("pg");
  const client = new pg.Client(postgresPoolConfig(databaseUrl));
  // Losing the session loses the lock; the start-up's own queries report that, not a stray event.
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [STARTUP_LOCK_KEY]);
    return await run();
  } finally {
    // Closing the session releases the lock too; unlocking first frees it without waiting for that.
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [STARTUP_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
