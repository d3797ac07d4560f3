import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/domain/actor";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { formatToken, TOKEN_RANDOM_BYTES } from "@/domain/token-format";
import { createApp } from "@/server/services/apps";
import { authenticateToken, createToken, LAST_USED_WRITE_INTERVAL_MS, listTokens, recordTokenUse, revokeToken } from "@/server/services/tokens";
import { sqliteStore } from "../helpers/stores";

const policy = { defaultTtlDays: 90, maxTtlDays: 365 };
const admin: Actor = { kind: "user", id: "admin-user" };
let t: Awaited<ReturnType<typeof sqliteStore>>;

beforeEach(async () => {
  t = await sqliteStore();
  await createApp(t.store, SYSTEM_ACTOR, { slug: "app-a", displayName: "A" });
});
afterEach(() => t.close());

describe("token lifecycle", () => {
  it("stores only a hash, shows the raw token once, and authenticates it", async () => {
    const created = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "ci", scopes: ["releases:upload"] }, policy);
    expect(created.raw).toMatch(/^shp_/);
    expect(created.token).not.toHaveProperty("tokenHash");
    const auth = await authenticateToken(t.store, created.raw);
    expect(auth).toMatchObject({ ok: true, token: { id: created.token.id, scopes: ["releases:upload"] } });
    // Default lifetime: 90 days.
    const days = ((created.token.expiresAt?.getTime() ?? 0) - created.token.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    // The raw value is nowhere in the database file (WAL included), nor in any audit row.
    const bytes = Buffer.concat([readFileSync(t.file), readFileSync(`${t.file}-wal`, { flag: "r" })]);
    expect(bytes.includes(Buffer.from(created.raw))).toBe(false);
    const audit = await t.store.audit.list({}, { limit: 100 });
    expect(JSON.stringify(audit.items)).not.toContain(created.raw);
    expect(JSON.stringify(await listTokens(t.store))).not.toContain(created.raw);
  });

  it("refuses malformed, unknown, expired and revoked tokens", async () => {
    const created = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "ci", scopes: ["apps:read"], expiresInDays: 1 }, policy);
    expect(await authenticateToken(t.store, "shp_nope")).toEqual({ ok: false, reason: "malformed" });
    const other = `${created.raw.slice(0, -6)}000000`;
    expect((await authenticateToken(t.store, other)).ok).toBe(false);
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await authenticateToken(t.store, created.raw, later)).toEqual({ ok: false, reason: "expired" });
    await revokeToken(t.store, admin, created.token.id);
    expect(await authenticateToken(t.store, created.raw)).toEqual({ ok: false, reason: "revoked" });
    const events = (await t.store.audit.list({ action: "token.revoke" }, { limit: 10 })).items;
    expect(events).toMatchObject([{ actor: "user:admin-user", targetId: created.token.id }]);
  });

  it("rejects unknown well-formed tokens", async () => {
    const created = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "ci", scopes: ["apps:read"] }, policy);
    expect(await authenticateToken(t.store, formatToken(randomBytes(TOKEN_RANDOM_BYTES)))).toEqual({ ok: false, reason: "unknown" });
    expect((await authenticateToken(t.store, created.raw)).ok).toBe(true);
  });

  it("records use at most once a minute, each time with an audit event", async () => {
    const { token } = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "ci", scopes: ["apps:read"] }, policy);
    const row = async () => (await t.store.tokens.getById(token.id))!;
    const t0 = new Date("2026-11-28T10:00:00Z");
    expect(await recordTokenUse(t.store, await row(), { route: "x" }, t0)).toBe(true);
    expect((await row()).lastUsedAt).toEqual(t0);
    expect(await recordTokenUse(t.store, await row(), { route: "x" }, new Date(t0.getTime() + 1000))).toBe(false);
    const t1 = new Date(t0.getTime() + LAST_USED_WRITE_INTERVAL_MS);
    expect(await recordTokenUse(t.store, await row(), { route: "x" }, t1)).toBe(true);
    expect((await row()).lastUsedAt).toEqual(t1);
    const uses = (await t.store.audit.list({ action: "token.use" }, { limit: 10 })).items;
    expect(uses).toHaveLength(2);
    expect(uses[0]).toMatchObject({ actor: `token:${token.id}`, targetId: token.id });
  });

  it("restricts to one app and one channel, validated", async () => {
    const { token } = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "ci", scopes: ["releases:publish"], app: "app-a", channel: "beta" }, policy);
    expect(token).toMatchObject({ channel: "beta" });
    expect(token.appId).toBe((await t.store.apps.getBySlug("app-a"))?.id);
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: ["apps:read"], app: "nope" }, policy)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: ["apps:read"], app: "app-a", channel: "nightly" }, policy)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: ["apps:read"], channel: "beta" }, policy)).rejects.toMatchObject({ code: "INVALID" });
  });

  it("limits lifetimes and what a token may hand out", async () => {
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: ["apps:read"], expiresInDays: 366 }, policy)).rejects.toMatchObject({ code: "INVALID" });
    const forever = await createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: ["apps:read"], expiresInDays: "never" }, policy);
    expect(forever.token.expiresAt).toBeNull();
    const manager = { kind: "token" as const, grant: { scopes: ["tokens:manage" as const, "apps:read" as const], appId: null, channel: null } };
    await expect(createToken(t.store, SYSTEM_ACTOR, manager, { name: "x", scopes: ["apps:read"], expiresInDays: "never" }, policy)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createToken(t.store, SYSTEM_ACTOR, manager, { name: "x", scopes: ["admin"] }, policy)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createToken(t.store, SYSTEM_ACTOR, manager, { name: "x", scopes: ["apps:read"] }, policy)).resolves.toBeTruthy();
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "", scopes: ["apps:read"] }, policy)).rejects.toMatchObject({ code: "INVALID" });
    await expect(createToken(t.store, SYSTEM_ACTOR, { kind: "admin" }, { name: "x", scopes: [] }, policy)).rejects.toMatchObject({ code: "INVALID" });
  });
});
