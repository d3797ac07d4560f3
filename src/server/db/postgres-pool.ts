import pg from "pg";
import { postgresPoolConfig } from "./database-kind";

// PostgreSQL's internal one-byte `"char"` type (OID 18: pg_class.relkind, pg_constraint.contype, …)
// is not one Prisma's pg adapter knows, and the schema engine reads those catalog columns when it
// introspects a database. Reported as text (OID 25), which is what their values are.
const CHAR_OID = 18;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function relabelChar(result: unknown): void {
  for (const field of (result as QueryResultLike | undefined)?.fields ?? []) {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
}

/** A pool for the schema engine: plain queries and transactions both report `"char"` as text. */
export function createIntrospectionPool(databaseUrl: string, database?: string): pg.Pool {
  const pool = new pg.Pool({ ...postgresPoolConfig(databaseUrl), ...(database && { database }), max: 4 });
  // A shadow database is dropped WITH (FORCE) after its pool closes; an idle client ended meanwhile must not throw.
  pool.on("error", () => {});
  const patch = (target: { query: (...args: never[]) => unknown }) => {
    const query = target.query.bind(target) as (...args: unknown[]) => unknown;
    target.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (!(result instanceof Promise)) return result;
      return result.then((value) => {
        relabelChar(value);
        return value;
      });
    }) as never;
  };
  patch(pool as never);
  pool.on("connect", (client) => patch(client as never));
  return pool;
}
