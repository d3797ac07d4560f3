import { DomainError } from "@/domain/errors";
import { Prisma } from "@/generated/prisma/client";
import { conflictError, conflictForConstraint, conflictForIndex } from "../conflicts";

/**
 * The one place Prisma's error codes become domain errors, so unique and foreign-key violations
 * surface exactly as the memory store reports them.
 */
export function translatePrismaError(error: unknown): unknown {
  // By name as well: a second copy of the generated client (another bundle) has its own class.
  const known = error instanceof Prisma.PrismaClientKnownRequestError || (error instanceof Error && error.name === "PrismaClientKnownRequestError");
  if (!known) return error;
  const { code, meta } = error as { code?: string; meta?: Record<string, unknown> };
  switch (code) {
    case "P2002":
      return uniqueConflict(meta);
    case "P2003":
      return brokenReference(meta);
    case "P2025":
      return new DomainError("NOT_FOUND", "record not found");
    case "P2010": {
      // A raw query failed: the driver adapter's portable error kind says why.
      const kind = (meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)?.cause?.kind;
      if (kind === "ForeignKeyConstraintViolation") return brokenReference(meta);
      if (kind === "UniqueConstraintViolation") return uniqueConflict(meta);
      return error;
    }
    default:
      return error;
  }
}

// SQLSTATEs of a transaction PostgreSQL aborted to keep serializability: serialization_failure and
// deadlock_detected. Prisma reports them as P2034, or inside P2010 for raw queries.
const POSTGRES_RETRYABLE = new Set(["40001", "40P01"]);

type AdapterCause = { kind?: unknown; originalCode?: unknown };

/**
 * PostgreSQL rolled a transaction back for a conflicting one (serializable isolation or a deadlock):
 * run it again. Prisma reports it as P2034, as P2010 around a raw query, or, when the COMMIT itself
 * fails, as the driver adapter's own error (name DriverAdapterError, its cause the conflict).
 */
export function isPostgresConflict(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const conflict = (cause: AdapterCause | undefined) => cause?.kind === "TransactionWriteConflict" || POSTGRES_RETRYABLE.has(String(cause?.originalCode ?? ""));
  if (error.name === "DriverAdapterError") return conflict((error as { cause?: AdapterCause }).cause);
  const known = error instanceof Prisma.PrismaClientKnownRequestError || error.name === "PrismaClientKnownRequestError";
  if (!known) return false;
  const { code, meta } = error as { code?: string; meta?: Record<string, unknown> };
  if (code === "P2034") return true;
  return code === "P2010" && conflict((meta?.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause);
}

/**
 * SQLite refused a write because another connection holds the lock or committed since this
 * transaction read (SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT); the adapter reports both as P1008.
 */
export function isSqliteBusy(error: unknown): boolean {
  const known = error instanceof Prisma.PrismaClientKnownRequestError || (error instanceof Error && error.name === "PrismaClientKnownRequestError");
  return known && (error as { code?: string }).code === "P1008";
}

/** The table and columns a violation names (the driver adapter's cause, else Prisma's own meta); never values. */
function targetOf(meta: Record<string, unknown> | undefined): { table: string; columns: string[] } {
  const cause = (meta?.driverAdapterError as { cause?: { table?: unknown; constraint?: { fields?: unknown } } } | undefined)?.cause;
  const fields = cause?.constraint?.fields ?? meta?.target;
  const columns = Array.isArray(fields) ? fields.map(String) : typeof fields === "string" ? [fields] : [];
  const table = typeof cause?.table === "string" ? cause.table : typeof meta?.modelName === "string" ? meta.modelName : "";
  return { table, columns };
}

/** A unique violation in the same words as the memory store's: 409 messages reach people. */
function uniqueConflict(meta: Record<string, unknown> | undefined): DomainError {
  const cause = (meta?.driverAdapterError as { cause?: { table?: unknown; constraint?: { index?: unknown } } } | undefined)?.cause;
  // PostgreSQL's driver names the index, not its columns.
  if (typeof cause?.table === "string" && typeof cause.constraint?.index === "string") return conflictError(conflictForIndex(cause.table, cause.constraint.index));
  const { table, columns } = targetOf(meta);
  return conflictError(conflictForConstraint(table, columns));
}

// What a foreign-key column points at, in words: these messages reach people, column names must not.
const REFERENCED: Record<string, string> = {
  app_id: "app",
  appId: "app",
  release_id: "release",
  releaseId: "release",
  current_release_id: "release",
  currentReleaseId: "release",
  previous_release_id: "release",
  previousReleaseId: "release",
  from_release_id: "release",
  fromReleaseId: "release",
  channel_id: "channel",
  channelId: "channel",
  owner_id: "user",
  ownerId: "user",
  user_id: "user",
  userId: "user",
};

/**
 * A foreign-key violation: a write named something that does not exist, or a delete would leave
 * something pointing at nothing. Said with the thing's name ("release"), never the table's columns.
 */
function brokenReference(meta: Record<string, unknown> | undefined): DomainError {
  const nouns = [
    ...new Set(
      targetOf(meta)
        .columns.map((column) => REFERENCED[column])
        .filter(Boolean),
    ),
  ];
  const what = nouns.length > 0 ? nouns.join(" or ") : "record";
  return new DomainError("INTEGRITY", `the ${what} this refers to does not exist, or is still in use`);
}
