import { databaseKindOf, postgresPoolConfig } from "./database-kind";

/**
 * Runs background work (the janitor) on one app server only. Resolves to whether fn ran here.
 */
export interface ExclusiveWork {
  run(fn: () => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

/** SQLite has one server process: everything runs there. */
const everythingRunsHere: ExclusiveWork = {
  async run(fn) {
    await fn();
    return true;
  },
  close: async () => {},
};

/**
 * PostgreSQL: leader election with a session advisory lock. The first server to take the lock keeps
 * it, on a connection of its own, for as long as it lives, and runs every round; the others try at
 * each round and skip it. A leader that dies or loses its connection loses the lock with its session,
 * and the next server to try takes over.
 */
export function exclusiveWork(databaseUrl: string, name: string, log: (message: string) => void = console.log): ExclusiveWork {
  if (databaseKindOf(databaseUrl) !== "postgresql") return everythingRunsHere;
  type Client = import("pg").Client;
  let leader: Client | null = null;
  let closed = false;

  const lead = async (): Promise<boolean> => {
    if (leader) return true;
    const { default: pg } = await import("pg");
    const client = new pg.Client(postgresPoolConfig(databaseUrl));
    client.on("error", () => {
      // The session, and with it the lock, is gone: another server may lead now.
      if (leader === client) leader = null;
      client.end().catch(() => {});
    });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [name]);
    if (!rows[0]?.locked || closed) {
      await client.end();
      return false;
    }
    leader = client;
    log(`${name}: this server runs it (others on this database skip it while this one lives)`);
    return true;
  };

  // Rounds may overlap (a slow one and the next timer): one attempt to lead at a time.
  let attempt: Promise<boolean> | null = null;
  const leadOnce = () => {
    attempt ??= lead().finally(() => {
      attempt = null;
    });
    return attempt;
  };

  return {
    async run(fn) {
      if (!(await leadOnce())) return false;
      await fn();
      return true;
    },
    async close() {
      closed = true;
      await leader?.end().catch(() => {});
      leader = null;
    },
  };
}
