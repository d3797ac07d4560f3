import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";

const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens the SQLite database through Prisma's better-sqlite3 adapter. WAL lets readers run beside
 * the writer; synchronous=FULL keeps the last commits across a power loss (WAL+NORMAL may not).
 */
export async function openPrisma(databaseUrl: string): Promise<PrismaClient> {
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = FULL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return prisma;
}
