// Two connections to one SQLite file, as a running server and `shipyard admin` on its data dir are:
// a transaction whose snapshot went stale before its first write runs again instead of failing.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import type { PrismaClient } from "@/generated/prisma/client";
import { createApp } from "@/server/services/apps";
import { createPrismaStore } from "@/server/store/prisma";
import { freshSqliteFile } from "../helpers/stores";

let dir = "";
let clients: PrismaClient[] = [];

beforeAll(async () => {
  const fresh = await freshSqliteFile();
  dir = fresh.dir;
  clients = [await openPrisma(`file:${fresh.file}`), await openPrisma(`file:${fresh.file}`)];
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  rmSync(dir, { recursive: true, force: true });
});

describe("two writers on one SQLite file", () => {
  it("reruns a transaction another connection's commit made stale between its read and its write", async () => {
    const [server, admin] = clients.map((c) => createPrismaStore(c));
    let attempts = 0;
    await server!.transaction(async (tx) => {
      attempts++;
      await tx.apps.list({ limit: 1 });
      // Only on the first attempt: the other process commits after this snapshot was taken.
      if (attempts === 1) await createApp(admin!, SYSTEM_ACTOR, { slug: "from-admin", displayName: "From the shell" });
      await createApp(tx, SYSTEM_ACTOR, { slug: "from-server", displayName: "From the server" });
    });
    expect(attempts).toBe(2);
    const slugs = (await server!.apps.list({ limit: 10 })).items.map((a) => a.slug).sort();
    expect(slugs).toEqual(["from-admin", "from-server"]);
  });
});
