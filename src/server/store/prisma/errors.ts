import { DomainError } from "@/domain/errors";
import { Prisma } from "@/generated/prisma/client";

/**
 * The one place Prisma's error codes become domain errors, so unique and foreign-key violations
 * surface exactly as the memory store reports them.
 */
export function translatePrismaError(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  switch (error.code) {
    case "P2002":
      return new DomainError("CONFLICT", `already exists (${describeTarget(error.meta)})`);
    case "P2003":
      return new DomainError("INTEGRITY", `a referenced row does not exist (${describeTarget(error.meta)})`);
    case "P2025":
      return new DomainError("NOT_FOUND", "record not found");
    default:
      return error;
  }
}

function describeTarget(meta: Record<string, unknown> | undefined): string {
  const target = meta?.target ?? meta?.field_name ?? meta?.constraint ?? (meta?.driverAdapterError as { cause?: unknown } | undefined)?.cause;
  if (Array.isArray(target)) return target.join(", ");
  return typeof target === "string" ? target : JSON.stringify(target ?? "unknown");
}
