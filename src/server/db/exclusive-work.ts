import { databaseKindOf, postgresPoolConfig } from "./database-kind";

/**
 * Runs background work (the janitor) on one app server at a time. Whoever holds the named lock
 * runs; the others skip this round rather than queue, since the holder does the same work.
 * Resolves to whether fn ran.
 */
export type RunExclusively = (name: string, fn: () => Promise<void>) => Promise<boolean>;

/** SQLite has one server process: everything runs. PostgreSQL: a session advisory lock, tried once. */
export function exclusiveWork(databaseUrl: string): RunExclusively {
  if (databaseKindOf(databaseUrl) !== "postgresql") {
    return async (_name, fn) => {
      await fn();
      return true;
    };
  }
  return async (name, fn) => {
    const { default: pg } = await import("pg");
    // Its own connection: a session lock must be released on the session that took it, and a
    // server that dies mid-run loses the session, and with it the lock.
    const client = new pg.Client(postgresPoolConfig(databaseUrl));
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [name]);
      if (!rows[0]?.locked) return false;
      try {
        await fn();
        return true;
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
      }
    } finally {
      await client.end();
    }
  };
}
