// Transitional views of the composition root's parts (src/server/composition.ts) for the modules
// not yet handed their context: one database client and one store per process, built there.
import type { PrismaClient } from "@/generated/prisma/client";
import { serverContext } from "../composition";
import type { Store } from "../store/types";

export async function getDb(): Promise<{ prisma: PrismaClient; store: Store }> {
  const { prisma, store } = await serverContext();
  return { prisma, store };
}

export async function getStore(): Promise<Store> {
  return (await serverContext()).store;
}
