// Single sign-on's user logic on both stores: find or create by verified email, link by subject,
// refuse hostile or unwelcome claims without writing anything, and map the role claim both ways.
import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { honoursClaim } from "@/domain/session";
import type { SsoPolicy } from "@/domain/sso";
import { createApp } from "@/server/services/apps";
import { inviteUser } from "@/server/services/invitations";
import { signInWithSso } from "@/server/services/sso-sign-in";
import { disableUser } from "@/server/services/user-admin";
import { createUser, verifyCredentials } from "@/server/services/users";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const PASSWORD = "correct horse battery";
const NOW = new Date("2026-12-07T10:00:00.000Z");
const open: SsoPolicy = { provider: "oidc", allowedDomains: [], roleClaim: null, adminValues: [] };
const mapped: SsoPolicy = { ...open, roleClaim: "groups", adminValues: ["shipyard-admins"] };
const claims = (sub: string, email: string, extra: Record<string, unknown> = {}) => ({ sub, email, email_verified: true, name: "Someone", ...extra });

describe.each(STORE_KINDS)("single sign-on: $kind", ({ open: openStore }) => {
  const t = storePerTest(openStore);

  const actions = async () => (await t.store.audit.list({}, { limit: 100 })).items.map((e) => e.action).sort();
  const accountsOf = (userId: string) => t.store.accounts.listByUser(userId);

  it("creates a member on the first sign-in, links the subject, and finds them by it afterwards", async () => {
    const first = await signInWithSso(t.store, open, claims("sub-1", "Ada@Example.com"), NOW);
    if (!first.ok) throw new Error(first.reason);
    expect(first).toMatchObject({ created: true, user: { email: "ada@example.com", name: "Someone", role: "member", lastSignInAt: NOW, sessionVersion: 0 } });
    const stored = await t.store.users.getById(first.user.id);
    expect(stored?.passwordHash).toBeNull();
    expect(await t.store.accounts.get("oidc", "sub-1")).toEqual({ userId: first.user.id, provider: "oidc", providerAccountId: "sub-1", type: "oidc" });
    const created = (await t.store.audit.list({ action: "user.create" }, { limit: 10 })).items;
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: `user:${first.user.id}`, targetId: first.user.id, metadata: { email: "ada@example.com", role: "member", sso: true, provider: "oidc" } });

    const again = await signInWithSso(t.store, open, claims("sub-1", "ada@example.com"), new Date(NOW.getTime() + 60_000));
    expect(again).toMatchObject({ ok: true, created: false, user: { id: first.user.id, lastSignInAt: new Date(NOW.getTime() + 60_000) } });
    expect(await accountsOf(first.user.id)).toHaveLength(1);
    expect(await t.store.users.count()).toBe(1);
    expect(await actions()).toEqual(["user.create", "user.sso_sign_in", "user.sso_sign_in"]);
  });

  it("links an existing password user by email, keeping their password and role, and hands out their session version", async () => {
    const ada = await createUser(t.store, SYSTEM_ACTOR, { email: "ada@example.com", password: PASSWORD, role: "admin" });
    await t.store.users.update(ada.id, { sessionVersion: 3 });
    const outcome = await signInWithSso(t.store, open, claims("sub-1", "ADA@example.com"), NOW);
    expect(outcome).toMatchObject({ ok: true, created: false, user: { id: ada.id, role: "admin", sessionVersion: 3 } });
    if (!outcome.ok) return;
    expect(honoursClaim(await t.store.users.getById(ada.id), { userId: outcome.user.id, version: outcome.user.sessionVersion })).toBe(true);
    expect(await verifyCredentials(t.store, "ada@example.com", PASSWORD)).not.toBeNull();
    expect(await t.store.accounts.get("oidc", "sub-1")).toMatchObject({ userId: ada.id });
  });

  it("never takes over an existing account, nor claims an invitation, by an email the provider does not say is verified", async () => {
    const root = await createUser(t.store, SYSTEM_ACTOR, { email: "root@example.com", password: PASSWORD, role: "admin" });
    const unstated = (sub: string, email: string) => ({ sub, email, name: "Someone" });
    // An address set at the provider unchecked (no email_verified claim) names the admin: refused, nothing linked.
    expect(await signInWithSso(t.store, open, unstated("sub-x", "root@example.com"), NOW)).toEqual({ ok: false, reason: "unverified" });
    expect(await t.store.accounts.get("oidc", "sub-x")).toBeNull();
    // Nor does it claim (or squat) an invitation sent to that address: refused, the invitation still pending.
    const deps = { link: (secret: string) => `https://ship.example.com/login/invitation/${secret}`, mail: { smtpUrl: null } };
    const invited = await inviteUser(t.store, deps, { kind: "user", id: root.id }, { email: "boss@example.com", role: "admin" }, NOW);
    expect(await signInWithSso(t.store, open, unstated("sub-y", "boss@example.com"), NOW)).toEqual({ ok: false, reason: "unverified" });
    expect(await t.store.invitations.getById(invited.invitation.id)).toMatchObject({ acceptedAt: null });
    expect(await t.store.users.getByEmail("boss@example.com")).toBeNull();
    // A newcomer nobody invited still gets a plain member account.
    expect(await signInWithSso(t.store, open, unstated("sub-z", "new@example.com"), NOW)).toMatchObject({ ok: true, created: true, user: { role: "member" } });
  });

  describe("refuses hostile or unwelcome claims, writing nothing", () => {
    const cases: [string, unknown, SsoPolicy, string][] = [
      ["no email", { sub: "sub-1", email_verified: true }, open, "no_email"],
      ["an email that is not one", claims("sub-1", "ada at example.com"), open, "no_email"],
      ["an unverified email", claims("sub-1", "ada@example.com", { email_verified: false }), open, "unverified"],
      ["a domain not allowed", claims("sub-1", "eve@evil.example"), { ...open, allowedDomains: ["example.com"] }, "domain"],
      ["a subdomain of an allowed domain", claims("sub-1", "eve@evil.example.com"), { ...open, allowedDomains: ["example.com"] }, "domain"],
    ];
    it.each(cases)("%s", async (_what, hostile, policy, reason) => {
      const existing = await createUser(t.store, SYSTEM_ACTOR, { email: "ada@example.com", password: PASSWORD, role: "member" });
      const before = await actions();
      expect(await signInWithSso(t.store, policy, hostile, NOW)).toEqual({ ok: false, reason });
      expect(await t.store.users.count()).toBe(1);
      expect(await t.store.accounts.get("oidc", "sub-1")).toBeNull();
      expect((await t.store.users.getById(existing.id))?.lastSignInAt).toBeNull();
      expect(await actions()).toEqual(before);
    });
  });

  it("refuses a disabled user without linking or recording a sign-in, linked or not", async () => {
    const admin = await createUser(t.store, SYSTEM_ACTOR, { email: "root@example.com", password: PASSWORD, role: "admin" });
    const ada = await createUser(t.store, SYSTEM_ACTOR, { email: "ada@example.com", password: PASSWORD, role: "member" });
    await disableUser(t.store, { kind: "user", id: admin.id }, ada.id);
    expect(await signInWithSso(t.store, open, claims("sub-1", "ada@example.com"), NOW)).toEqual({ ok: false, reason: "disabled" });
    expect(await t.store.accounts.get("oidc", "sub-1")).toBeNull();

    const bob = await signInWithSso(t.store, open, claims("sub-2", "bob@example.com"), NOW);
    if (!bob.ok) throw new Error(bob.reason);
    await disableUser(t.store, { kind: "user", id: admin.id }, bob.user.id);
    expect(await signInWithSso(t.store, open, claims("sub-2", "bob@example.com"), new Date(NOW.getTime() + 1000))).toEqual({ ok: false, reason: "disabled" });
    expect((await t.store.users.getById(bob.user.id))?.lastSignInAt).toEqual(NOW);
  });

  it("never lets a linked subject take over another user, nor a new subject take over a linked user", async () => {
    const ada = await signInWithSso(t.store, open, claims("sub-ada", "ada@example.com"), NOW);
    const bob = await createUser(t.store, SYSTEM_ACTOR, { email: "bob@example.com", password: PASSWORD, role: "admin" });
    if (!ada.ok) throw new Error(ada.reason);

    // Ada's subject now claims Bob's address: neither Ada's link nor Bob's account moves.
    expect(await signInWithSso(t.store, open, claims("sub-ada", "bob@example.com"), NOW)).toEqual({ ok: false, reason: "linked_elsewhere" });
    expect(await accountsOf(bob.id)).toEqual([]);
    expect(await t.store.accounts.get("oidc", "sub-ada")).toMatchObject({ userId: ada.user.id });

    // Someone new at the provider with Ada's (recycled) address: Ada stays linked to her subject only.
    expect(await signInWithSso(t.store, open, claims("sub-new", "ada@example.com"), NOW)).toEqual({ ok: false, reason: "linked_elsewhere" });
    expect(await t.store.accounts.get("oidc", "sub-new")).toBeNull();
    expect((await accountsOf(ada.user.id)).map((a) => a.providerAccountId)).toEqual(["sub-ada"]);

    // The same person under a new address nobody has: still Ada, by her subject.
    expect(await signInWithSso(t.store, open, claims("sub-ada", "ada.lovelace@example.com"), NOW)).toMatchObject({ ok: true, user: { id: ada.user.id, email: "ada@example.com" } });
    expect(await t.store.users.count()).toBe(2);
  });

  it("maps the role claim on every sign-in, both ways, and audits each change", async () => {
    await createUser(t.store, SYSTEM_ACTOR, { email: "root@example.com", password: PASSWORD, role: "admin" });
    const admins = { groups: ["staff", "shipyard-admins"] };

    const ada = await signInWithSso(t.store, mapped, claims("sub-ada", "ada@example.com", admins), NOW);
    expect(ada).toMatchObject({ ok: true, created: true, user: { role: "admin" } });
    const bob = await signInWithSso(t.store, mapped, claims("sub-bob", "bob@example.com", { groups: ["staff"] }), NOW);
    expect(bob).toMatchObject({ ok: true, created: true, user: { role: "member" } });
    if (!ada.ok || !bob.ok) return;

    // Ada left the group: demoted. Bob joined it: promoted. A missing claim counts as no group.
    expect(await signInWithSso(t.store, mapped, claims("sub-ada", "ada@example.com", { groups: ["staff"] }), NOW)).toMatchObject({ ok: true, user: { role: "member" } });
    expect(await signInWithSso(t.store, mapped, claims("sub-bob", "bob@example.com", admins), NOW)).toMatchObject({ ok: true, user: { role: "admin" } });
    expect(await signInWithSso(t.store, mapped, claims("sub-bob", "bob@example.com"), NOW)).toMatchObject({ ok: true, user: { role: "member" } });
    expect((await t.store.users.getById(bob.user.id))?.role).toBe("member");

    const changes = (await t.store.audit.list({ action: "user.set_role" }, { limit: 10 })).items.map((e) => ({ actor: e.actor, target: e.targetId, ...e.metadata }));
    expect(changes).toHaveLength(3);
    expect(changes).toEqual(
      expect.arrayContaining([
        { actor: "system", target: ada.user.id, email: "ada@example.com", from: "admin", to: "member", sso: true, provider: "oidc" },
        { actor: "system", target: bob.user.id, email: "bob@example.com", from: "member", to: "admin", sso: true, provider: "oidc" },
        { actor: "system", target: bob.user.id, email: "bob@example.com", from: "admin", to: "member", sso: true, provider: "oidc" },
      ]),
    );
  });

  it("accepts an invitation pending for a newcomer's address: its role and app roles, claimed once", async () => {
    const root = await createUser(t.store, SYSTEM_ACTOR, { email: "root@example.com", password: PASSWORD, role: "admin" });
    const app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "private" });
    const deps = { link: (secret: string) => `https://ship.example.com/login/invitation/${secret}`, mail: { smtpUrl: null } };
    const invited = await inviteUser(t.store, deps, { kind: "user", id: root.id }, { email: "ada@example.com", role: "member", appRoles: [{ appId: app.id, role: "maintainer" }] }, NOW);
    await inviteUser(t.store, deps, { kind: "user", id: root.id }, { email: "bob@example.com", role: "admin" }, NOW);

    const ada = await signInWithSso(t.store, open, claims("sub-ada", "ada@example.com"), NOW);
    if (!ada.ok) throw new Error(ada.reason);
    expect(ada.user.role).toBe("member");
    expect(await t.store.members.get(app.id, ada.user.id)).toMatchObject({ role: "maintainer" });
    expect(await t.store.invitations.getById(invited.invitation.id)).toMatchObject({ acceptedBy: ada.user.id });
    const created = (await t.store.audit.list({ action: "user.create" }, { limit: 10 })).items.find((e) => e.targetId === ada.user.id);
    expect(created?.metadata).toMatchObject({ sso: true, invitation: invited.invitation.id, appRoles: [{ appId: app.id, role: "maintainer" }] });

    // The invitation's role holds without a mapping; with one, the provider decides.
    expect(await signInWithSso(t.store, open, claims("sub-bob", "bob@example.com"), NOW)).toMatchObject({ ok: true, user: { role: "admin" } });
    await inviteUser(t.store, deps, { kind: "user", id: root.id }, { email: "cy@example.com", role: "admin" }, NOW);
    expect(await signInWithSso(t.store, mapped, claims("sub-cy", "cy@example.com", { groups: [] }), NOW)).toMatchObject({ ok: true, user: { role: "member" } });
    // An expired invitation gives nothing.
    await inviteUser(t.store, deps, { kind: "user", id: root.id }, { email: "dee@example.com", role: "admin", expiresInDays: 1 }, NOW);
    expect(await signInWithSso(t.store, open, claims("sub-dee", "dee@example.com"), new Date(NOW.getTime() + 2 * 86_400_000))).toMatchObject({ ok: true, user: { role: "member" } });
  });

  it("leaves roles alone without a mapping, and never demotes the last enabled admin", async () => {
    const root = await createUser(t.store, SYSTEM_ACTOR, { email: "root@example.com", password: PASSWORD, role: "admin" });
    expect(await signInWithSso(t.store, open, claims("sub-root", "root@example.com", { groups: [] }), NOW)).toMatchObject({ ok: true, user: { role: "admin" } });
    expect(await signInWithSso(t.store, mapped, claims("sub-root", "root@example.com", { groups: ["staff"] }), NOW)).toMatchObject({ ok: true, user: { id: root.id, role: "admin" } });
    expect((await t.store.audit.list({ action: "user.set_role" }, { limit: 10 })).items).toEqual([]);
  });
});
