// Hostile values in the console's read procedures, on a real SQLite file: what a hand-edited URL or
// a crafted request can put in a search, a filter or a cursor. Each is either answered (an empty or
// narrowed page) or refused as the caller's error (BAD_REQUEST naming the field); never a 500.
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createCaller } from "@/server/api/root";
import { createUser, type PublicUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

/** Search terms and cursors from the address bar: SQL and LIKE syntax, controls, bidi, emoji, ids of other kinds. */
const HOSTILE_TEXT = [
  "%",
  "_",
  "\\",
  "%%%_%",
  "a%b_c\\d",
  "'; DROP TABLE apps; --",
  '" OR 1=1 --',
  "\u0000",
  "nul\u0000inside",
  "\u202Eevil",
  "💥🚀",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  " ",
  "ﬀ".repeat(50),
  "x".repeat(100),
];
/** Cursors as a URL can carry them: ids of another table, garbage, the last id there could be. */
const HOSTILE_CURSORS = ["zzzzzzzz", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "'", "%", "\u0000", "-1", "💥", "x".repeat(100)];

let t: TestStore;
let admin: PublicUser;
let caller: ReturnType<typeof createCaller>;
let appId = "";

beforeEach(async () => {
  t = await sqliteStore();
  admin = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
  caller = createCaller(trpcContext(t.store, admin));
  appId = (await caller.apps.create({ slug: "hello", displayName: "Hello 100% _real_" })).id;
  await caller.apps.create({ slug: "other", displayName: "Other" });
});
afterEach(() => t.close());

/** The outcome of a call: "ok", or the tRPC code it was refused with. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error.code;
  }
}

describe("apps.summaries", () => {
  it("answers every hostile search with a page; LIKE's wildcards only ever split the term (domain/search.ts)", async () => {
    for (const search of HOSTILE_TEXT) {
      const page = await caller.apps.summaries({ search });
      expect(
        page.items.map((a) => a.slug).every((slug) => slug === "hello" || slug === "other"),
        JSON.stringify(search),
      ).toBe(true);
    }
    // "t_h" is "t" and "h", both in "Other" only; as a LIKE pattern it would match neither app.
    expect((await caller.apps.summaries({ search: "t_h" })).items.map((a) => a.slug)).toEqual(["other"]);
    expect((await caller.apps.summaries({ search: "_real_" })).items.map((a) => a.slug)).toEqual(["hello"]);
    expect((await caller.apps.summaries({ search: "'; DROP TABLE apps; --" })).items).toEqual([]);
    expect((await caller.apps.summaries({})).items).toHaveLength(2);
  });

  it("refuses an overlong search or a malformed cursor as the caller's error", async () => {
    expect(await outcome(caller.apps.summaries({ search: "x".repeat(101) }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.apps.summaries({ cursor: "" }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.apps.summaries({ cursor: "x".repeat(101) }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.apps.summaries({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.apps.summaries({ limit: 1e9 }))).toBe("BAD_REQUEST");
  });

  it("answers a garbage cursor with a page (empty past the end), never an error", async () => {
    for (const cursor of HOSTILE_CURSORS) expect(await outcome(caller.apps.summaries({ cursor })), cursor).toBe("ok");
    expect((await caller.apps.summaries({ cursor: "00000000-0000-0000-0000-000000000000" })).items).toEqual([]);
  });
});

describe("releases.list", () => {
  it("refuses a filter that cannot be one, naming it, and matches hostile searches literally", async () => {
    expect(await outcome(caller.releases.list({ appId, filter: { channel: "Not A Channel" } }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.releases.list({ appId, filter: { platform: "windows95" as never } }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.releases.list({ appId, filter: { validationStatus: "'" as never } }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.releases.list({ appId, filter: { search: "x".repeat(101) } }))).toBe("BAD_REQUEST");
    for (const search of HOSTILE_TEXT) expect(await outcome(caller.releases.list({ appId, filter: { search } })), JSON.stringify(search)).toBe("ok");
    for (const cursor of HOSTILE_CURSORS) expect(await outcome(caller.releases.list({ appId, page: { cursor } })), cursor).toBe("ok");
  });

  it("says an app id that is garbage is not found, without a 500", async () => {
    for (const id of ["'", "\u0000", "x".repeat(100)]) expect(await outcome(caller.releases.list({ appId: id })), id).toBe("NOT_FOUND");
    expect(await outcome(caller.releases.detail({ id: "' OR 1=1 --" }))).toBe("NOT_FOUND");
    expect(await outcome(caller.releases.detail({ id: "x".repeat(101) }))).toBe("BAD_REQUEST");
  });
});

describe("channels.history", () => {
  it("answers garbage cursors with a page and refuses a channel name that cannot be one", async () => {
    for (const cursor of HOSTILE_CURSORS) expect(await outcome(caller.channels.history({ appId, channel: "stable", page: { cursor } })), cursor).toBe("ok");
    expect(await outcome(caller.channels.history({ appId, channel: "../stable" }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.channels.history({ appId, channel: "nightly" }))).toBe("NOT_FOUND");
    expect(await outcome(caller.channels.history({ appId: "'", channel: "stable" }))).toBe("NOT_FOUND");
  });
});

describe("audit.list", () => {
  it("answers garbage cursors with a page and refuses filters that cannot be one", async () => {
    for (const cursor of HOSTILE_CURSORS) expect(await outcome(caller.audit.list({ page: { cursor } })), cursor).toBe("ok");
    expect((await caller.audit.list({ page: { cursor: "00000000-0000-0000-0000-000000000000" } })).items).toEqual([]);
    expect(await outcome(caller.audit.list({ filter: { actor: "'; DROP TABLE audit_events; --" } }))).not.toBe("INTERNAL_SERVER_ERROR");
    expect(await outcome(caller.audit.list({ filter: { targetType: "table" as never } }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.audit.list({ filter: { from: new Date(Number.NaN) } }))).toBe("BAD_REQUEST");
    expect(await outcome(caller.audit.list({ filter: { from: new Date("9999-12-31T00:00:00Z"), to: new Date("0001-01-01T00:00:00Z") } }))).not.toBe("INTERNAL_SERVER_ERROR");
  });
});
