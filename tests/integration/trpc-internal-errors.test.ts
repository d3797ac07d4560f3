// What the console's browser gets when a procedure fails unexpectedly: a 500 with a generic message.
// The error's own text (a driver's SQL and column names, file paths, a stack) is for the server log,
// which the route's onError writes; REST answers the same way (http/errors.ts).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { appRouter } from "@/server/api/root";
import { createUser, type PublicUser } from "@/server/services/users";
import type { Store } from "@/server/store/types";
import { failOnCall } from "../helpers/failing-store";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
let admin: PublicUser;

beforeEach(async () => {
  t = await sqliteStore();
  admin = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
});
afterEach(() => t.close());

async function query(store: Store, path: string, input: unknown) {
  const req = new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`);
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: async () => trpcContext(store, admin) });
  return { status: res.status, text: await res.text() };
}

describe("an unexpected failure over HTTP", () => {
  it("answers 500 with a generic message and no stack", async () => {
    const res = await query(failOnCall(t.store, "apps", "list", 1), "apps.summaries", { search: "x" });
    expect(res.status).toBe(500);
    expect(res.text).not.toContain("injected failure");
    expect(res.text).not.toContain("failing-store");
    const body = JSON.parse(res.text) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.message).toBe("internal server error");
    expect(body.error.json.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "apps.summaries" });
    expect(body.error.json.data.stack).toBeUndefined();
  });

  it("still says what the caller did wrong, in its words", async () => {
    const res = await query(t.store, "apps.summaries", { search: "x".repeat(101) });
    expect(res.status).toBe(400);
    expect(res.text).toContain("search must be at most 100 characters");
    const missing = await query(t.store, "apps.get", { slug: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("nope");
  });
});
