// The console's token list on a real SQLite file: restriction by slug, creator by name, state.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Actor, SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { listTokenRows } from "@/server/services/token-list";
import { createToken, revokeToken } from "@/server/services/tokens";
import { createUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";

const policy = { defaultTtlDays: 90, maxTtlDays: 365 };
let t: TestStore;

beforeEach(async () => {
  t = await sqliteStore();
});
afterEach(() => t.close());

describe("token list rows", () => {
  it("names each token's app, creator and state", async () => {
    const { store } = t;
    await createApp(store, SYSTEM_ACTOR, { slug: "app-a", displayName: "A" });
    const admin = await createUser(store, SYSTEM_ACTOR, { email: "ops@example.com", password: "correct horse battery", role: "admin" });
    const asUser: Actor = { kind: "user", id: admin.id };
    const manager = await createToken(store, asUser, { kind: "admin" }, { name: "token-bot", scopes: ["tokens:manage", "releases:read"] }, policy);
    const ci = await createToken(store, asUser, { kind: "admin" }, { name: "ci beta", scopes: ["releases:upload", "releases:publish"], app: "app-a", channel: "beta" }, policy);
    const child = await createToken(
      store,
      { kind: "token", id: manager.token.id },
      { kind: "token", grant: { scopes: manager.token.scopes, appId: null, channel: null } },
      { name: "reader", scopes: ["releases:read"], expiresInDays: 1 },
      policy,
    );
    const shell = await createToken(store, SYSTEM_ACTOR, { kind: "admin" }, { name: "shell", scopes: ["admin"], expiresInDays: "never" }, policy);
    await revokeToken(store, asUser, ci.token.id);

    const now = new Date(Date.now() + 2 * 86_400_000); // the one-day token has expired by then
    const page = await listTokenRows(store, { limit: 10 }, now);
    const row = (id: string) => page.items.find((r) => r.id === id);
    expect(row(ci.token.id)).toMatchObject({ appSlug: "app-a", channel: "beta", creator: { kind: "user", label: "ops@example.com" }, state: "revoked" });
    expect(row(manager.token.id)).toMatchObject({ appSlug: null, creator: { kind: "user", label: "ops@example.com" }, state: "active" });
    expect(row(child.token.id)).toMatchObject({ creator: { kind: "token", label: "token-bot" }, state: "expired" });
    expect(row(shell.token.id)).toMatchObject({ creator: { kind: "system", label: "Shipyard" }, state: "active", expiresAt: null });
    expect(page.items).toHaveLength(4);
    const listed = JSON.stringify(page);
    expect(listed).not.toContain("tokenHash");
    for (const { raw } of [manager, ci, child, shell]) expect(listed).not.toContain(raw);
  });

  it("pages with the store's cursor", async () => {
    for (const name of ["one", "two", "three"]) await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name, scopes: ["apps:read"] }, policy);
    const first = await listTokenRows(t.store, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listTokenRows(t.store, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((r) => r.name))).toEqual(new Set(["one", "two", "three"]));
  });
});
