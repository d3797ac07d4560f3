import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { hashPassword, verifyPassword } from "@/server/crypto/password";
import { safeCallbackPath } from "@/server/auth/safe-redirect";
import { createUser, ensureFirstAdmin, verifyCredentials } from "@/server/services/users";
import { sqliteStore } from "../helpers/stores";

describe("passwords", () => {
  it("hashes with scrypt and a fresh salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});

describe("users and the first admin", () => {
  it("creates the first admin once, with a generated password printed by the caller", async () => {
    const t = await sqliteStore();
    try {
      const first = await ensureFirstAdmin(t.store, SYSTEM_ACTOR, {});
      expect(first).toMatchObject({ created: true, email: "admin@shipyard.local" });
      if (!first.created || !first.generatedPassword) throw new Error("expected a generated password");
      expect(first.generatedPassword).toMatch(/^[\w-]{24}$/);
      expect(await verifyCredentials(t.store, "ADMIN@shipyard.local", first.generatedPassword)).toMatchObject({ role: "admin" });
      expect(await verifyCredentials(t.store, "admin@shipyard.local", "wrong password!")).toBeNull();
      expect(await verifyCredentials(t.store, "nobody@shipyard.local", first.generatedPassword)).toBeNull();
      expect(await ensureFirstAdmin(t.store, SYSTEM_ACTOR, {})).toEqual({ created: false });
      // The password is stored only as a hash.
      const row = await t.store.users.getByEmail("admin@shipyard.local");
      expect(row?.passwordHash).not.toContain(first.generatedPassword);
      expect((await t.store.audit.list({ action: "user.create" }, { limit: 10 })).items).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it("takes the first admin from configuration and validates it", async () => {
    const t = await sqliteStore();
    try {
      const result = await ensureFirstAdmin(t.store, SYSTEM_ACTOR, { email: "ops@example.com", password: "a long enough secret" });
      expect(result).toEqual({ created: true, email: "ops@example.com", generatedPassword: null });
      await expect(createUser(t.store, SYSTEM_ACTOR, { email: "not-an-email", password: "a long enough secret", role: "admin" })).rejects.toMatchObject({ code: "INVALID" });
      await expect(createUser(t.store, SYSTEM_ACTOR, { email: "x@example.com", password: "short", role: "admin" })).rejects.toMatchObject({ code: "INVALID" });
    } finally {
      await t.close();
    }
  });
});

describe("sign-in redirects", () => {
  it.each([
    ["/admin/apps", "/admin/apps"],
    ["/admin?x=1", "/admin?x=1"],
    ["//evil.example", "/admin"],
    ["https://evil.example", "/admin"],
    ["/\\evil.example", "/admin"],
    ["/admin\n", "/admin"],
    [undefined, "/admin"],
  ])("%j → %j", (input, expected) => expect(safeCallbackPath(input)).toBe(expected));
});
