// Two server processes on one SQLite file (two Prisma clients, two connections) drain the same
// outbox at once: every row is leased by exactly one of them.
import { afterEach, beforeEach, expect, it } from "vitest";
import { openPrisma } from "@/server/db/client";
import { createPrismaStore } from "@/server/store/prisma";
import type { Store } from "@/server/store/types";
import { sqliteStore } from "../helpers/stores";

let first: Awaited<ReturnType<typeof sqliteStore>>;
let second: Store;
let closeSecond: () => Promise<void>;

beforeEach(async () => {
  first = await sqliteStore();
  const prisma = await openPrisma(`file:${first.file}`);
  second = createPrismaStore(prisma);
  closeSecond = () => prisma.$disconnect();
});
afterEach(async () => {
  await closeSecond();
  await first.close();
});

it("concurrent claims from two processes never lease one row twice", async () => {
  const now = new Date();
  for (let i = 0; i < 40; i++) await first.store.mail.enqueue({ kind: "test", toAddress: `t${i}@example.com`, subject: `m${i}`, text: "" }, now);
  const lease = new Date(now.getTime() + 60_000);
  const claimed: string[][] = [[], []];
  await Promise.all(
    [first.store, second].map(async (store, i) => {
      for (let round = 0; round < 10; round++) claimed[i]?.push(...(await store.mail.claimDue(now, lease, 5)).map((m) => m.id));
    }),
  );
  const all = [...(claimed[0] ?? []), ...(claimed[1] ?? [])];
  expect(new Set(all).size).toBe(all.length);
  expect(all).toHaveLength(40);
});
