// What the admin's health page says about the database (read by src/server/db/database-facts.ts):
// sizes and migration names only, so the health service and the page never see how SQLite keeps it.

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
