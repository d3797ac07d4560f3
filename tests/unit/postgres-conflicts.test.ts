// Which errors mean "PostgreSQL aborted this transaction for a conflicting one: run it again",
// in each shape Prisma and its pg adapter report them.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { isPostgresConflict } from "@/server/store/prisma/errors";

const known = (code: string, cause?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError("failed", { code, clientVersion: "7", meta: cause ? { driverAdapterError: { name: "DriverAdapterError", cause } } : {} });
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error("failed"), { name: "DriverAdapterError", cause });

describe("isPostgresConflict", () => {
  it("retries serialization failures and deadlocks however they are wrapped", () => {
    expect(isPostgresConflict(known("P2034"))).toBe(true);
    expect(isPostgresConflict(known("P2010", { kind: "TransactionWriteConflict", originalCode: "40001" }))).toBe(true);
    expect(isPostgresConflict(known("P2010", { kind: "postgres", originalCode: "40P01" }))).toBe(true);
    // A COMMIT that fails reaches the caller as the adapter's own error.
    expect(isPostgresConflict(adapterError({ kind: "TransactionWriteConflict", originalCode: "40001" }))).toBe(true);
  });

  it("leaves every other error alone", () => {
    expect(isPostgresConflict(known("P2002"))).toBe(false);
    expect(isPostgresConflict(known("P2010", { kind: "UniqueConstraintViolation", originalCode: "23505" }))).toBe(false);
    expect(isPostgresConflict(adapterError({ kind: "ForeignKeyConstraintViolation", originalCode: "23503" }))).toBe(false);
    expect(isPostgresConflict(new Error("40001"))).toBe(false);
    expect(isPostgresConflict("P2034")).toBe(false);
  });
});
