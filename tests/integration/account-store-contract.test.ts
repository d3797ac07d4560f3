// The accounts repository (single sign-on links), held to one contract on memory and on SQLite:
// one row per provider person, never re-pointed, gone with its user.
import { describe, expect, it } from "vitest";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

describe.each(STORE_KINDS)("accounts repository: $kind", ({ open }) => {
  const t = storePerTest(open);

  const newUser = (email: string) => t.store.users.create({ email, name: null, role: "member", passwordHash: null });

  it("links a provider person to a user, lists per user, and refuses a second link of the same person", async () => {
    const ada = await newUser("ada@example.com");
    const bob = await newUser("bob@example.com");
    const link = { userId: ada.id, provider: "oidc", providerAccountId: "sub-1", type: "oidc" };
    expect(await t.store.accounts.link(link)).toEqual(link);
    expect(await t.store.accounts.get("oidc", "sub-1")).toEqual(link);
    expect(await t.store.accounts.get("oidc", "sub-2")).toBeNull();
    expect(await t.store.accounts.get("other", "sub-1")).toBeNull();
    await expect(t.store.accounts.link({ ...link, userId: bob.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.store.accounts.get("oidc", "sub-1")).toEqual(link);
    expect(await t.store.accounts.listByUser(ada.id)).toEqual([link]);
    expect(await t.store.accounts.listByUser(bob.id)).toEqual([]);
  });

  it("refuses a link to a user that does not exist, and drops the links of a deleted user", async () => {
    await expect(t.store.accounts.link({ userId: "missing", provider: "oidc", providerAccountId: "x", type: "oidc" })).rejects.toMatchObject({ code: "INTEGRITY" });
    const ada = await newUser("ada@example.com");
    await t.store.accounts.link({ userId: ada.id, provider: "oidc", providerAccountId: "sub-1", type: "oidc" });
    await t.store.users.delete(ada.id);
    expect(await t.store.accounts.get("oidc", "sub-1")).toBeNull();
  });

  it("rolls a link back with its transaction", async () => {
    const ada = await newUser("ada@example.com");
    await expect(
      t.store.transaction(async (tx) => {
        await tx.accounts.link({ userId: ada.id, provider: "oidc", providerAccountId: "sub-1", type: "oidc" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await t.store.accounts.get("oidc", "sub-1")).toBeNull();
  });
});
