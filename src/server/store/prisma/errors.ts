import { DomainError } from "@/domain/errors";
import { Prisma } from "@/generated/prisma/client";
import { conflictError, conflictForConstraint } from "../conflicts";

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
      return new DomainError("INTEGRITY", `a referenced row does not exist (${describeTarget(meta)})`);
    case "P2025":
      return new DomainError("NOT_FOUND", "record not found");
    case "P2010": {
      // A raw query failed: the driver adapter's portable error kind says why.
      const kind = (meta?.driverAdapterError as { cause?: { kind?: unknown } } | undefined)?.cause?.kind;
      if (kind === "ForeignKeyConstraintViolation") return new DomainError("INTEGRITY", `a referenced row does not exist (${describeTarget(meta)})`);
      if (kind === "UniqueConstraintViolation") return uniqueConflict(meta);
      return error;
    }
    default:
      return error;
  }
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
  const { table, columns } = targetOf(meta);
  return conflictError(conflictForConstraint(table, columns));
}

/** Names the table and columns involved, e.g. "releases: app_id"; never raw SQL or values. */
function describeTarget(meta: Record<string, unknown> | undefined): string {
  const { table, columns } = targetOf(meta);
  return [table, columns.join(", ")].filter(Boolean).join(": ") || "constraint";
}
