// Users of a team on both stores: invitations (one-time, expiring, revocable, one account per link
// even when used twice at once), roles per app, disabling and deleting (the last admin is kept),
// password reset links and the user's own password, each ending the user's sessions.
import { beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { isDomainError } from "@/domain/errors";
import { honoursClaim } from "@/domain/session";
import { changeOwnPassword, lookUpPasswordReset, resetPassword, setReleaseMail } from "@/server/services/account";
import { describeActors } from "@/server/services/actors";
import { createApp } from "@/server/services/apps";
import { acceptInvitation, inviteUser, listInvitations, lookUpInvitation, revokeInvitation } from "@/server/services/invitations";
import { createPasswordResetLink, deleteUser, disableUser, enableUser, listUsers, requestPasswordReset, setAppRole, setUserRole } from "@/server/services/user-admin";
import { createUser, type PublicUser, verifyCredentials } from "@/server/services/users";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const PASSWORD = "correct horse battery";
const mailOff = { smtpUrl: null };
const linkDeps = { link: (secret: string) => `https://ship.example.com/login/invitation/${secret}`, mail: mailOff };
const resetDeps = { link: (secret: string) => `https://ship.example.com/login/reset/${secret}`, mail: mailOff };
const secretOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return "ok";
}

describe.each(STORE_KINDS)("team users: $kind", ({ open }) => {
  const t = storePerTest(open);
  let admin: PublicUser;
  const actor = () => ({ kind: "user" as const, id: admin.id });

  beforeEach(async () => {
    admin = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: PASSWORD, role: "admin" });
  });

  it("signs an invitee up with exactly the invitation's roles, once", async () => {
    const app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    const invited = await inviteUser(t.store, linkDeps, actor(), { email: "  QA@Example.com ", appRoles: [{ appId: app.id, role: "maintainer" }] });
    expect(invited.mailed).toBe(false);
    expect(invited.invitation).toMatchObject({ email: "qa@example.com", role: "member", state: "pending" });
    expect(JSON.stringify(invited.invitation)).not.toContain(secretOf(invited.url));
    const secret = secretOf(invited.url);
    expect(await lookUpInvitation(t.store, secret)).toMatchObject({ ok: true, email: "qa@example.com" });

    const user = await acceptInvitation(t.store, secret, { name: "Quinn", password: "a long new password" });
    expect(user).toMatchObject({ email: "qa@example.com", name: "Quinn", role: "member" });
    expect((await t.store.members.get(app.id, user.id))?.role).toBe("maintainer");
    expect(await verifyCredentials(t.store, "qa@example.com", "a long new password")).not.toBeNull();
    expect(await lookUpInvitation(t.store, secret)).toEqual({ ok: false, reason: "accepted" });
    expect(await code(acceptInvitation(t.store, secret, { name: "Again", password: "a long new password" }))).toBe("CONFLICT");
    expect((await listInvitations(t.store, { limit: 10 })).items[0]).toMatchObject({ state: "accepted", acceptedBy: user.id });
  });

  it("makes one account when the same link is accepted twice at once", async () => {
    const invited = await inviteUser(t.store, linkDeps, actor(), { email: "twice@example.com" });
    const results = await Promise.allSettled([0, 1].map(() => acceptInvitation(t.store, secretOf(invited.url), { name: "Twice", password: "a long new password" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await t.store.users.list({ limit: 10 })).items.filter((u) => u.email === "twice@example.com")).toHaveLength(1);
  });

  it("refuses revoked, expired, replaced and made-up links, and an address that has an account", async () => {
    const first = await inviteUser(t.store, linkDeps, actor(), { email: "r@example.com" });
    const second = await inviteUser(t.store, linkDeps, actor(), { email: "r@example.com" });
    expect(await lookUpInvitation(t.store, secretOf(first.url))).toEqual({ ok: false, reason: "revoked" });
    await revokeInvitation(t.store, actor(), second.invitation.id);
    expect(await lookUpInvitation(t.store, secretOf(second.url))).toEqual({ ok: false, reason: "revoked" });
    expect(await code(revokeInvitation(t.store, actor(), second.invitation.id))).toBe("CONFLICT");

    const old = await inviteUser(t.store, linkDeps, actor(), { email: "late@example.com", expiresInDays: 1 }, new Date(Date.now() - 2 * 86_400_000));
    expect(await lookUpInvitation(t.store, secretOf(old.url))).toEqual({ ok: false, reason: "expired" });
    expect(await code(acceptInvitation(t.store, secretOf(old.url), { name: "Late", password: "a long new password" }))).toBe("CONFLICT");

    for (const hostile of ["", "shi_", "shi_' OR 1=1 --", "shp_".padEnd(42, "A"), "x".repeat(5000), "shi_\u0000"]) {
      expect(await lookUpInvitation(t.store, hostile)).toEqual({ ok: false, reason: "unknown" });
      expect(await code(acceptInvitation(t.store, hostile, { name: "X", password: "a long new password" }))).toBe("NOT_FOUND");
    }
    expect(await code(inviteUser(t.store, linkDeps, actor(), { email: "admin@example.com" }))).toBe("CONFLICT");
    expect(await code(inviteUser(t.store, linkDeps, actor(), { email: "not an email" }))).toBe("INVALID");
    expect(await code(inviteUser(t.store, linkDeps, actor(), { email: "a@example.com", appRoles: [{ appId: "no-such-app", role: "viewer" }] }))).toBe("NOT_FOUND");
  });

  it("gives and takes roles on apps, and lists each user with theirs", async () => {
    const app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "m@example.com", password: PASSWORD, role: "member" });
    await setAppRole(t.store, actor(), member.id, app.id, "viewer");
    await setAppRole(t.store, actor(), member.id, app.id, "tester");
    const rows = (await listUsers(t.store, { limit: 10 })).items;
    expect(rows.find((r) => r.id === member.id)?.apps).toEqual([{ appId: app.id, slug: "hello", displayName: "Hello", role: "tester" }]);
    await setAppRole(t.store, actor(), member.id, app.id, null);
    expect(await t.store.members.listByUser(member.id)).toEqual([]);
    const audit = await t.store.audit.list({ action: "user.set_app_role" }, { limit: 10 });
    expect(audit.items.map((e) => e.metadata.to)).toEqual([null, "tester", "viewer"]);
  });

  it("keeps one enabled admin, and refuses admins acting on themselves", async () => {
    const other = await createUser(t.store, SYSTEM_ACTOR, { email: "other@example.com", password: PASSWORD, role: "member" });
    expect(await code(setUserRole(t.store, actor(), admin.id, "member"))).toBe("CONFLICT");
    expect(await code(disableUser(t.store, actor(), admin.id))).toBe("CONFLICT");
    expect(await code(deleteUser(t.store, { kind: "user", id: other.id }, admin.id))).toBe("CONFLICT");
    await setUserRole(t.store, actor(), other.id, "admin");
    await disableUser(t.store, actor(), other.id);
    // The other admin is disabled: this one is still the last enabled admin.
    expect(await code(setUserRole(t.store, { kind: "user", id: other.id }, admin.id, "member"))).toBe("CONFLICT");
    await enableUser(t.store, actor(), other.id);
    await setUserRole(t.store, { kind: "user", id: other.id }, admin.id, "member");
    expect((await t.store.users.getById(admin.id))?.role).toBe("member");
  });

  it("ends a disabled user's sessions and refuses their password until enabled", async () => {
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "m@example.com", password: PASSWORD, role: "member" });
    const claim = { userId: member.id, version: member.sessionVersion };
    await disableUser(t.store, actor(), member.id);
    expect(honoursClaim(await t.store.users.getById(member.id), claim)).toBe(false);
    expect(await verifyCredentials(t.store, "m@example.com", PASSWORD)).toBeNull();
    await enableUser(t.store, actor(), member.id);
    expect(await verifyCredentials(t.store, "m@example.com", PASSWORD)).not.toBeNull();
    // Enabling does not bring the old sessions back: the user signs in again.
    expect(honoursClaim(await t.store.users.getById(member.id), claim)).toBe(false);
  });

  it("deletes a user, and the audit log still names them by the email they had", async () => {
    const app = await createApp(t.store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello" });
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "gone@example.com", password: PASSWORD, role: "member" });
    await setAppRole(t.store, actor(), member.id, app.id, "maintainer");
    await setReleaseMail(t.store, { kind: "user", id: member.id }, member.id, false);
    await deleteUser(t.store, actor(), member.id);
    expect(await t.store.users.getById(member.id)).toBeNull();
    expect(await t.store.members.listByApp(app.id)).toEqual([]);
    const actors = await describeActors(t.store, [`user:${member.id}`]);
    expect(actors.get(`user:${member.id}`)?.label).toBe("gone@example.com (deleted)");
  });

  it("resets a password once through a link, ending the user's sessions; made-up links open nothing", async () => {
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "m@example.com", password: PASSWORD, role: "member" });
    const link = await createPasswordResetLink(t.store, resetDeps, actor(), member.id);
    const secret = secretOf(link.url);
    expect(await lookUpPasswordReset(t.store, secret)).toEqual({ ok: true, email: "m@example.com" });
    await resetPassword(t.store, secret, "a brand new password");
    expect(await verifyCredentials(t.store, "m@example.com", "a brand new password")).not.toBeNull();
    expect(honoursClaim(await t.store.users.getById(member.id), { userId: member.id, version: 0 })).toBe(false);
    expect(await lookUpPasswordReset(t.store, secret)).toEqual({ ok: false });
    expect(await code(resetPassword(t.store, secret, "yet another password"))).toBe("NOT_FOUND");
    expect(await code(resetPassword(t.store, "shr_nope", "yet another password"))).toBe("NOT_FOUND");
    // Forgot-password with mail off sends nothing and says nothing.
    await requestPasswordReset(t.store, resetDeps, "m@example.com");
    await requestPasswordReset(t.store, resetDeps, "nobody@example.com");
  });

  it("changes the user's own password only with the current one", async () => {
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "m@example.com", password: PASSWORD, role: "member" });
    expect(await code(changeOwnPassword(t.store, member.id, { current: "wrong password here", next: "a brand new password" }))).toBe("INVALID");
    expect(await code(changeOwnPassword(t.store, member.id, { current: PASSWORD, next: "short" }))).toBe("INVALID");
    await changeOwnPassword(t.store, member.id, { current: PASSWORD, next: "a brand new password" });
    expect(await verifyCredentials(t.store, "m@example.com", PASSWORD)).toBeNull();
    expect((await t.store.users.getById(member.id))?.sessionVersion).toBe(1);
  });
});
