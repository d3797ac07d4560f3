import path from "node:path";
import type { Actor } from "@/domain/actor";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { CreateTokenInput } from "@/domain/token";
import { openPrisma } from "@/server/db/client";
import { databaseKindOf } from "@/server/db/database-kind";
import { createToken } from "@/server/services/tokens";
import { createPrismaStore } from "@/server/store/prisma";
import type { Store } from "@/server/store/types";

/** Opens the database of a running test server (WAL lets both write) for seeding and checks. */
export async function withServerStore<T>(dataDir: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const prisma = await openPrisma(`file:${path.join(dataDir, "shipyard.db")}`);
  try {
    return await fn(createPrismaStore(prisma));
  } finally {
    await prisma.$disconnect();
  }
}

export async function seedToken(store: Store, input: CreateTokenInput, actor: Actor = SYSTEM_ACTOR) {
  return createToken(store, actor, { kind: "admin" }, input, { defaultTtlDays: 90, maxTtlDays: 365 });
}

/** The same for a server on another database (PostgreSQL), by its DATABASE_URL. */
export async function withDatabaseStore<T>(databaseUrl: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const prisma = await openPrisma(databaseUrl);
  try {
    return await fn(createPrismaStore(prisma, databaseKindOf(databaseUrl)));
  } finally {
    await prisma.$disconnect();
  }
}
