import { env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import { dataChanged } from "../http/page-cache-signals";
import { signalAuditedChanges } from "../store/audited-changes";
import { createPrismaStore } from "../store/prisma";
import type { Store } from "../store/types";
import { openPrisma } from "./client";

// One client per server process, kept on globalThis so Next's dev reloads don't open a new
// connection on every edit.
const globalForDb = globalThis as unknown as { shipyardDb?: Promise<{ prisma: PrismaClient; store: Store }> };

export function getDb(): Promise<{ prisma: PrismaClient; store: Store }> {
  globalForDb.shipyardDb ??= openPrisma(env().databaseUrl).then((prisma) => ({
    prisma,
    // Rendered install pages are cached for a few seconds; an audited change drops them at once.
    store: signalAuditedChanges(createPrismaStore(prisma), dataChanged),
  }));
  return globalForDb.shipyardDb;
}

export async function getStore(): Promise<Store> {
  return (await getDb()).store;
}
