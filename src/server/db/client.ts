import { open } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { ensureDirectory } from "../storage/durable-fs";
import { databaseKindOf, postgresPoolConfig } from "./database-kind";
import { PRIVATE_FILE_MODE, setModeIfPresent } from "../storage/private-modes";

const BUSY_TIMEOUT_MS = 5_000;

/**
 * Creates the database file if missing and makes it and its WAL, shared-memory and journal files
 * 0600. SQLite gives those siblings the main file's mode when it creates them, so a private main
 * file created before SQLite first opens it keeps them private too; existing ones are tightened.
 */
export async function makeDatabasePrivate(databaseUrl: string): Promise<void> {
  if (databaseKindOf(databaseUrl) !== "sqlite") return;
  const file = databaseUrl.replace(/^file:/, "");
  if (file === "" || file === ":memory:") return;
  await ensureDirectory(path.dirname(path.resolve(file)));
  // "a" creates an empty file (a valid, empty SQLite database) and never truncates an existing one.
  const handle = await open(file, "a", PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } finally {
    await handle.close();
  }
  for (const suffix of ["-wal", "-shm", "-journal"]) await setModeIfPresent(`${file}${suffix}`, PRIVATE_FILE_MODE);
}

/**
 * Opens the database DATABASE_URL names. Both generated clients come from one schema and have the
 * same models and methods; the rest of the code is written against the SQLite client's types.
 */
export async function openPrisma(databaseUrl: string): Promise<PrismaClient> {
  return databaseKindOf(databaseUrl) === "postgresql" ? openPostgres(databaseUrl) : openSqlite(databaseUrl);
}

/**
 * PostgreSQL through Prisma's pg adapter, on a pool sized by `connection_limit` in the URL (pg's
 * default of 10 otherwise). The client is the one generated from the derived PostgreSQL schema.
 */
async function openPostgres(databaseUrl: string): Promise<PrismaClient> {
  const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import("@prisma/adapter-pg"), import("@/generated/prisma-postgresql/client")]);
  const adapter = new PrismaPg(postgresPoolConfig(databaseUrl));
  return new PostgresClient({ adapter }) as unknown as PrismaClient;
}

/**
 * SQLite through Prisma's better-sqlite3 adapter. WAL lets readers run beside the writer;
 * synchronous=FULL keeps the last commits across a power loss (WAL+NORMAL may not).
 */
async function openSqlite(databaseUrl: string): Promise<PrismaClient> {
  await makeDatabasePrivate(databaseUrl);
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return prisma;
}
