import { open } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { ensureDirectory } from "../storage/durable-fs";
import { PRIVATE_FILE_MODE, setModeIfPresent } from "../storage/private-modes";

const BUSY_TIMEOUT_MS = 5_000;

/**
 * Creates the database file if missing and makes it and its WAL, shared-memory and journal files
 * 0600. SQLite gives those siblings the main file's mode when it creates them, so a private main
 * file created before SQLite first opens it keeps them private too; existing ones are tightened.
 */
export async function makeDatabasePrivate(databaseUrl: string): Promise<void> {
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
 * Opens the SQLite database through Prisma's better-sqlite3 adapter. WAL lets readers run beside
 * the writer; synchronous=FULL keeps the last commits across a power loss (WAL+NORMAL may not).
 */
export async function openPrisma(databaseUrl: string): Promise<PrismaClient> {
  await makeDatabasePrivate(databaseUrl);
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return prisma;
}
