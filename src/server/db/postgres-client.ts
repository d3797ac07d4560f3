import type { Client } from "pg";
import { postgresPoolConfig } from "./database-kind";

/**
 * One connection of its own for `fn`, ended when fn settles, also when it throws. pg emits 'error'
 * on a client whose session the server ends (a restart, pg_terminate_backend); unheard, that event
 * would crash the process, so it is listened to here and fn's own queries report the loss instead.
 * pg is loaded on first use: a SQLite installation never loads it.
 */
export async function withPostgresClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import("pg");
  const client = new pg.Client(postgresPoolConfig(databaseUrl));
  client.on("error", () => {});
  // A failed connect leaves nothing to end: pg closes its socket itself.
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
