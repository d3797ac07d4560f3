import type { DigestLocks } from "../storage/s3/digest-locks";
import { postgresPoolConfig } from "./database-kind";

// Commits, deduplicating puts and removals of one digest, one at a time across every app server
// sharing the bucket: a session advisory lock keyed by the digest's first 64 bits, held on one
// connection for the whole task (an S3 copy included). A server that dies mid-task loses its
// session, and with it the lock.

/** The digest's first 16 hex digits as the signed bigint pg_advisory_lock takes. */
export function advisoryKeyOf(sha256: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256.slice(0, 16)}`)).toString();
}

export interface PostgresDigestLocks extends DigestLocks {
  close(): Promise<void>;
}

export async function createPostgresDigestLocks(databaseUrl: string, maxConnections = 8): Promise<PostgresDigestLocks> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ ...postgresPoolConfig(databaseUrl), max: maxConnections });
  // An idle connection the server ends (a restart, pg_terminate_backend) is dropped by the pool;
  // without a listener its error would be thrown from nowhere and stop the process.
  pool.on("error", () => {});
  return {
    async run(sha256, task) {
      const client = await pool.connect();
      const key = advisoryKeyOf(sha256);
      let locked = false;
      try {
        await client.query("SELECT pg_advisory_lock($1::bigint)", [key]);
        locked = true;
        return await task();
      } finally {
        const unlocked = locked
          ? await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]).then(
              () => true,
              () => false,
            )
          : true;
        // A connection whose unlock failed may still hold the lock: end it rather than pool it.
        client.release(!unlocked);
      }
    },
    close: () => pool.end(),
  };
}
