// The upload lease (one receiver of an upload at a time, across app servers) over random sequences
// of claims, renewals, give-backs, crashes (a holder that goes quiet) and the clock moving, with
// some claims racing each other: every answer is the one a model of the lease predicts, on memory,
// SQLite and PostgreSQL. Two sessions, so that one session's lease never touches the other's.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/server/store/types";
import { STORE_KINDS, type TestStore } from "../helpers/stores";

const OWNERS = ["server-a", "server-b", "server-c"] as const;
const SESSIONS = 2;
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

type Step =
  | { kind: "claim"; session: number; owner: number; forSeconds: number }
  | { kind: "race"; session: number; owners: number[]; forSeconds: number }
  | { kind: "release"; session: number; owner: number }
  | { kind: "wait"; seconds: number };

const session = fc.integer({ min: 0, max: SESSIONS - 1 });
const owner = fc.integer({ min: 0, max: OWNERS.length - 1 });
const forSeconds = fc.integer({ min: 1, max: 8 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("claim" as const), session, owner, forSeconds }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("race" as const), session, owners: fc.uniqueArray(owner, { minLength: 2, maxLength: 3 }), forSeconds }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), session, owner }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 0, max: 9 }) }) },
);

/** Who holds each session's lease, and until when (ms), as the rules say. */
type Model = ({ owner: number; until: number } | null)[];

/** Whether `who` may take the lease at `now`: nobody holds it, it has run out, or it is theirs. */
const mayClaim = (held: Model[number], who: number, now: number) => held === null || held.until < now || held.owner === who;

describe.each(STORE_KINDS)("upload leases over random sequences: $kind", ({ open }) => {
  let t: TestStore;
  let store: Store;
  let appId = "";
  let run = 0;
  beforeAll(async () => {
    t = await open();
    store = t.store;
    appId = (await store.apps.create({ slug: "leases", displayName: "Leases", bundleIds: {}, ownerId: null, visibility: "public" })).id;
  });
  afterAll(() => t.close());

  /** Fresh sessions for one sequence (the store is shared by every run of the property). */
  async function newSessions(): Promise<string[]> {
    run++;
    const ids = Array.from({ length: SESSIONS }, (_, i) => `lease-run-${String(run).padStart(4, "0")}-s${i}`);
    for (const id of ids) {
      await store.uploads.create(id, {
        appId,
        filename: "a.apk",
        platform: "android_apk",
        sizeBytes: 10,
        sha256: "f".repeat(64),
        receivedBytes: 0,
        inspection: null,
        createdBy: "system",
        failureReason: null,
        state: "open",
        completedAt: null,
        releaseId: null,
        expiresAt: new Date(T0 + 86_400_000),
      });
    }
    return ids;
  }

  it("answers every claim as the model does, and never lets two receivers hold one session", async () => {
    const property = fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
      const ids = await newSessions();
      const model: Model = ids.map(() => null);
      let now = T0;
      for (const s of steps) {
        if (s.kind === "wait") {
          now += s.seconds * 1000;
        } else if (s.kind === "claim") {
          const until = now + s.forSeconds * 1000;
          const expected = mayClaim(model[s.session] ?? null, s.owner, now);
          const got = await store.uploads.claimLease(ids[s.session] ?? "", OWNERS[s.owner] ?? "", new Date(until), new Date(now));
          expect(got).toBe(expected);
          if (got) model[s.session] = { owner: s.owner, until };
        } else if (s.kind === "race") {
          const until = now + s.forSeconds * 1000;
          const answers = await Promise.all(s.owners.map((o) => store.uploads.claimLease(ids[s.session] ?? "", OWNERS[o] ?? "", new Date(until), new Date(now))));
          const winners = s.owners.filter((_, i) => answers[i]);
          const held = model[s.session] ?? null;
          if (held !== null && held.until >= now) {
            // A live lease: only its holder (renewing) gets through, if it is in the race at all.
            expect(winners).toEqual(s.owners.includes(held.owner) ? [held.owner] : []);
          } else {
            // Free: exactly one of the racers takes it, whichever the store let in first.
            expect(winners.length).toBe(1);
          }
          const winner = winners[0];
          if (winner !== undefined) model[s.session] = { owner: winner, until };
        } else {
          await store.uploads.releaseLease(ids[s.session] ?? "", OWNERS[s.owner] ?? "");
          if (model[s.session]?.owner === s.owner) model[s.session] = null;
        }
      }
      // Whatever happened, the sessions themselves are as created: a lease is no part of them.
      for (const id of ids) expect(await store.uploads.getById(id)).toMatchObject({ state: "open", receivedBytes: 0 });
    });
    await fc.assert(property, { numRuns: 100, seed: Number(process.env.PROPERTY_SEED ?? 20261207), endOnFailure: true });
  });
});
