import { databaseKindOf } from "./database-kind";
import { withPostgresClient } from "./postgres-client";

// Several app servers may start at once against one PostgreSQL database; migrating and creating
// the first admin must happen once. A session-level advisory lock on a dedicated connection
// serializes their start-ups (the others wait, then find nothing pending). SQLite has one server.
const STARTUP_LOCK_KEY = "shipyard:startup";

export async function withStartupLock<T>(databaseUrl: string, run: () => Promise<T>): Promise<T> {
  if (databaseKindOf(databaseUrl) !== "postgresql") return run();
  // The lock lives as long as this client's session: losing the session loses the lock, and the
  // start-up's own queries report that.
  return withPostgresClient(databaseUrl, async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [STARTUP_LOCK_KEY]);
    try {
      return await run();
    } finally {
      // Closing the session releases the lock too; unlocking first frees it without waiting for that.
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [STARTUP_LOCK_KEY]).catch(() => {});
    }
  });
}
