// The ended sessions (signed out before their cookies expire), held to one contract on memory,
// SQLite and PostgreSQL: ending is idempotent and keeps the later expiry, and only sessions whose
// cookies have all expired are forgotten.
import { describe, expect, it } from "vitest";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const at = (iso: string) => new Date(iso);

describe.each(STORE_KINDS)("ended sessions repository: $kind", ({ open }) => {
  const t = storePerTest(open);

  it("knows an ended session, and no other", async () => {
    expect(await t.store.endedSessions.isEnded("session-a")).toBe(false);
    await t.store.endedSessions.end({ id: "session-a", userId: "user-1", expiresAt: at("2026-12-14T00:00:00Z") }, at("2026-12-07T00:00:00Z"));
    expect(await t.store.endedSessions.isEnded("session-a")).toBe(true);
    expect(await t.store.endedSessions.isEnded("session-b")).toBe(false);
    expect(await t.store.endedSessions.isEnded("")).toBe(false);
  });

  it("ends a session twice without failing, keeping the later expiry", async () => {
    const now = at("2026-12-07T00:00:00Z");
    await t.store.endedSessions.end({ id: "session-a", userId: "user-1", expiresAt: at("2026-12-14T00:00:00Z") }, now);
    await t.store.endedSessions.end({ id: "session-a", userId: "user-1", expiresAt: at("2026-12-10T00:00:00Z") }, now);
    // Still refused past the earlier expiry: the first ending's stands.
    expect(await t.store.endedSessions.forgetExpired(at("2026-12-12T00:00:00Z"))).toBe(0);
    await t.store.endedSessions.end({ id: "session-a", userId: "user-1", expiresAt: at("2026-12-20T00:00:00Z") }, now);
    expect(await t.store.endedSessions.forgetExpired(at("2026-12-15T00:00:00Z"))).toBe(0);
    expect(await t.store.endedSessions.isEnded("session-a")).toBe(true);
    expect(await t.store.endedSessions.forgetExpired(at("2026-12-20T00:00:00Z"))).toBe(1);
    expect(await t.store.endedSessions.isEnded("session-a")).toBe(false);
  });

  it("forgets only the sessions whose cookies have all expired", async () => {
    const now = at("2026-12-07T00:00:00Z");
    await t.store.endedSessions.end({ id: "old", userId: "user-1", expiresAt: at("2026-12-08T00:00:00Z") }, now);
    await t.store.endedSessions.end({ id: "new", userId: "user-1", expiresAt: at("2026-12-14T00:00:00Z") }, now);
    expect(await t.store.endedSessions.forgetExpired(at("2026-12-07T23:59:59Z"))).toBe(0);
    expect(await t.store.endedSessions.forgetExpired(at("2026-12-08T00:00:00Z"))).toBe(1);
    expect([await t.store.endedSessions.isEnded("old"), await t.store.endedSessions.isEnded("new")]).toEqual([false, true]);
  });

  it("rolls an ending back with its transaction", async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await tx.endedSessions.end({ id: "session-a", userId: "user-1", expiresAt: at("2026-12-14T00:00:00Z") }, at("2026-12-07T00:00:00Z"));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await t.store.endedSessions.isEnded("session-a")).toBe(false);
  });
});
