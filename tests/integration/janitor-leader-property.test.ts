// The janitor's leader election on PostgreSQL (one server runs each round) over random sequences of
// rounds on one server or on all at once, the leader's session killed by the database, and servers
// restarted: every round runs where a model of the election says, on exactly one server at a time.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExclusiveWork, exclusiveWork } from "@/server/db/exclusive-work";
import { withPostgresClient } from "@/server/db/postgres-client";
import { freshPostgresDatabase, POSTGRES_SERVER_URL } from "../helpers/stores";

const SERVERS = 3;

type Step = { kind: "round"; server: number } | { kind: "all" } | { kind: "kill" } | { kind: "restart"; server: number };

const server = fc.integer({ min: 0, max: SERVERS - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("round" as const), server }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("all" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("kill" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), server }) },
);

describe.skipIf(!POSTGRES_SERVER_URL)("janitor leader election over random sequences", () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let run = 0;
  beforeAll(async () => {
    database = await freshPostgresDatabase();
  });
  afterAll(() => database?.drop());

  /** The sessions holding an advisory lock on this database (each run's servers are gone before the next). */
  const lockHolders = () =>
    withPostgresClient(database.url, async (admin) => {
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      return rows.map((r) => r.pid);
    });

  /** A session ends asynchronously: wait until the database has let its lock go. */
  async function lockReleased(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while ((await lockHolders()).length > 0) {
      if (Date.now() > deadline) throw new Error("the advisory lock was not released");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("runs every round on the leader only, and hands the lead to the next server to try once it goes", async () => {
    const property = fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
      const name = `shipyard:janitor:run-${++run}`;
      const servers: ExclusiveWork[] = Array.from({ length: SERVERS }, () => exclusiveWork(database.url, name, () => {}));
      let leader: number | null = null;
      const ran: number[] = [];
      const winners: number[] = [];
      const round = async (index: number) => (await servers[index]?.run(async () => void ran.push(index))) === true;
      try {
        for (const s of steps) {
          if (s.kind === "round") {
            const got = await round(s.server);
            expect(got).toBe(leader === null || leader === s.server);
            if (got) {
              leader = s.server;
              winners.push(s.server);
            }
          } else if (s.kind === "all") {
            const got = await Promise.all(servers.map((_, i) => round(i)));
            if (leader === null) {
              expect(got.filter(Boolean)).toHaveLength(1);
              leader = got.indexOf(true);
            } else {
              expect(got).toEqual(servers.map((_, i) => i === leader));
            }
            winners.push(leader);
          } else if (s.kind === "kill") {
            // The database ends the leader's session (a failover, an admin): it does not know yet.
            const holders = await lockHolders();
            expect(holders).toHaveLength(leader === null ? 0 : 1);
            await withPostgresClient(database.url, (admin) => admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [holders]));
            await lockReleased();
            leader = null;
          } else {
            await servers[s.server]?.close();
            servers[s.server] = exclusiveWork(database.url, name, () => {});
            if (leader === s.server) {
              await lockReleased();
              leader = null;
            }
          }
        }
        // The work ran exactly on the rounds that said so: where the model put the lead at the time.
        expect(ran.sort()).toEqual(winners.sort());
      } finally {
        await Promise.all(servers.map((s) => s.close()));
        await lockReleased();
      }
    });
    await fc.assert(property, { numRuns: 30, seed: Number(process.env.PROPERTY_SEED ?? 20261207), endOnFailure: true });
  });
});
