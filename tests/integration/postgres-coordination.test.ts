// What several app servers on one PostgreSQL database coordinate through it. Cache invalidation: an
// audited change committed through one store reaches a listener on another connection (another
// server) as a notification, only once it commits, and a listener whose connection dies reconnects
// and counts that as a change. Background work: one server (the leader) runs the janitor.
import { afterEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { type ChangeListener, listenForChanges } from "@/server/db/change-channel";
import { exclusiveWork } from "@/server/db/exclusive-work";
import { withPostgresClient } from "@/server/db/postgres-client";
import { advisoryKeyOf, createPostgresDigestLocks } from "@/server/db/postgres-digest-locks";
import { createApp } from "@/server/services/apps";
import { freshPostgresDatabase, POSTGRES_SERVER_URL, postgresStoreOn } from "../helpers/stores";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function setUp(): Promise<{ url: string; changes: () => number; store: Awaited<ReturnType<typeof postgresStoreOn>>["store"]; listener: ChangeListener }> {
  const database = await freshPostgresDatabase();
  cleanups.push(() => database.drop());
  const opened = await postgresStoreOn(database.url);
  cleanups.push(() => opened.close());
  let count = 0;
  const listener = await listenForChanges(
    database.url,
    () => count++,
    () => {},
  );
  cleanups.push(() => listener.close());
  return { url: database.url, changes: () => count, store: opened.store, listener };
}

describe.skipIf(!POSTGRES_SERVER_URL)("change notifications between app servers", () => {
  it("reach another connection when an audited change commits, and never for a rollback", async () => {
    const { changes, store } = await setUp();
    await expect(
      store.transaction(async (tx) => {
        await createApp(tx, SYSTEM_ACTOR, { slug: "rolled-back", displayName: "Rolled back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await createApp(store, SYSTEM_ACTOR, { slug: "committed", displayName: "Committed" });
    await until(() => changes() >= 1);
    // The rolled-back transaction sent nothing: exactly the one commit arrived.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes()).toBe(1);
  });

  it("count a lost connection as a change once the listener is back", async () => {
    const { url, changes, store } = await setUp();
    await withPostgresClient(url, (admin) => admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"));
    await until(() => changes() >= 1);
    const before = changes();
    await createApp(store, SYSTEM_ACTOR, { slug: "after-reconnect", displayName: "After reconnect" });
    await until(() => changes() > before);
  });
});

describe.skipIf(!POSTGRES_SERVER_URL)("one janitor for several servers", () => {
  it("runs every round on the server that leads, skips it on the others, and passes the lead on when the leader goes", async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const said: string[] = [];
    const servers = [0, 1, 2].map(() => exclusiveWork(database.url, "shipyard:janitor", (line) => said.push(line)));
    cleanups.push(async () => void (await Promise.all(servers.map((s) => s.close()))));
    const rounds: number[] = [];
    const round = async (index: number) => (await servers[index]?.run(async () => void rounds.push(index))) === true;

    const first = await Promise.all([round(0), round(1), round(2)]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const leader = first.indexOf(true);
    for (let i = 0; i < 3; i++) expect(await Promise.all([round(0), round(1), round(2)])).toEqual([0, 1, 2].map((s) => s === leader));
    expect(rounds).toEqual(Array(4).fill(leader));
    expect(said).toEqual(["shipyard:janitor: this server runs it (others on this database skip it while this one lives)"]);

    // The leader's session ends (a crash, a lost connection): the next server to try leads.
    await servers[leader]?.close();
    const others = [0, 1, 2].filter((s) => s !== leader);
    const next = await Promise.all(others.map(round));
    expect(next.filter(Boolean)).toHaveLength(1);
  });

  it("keeps running a round that throws on the same leader", async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const work = exclusiveWork(database.url, "shipyard:janitor", () => {});
    cleanups.push(() => work.close());
    await expect(work.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await work.run(async () => {})).toBe(true);
  });

  it("runs everything on SQLite, the one server", async () => {
    const work = exclusiveWork("file:./unused.db", "shipyard:janitor");
    expect(await work.run(async () => {})).toBe(true);
  });
});

describe.skipIf(!POSTGRES_SERVER_URL)("digest locks shared by app servers", () => {
  it("run one task per digest at a time across servers, and tasks of other digests beside it", async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const servers = [await createPostgresDigestLocks(database.url), await createPostgresDigestLocks(database.url)];
    cleanups.push(async () => void (await Promise.all(servers.map((s) => s.close()))));
    const a = "ab".repeat(32);
    const b = "cd".repeat(32);
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      log.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([servers[0]?.run(a, task("a1")), servers[1]?.run(a, task("a2")), servers[1]?.run(b, task("b"))]);
    expect(results).toEqual(["a1", "a2", "b"]);
    const of = (prefix: string) => log.filter((entry) => entry.startsWith(prefix));
    // The two tasks on digest a never overlap; b ran while one of them did.
    expect(of("a")).toEqual([of("a")[0], of("a")[0]?.replace("in", "out"), of("a")[2], of("a")[2]?.replace("in", "out")]);
    expect(log.indexOf("b in")).toBeLessThan(Math.max(log.indexOf("a1 out"), log.indexOf("a2 out")));
    // A failing task releases its lock.
    await expect(servers[0]?.run(a, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await servers[1]?.run(a, async () => "again")).toBe("again");
  });

  it("key a digest by its first 64 bits, as a signed bigint", () => {
    expect(advisoryKeyOf(`${"0".repeat(15)}1${"f".repeat(48)}`)).toBe("1");
    expect(advisoryKeyOf(`${"f".repeat(16)}${"0".repeat(48)}`)).toBe("-1");
    expect(advisoryKeyOf(`7fffffffffffffff${"0".repeat(48)}`)).toBe("9223372036854775807");
  });
});

describe.skipIf(!POSTGRES_SERVER_URL)("serializable transactions under contention", () => {
  it("retries the ones PostgreSQL aborts for a conflict, so every writer succeeds", async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.drop());
    const [first, second] = [await postgresStoreOn(database.url), await postgresStoreOn(database.url)];
    cleanups.push(async () => void (await Promise.all([first.close(), second.close()])));
    // Each reads the whole table and then writes into it: under SERIALIZABLE, concurrent ones
    // conflict (SQLSTATE 40001) and only a retry lets them all through.
    const writers = Array.from({ length: 10 }, (_, i) =>
      (i % 2 === 0 ? first : second).store.transaction(async (tx) => {
        const seen = (await tx.apps.list({ limit: 100 })).items.length;
        await createApp(tx, SYSTEM_ACTOR, { slug: `contended-${i}`, displayName: `Contended ${i} after ${seen}` });
      }),
    );
    await Promise.all(writers);
    expect((await first.store.apps.list({ limit: 100 })).items.length).toBe(10);
  });
});
