// Single sign-on: the Shipyard user an OpenID provider's person signs in as, found or created by
// verified email and linked by the provider's stable subject, with the claim-to-role mapping
// applied on every sign-in. The caller (next-auth's signIn callback) puts the user's id and
// session version into the session, exactly as for a password sign-in.
import { type Actor, SYSTEM_ACTOR } from "@/domain/actor";
import { identityOfClaims, roleOfClaims, type SsoIdentity, type SsoPolicy, type SsoRefusal } from "@/domain/sso";
import type { User, UserRole } from "@/domain/user";
import type { Store } from "../store/types";
import { recordAudit } from "./audit";
import type { PublicUser } from "./users";

export type SsoSignInOutcome = { ok: true; user: PublicUser; created: boolean } | { ok: false; reason: SsoRefusal };

type Found = { ok: true; user: User | null; linked: boolean } | { ok: false; reason: SsoRefusal };

function toPublic({ passwordHash: _omit, ...user }: User): PublicUser {
  return user;
}

/**
 * The link decides who a provider's person is; the email only finds the user the first time.
 * Neither may take over someone else: a linked person whose email now names another Shipyard user
 * is refused, and so is a new person whose email names a user already linked to a different
 * person at this provider (an address the provider gave to someone new).
 */
async function findUser(tx: Store, provider: string, identity: SsoIdentity): Promise<Found> {
  const link = await tx.accounts.get(provider, identity.subject);
  const byEmail = await tx.users.getByEmail(identity.email);
  if (link) {
    if (byEmail && byEmail.id !== link.userId) return { ok: false, reason: "linked_elsewhere" };
    return { ok: true, user: byEmail ?? (await tx.users.getById(link.userId)), linked: true };
  }
  if (byEmail && (await tx.accounts.listByUser(byEmail.id)).some((a) => a.provider === provider)) return { ok: false, reason: "linked_elsewhere" };
  // Taking over an existing account by email needs the provider's word that the email is verified.
  if (byEmail && !identity.emailVerified) return { ok: false, reason: "unverified" };
  return { ok: true, user: byEmail, linked: false };
}

async function hasAnotherEnabledAdmin(tx: Store, userId: string): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await tx.users.list({ limit: 100, cursor });
    if (page.items.some((u) => u.id !== userId && u.role === "admin" && u.disabledAt === null)) return true;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return false;
}

/** Applies the mapped role; the last enabled admin stays admin, as everywhere in Shipyard. */
async function applyRole(tx: Store, user: User, role: UserRole, provider: string): Promise<User> {
  if (role === user.role) return user;
  if (role !== "admin" && !(await hasAnotherEnabledAdmin(tx, user.id))) return user;
  const updated = await tx.users.update(user.id, { role });
  await recordAudit(tx, SYSTEM_ACTOR, "user.set_role", { type: "user", id: user.id }, { email: user.email, from: user.role, to: role, sso: true, provider });
  return updated;
}

/**
 * A newcomer's account. An invitation pending for their address is accepted on the way: it was
 * sent to that address and the provider vouches for it, so its app roles are granted, and its
 * role holds unless the role claim decides (without an invitation or a mapping: member, who sees
 * what app roles an admin gives them).
 */
async function createSsoUser(tx: Store, identity: SsoIdentity, mapped: UserRole | null, provider: string, now: Date): Promise<User> {
  const invitation = await tx.invitations.getPendingByEmail(identity.email, now);
  let user = await tx.users.create({ email: identity.email, name: identity.name, role: mapped ?? "member", passwordHash: null });
  const granted = [];
  let accepted: string | null = null;
  // Only an invitation this sign-in claimed gives anything (one conditional write, as on its page).
  if (invitation && (await tx.invitations.claim(invitation.id, user.id, now))) {
    accepted = invitation.id;
    if (mapped === null && invitation.role !== user.role) user = await tx.users.update(user.id, { role: invitation.role });
    for (const grant of invitation.appRoles) {
      // An app deleted since the invitation was made is skipped.
      if (!(await tx.apps.getById(grant.appId))) continue;
      await tx.members.set(grant.appId, user.id, grant.role);
      granted.push(grant);
    }
  }
  const self: Actor = { kind: "user", id: user.id };
  const fromInvitation = accepted ? { invitation: accepted, appRoles: granted } : {};
  await recordAudit(tx, self, "user.create", { type: "user", id: user.id }, { email: user.email, role: user.role, sso: true, provider, ...fromInvitation });
  return user;
}

export async function signInWithSso(store: Store, policy: SsoPolicy, claims: unknown, now = new Date()): Promise<SsoSignInOutcome> {
  const read = identityOfClaims(claims, policy);
  if (!read.ok) return read;
  const { identity } = read;
  const mapped = roleOfClaims(claims, policy);
  return store.transaction(async (tx): Promise<SsoSignInOutcome> => {
    const found = await findUser(tx, policy.provider, identity);
    if (!found.ok) return found;
    // Refused before anything is written: a disabled user's sign-in changes nothing.
    if (found.user?.disabledAt) return { ok: false, reason: "disabled" };
    // An invitation was sent to an address: only the provider's word that the email is verified
    // may claim it, or create the account its invitee would then be refused.
    if (found.user === null && !identity.emailVerified && (await tx.invitations.getPendingByEmail(identity.email, now))) return { ok: false, reason: "unverified" };
    let user = found.user;
    const created = user === null;
    if (user === null) {
      user = await createSsoUser(tx, identity, mapped, policy.provider, now);
    } else if (mapped) {
      user = await applyRole(tx, user, mapped, policy.provider);
    }
    if (!found.linked) await tx.accounts.link({ userId: user.id, provider: policy.provider, providerAccountId: identity.subject, type: "oidc" });
    user = await tx.users.update(user.id, { lastSignInAt: now });
    await recordAudit(tx, { kind: "user", id: user.id }, "user.sso_sign_in", { type: "user", id: user.id }, { email: user.email, provider: policy.provider, role: user.role, linked: !found.linked });
    return { ok: true, user: toPublic(user), created };
  });
}
