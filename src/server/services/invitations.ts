import { randomBytes } from "node:crypto";
import type { Actor } from "@/domain/actor";
import { actorRef } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import { type CreateInvitationInput, createInvitationInputSchema, type Invitation, invitationState } from "@/domain/invitation";
import type { NewMail } from "@/domain/mail";
import type { Page } from "@/domain/pagination";
import { INVITATION_PREFIX, isWellFormedToken, TOKEN_RANDOM_BYTES, formatToken } from "@/domain/token-format";
import { passwordSchema, userNameSchema } from "@/domain/user";
import { parseOrThrow } from "@/domain/validate";
import { hashPassword } from "../crypto/password";
import { hashToken } from "../crypto/token-hash";
import type { ReadStore } from "../store/read-only";
import type { PageRequest, Store } from "../store/types";
import { recordAudit } from "./audit";
import { enqueueMail, type MailConfig } from "./mail";
import type { PublicUser } from "./users";

// Joining by invitation: an admin names an email and the roles it gets; the invitee opens the
// one-time link, chooses a name and password, and is signed up with exactly those roles. The
// link's secret is shown once (and mailed when mail is on); only its hash is kept.

const DAY_MS = 24 * 60 * 60 * 1000;

export type PublicInvitation = Omit<Invitation, "tokenHash"> & { state: ReturnType<typeof invitationState> };

function toPublic({ tokenHash: _omit, ...invitation }: Invitation, now: Date): PublicInvitation {
  return { ...invitation, state: invitationState(invitation, now) };
}

export interface CreatedInvitation {
  invitation: PublicInvitation;
  /** The link (its secret in this answer only), for the admin to pass on. */
  url: string;
  /** Whether the link was also queued for mailing to the invitee (mail is on). */
  mailed: boolean;
}

/** Where invitation links point and whether mail goes out (the composition root's links and SMTP settings). */
export interface InvitationDeps {
  link: (secret: string) => string;
  mail: Pick<MailConfig, "smtpUrl">;
}

function invitationMail(email: string, url: string, expiresAt: Date): NewMail {
  return {
    kind: "invitation",
    to: email,
    subject: "You are invited to Shipyard",
    text: [
      "You have been invited to Shipyard, where your team shares app builds.",
      "",
      "Open this link to choose your name and password:",
      url,
      "",
      `The link works once, until ${expiresAt.toUTCString()}. If you did not expect it, ignore this message.`,
    ].join("\n"),
  };
}

/** Invites an email (mailing the link when mail is on). A pending invitation of the same email is revoked: one link works at a time. */
export async function inviteUser(store: Store, deps: InvitationDeps, actor: Actor, raw: CreateInvitationInput, now = new Date()): Promise<CreatedInvitation> {
  const input = parseOrThrow(createInvitationInputSchema, raw, "invitation");
  const secret = formatToken(randomBytes(TOKEN_RANDOM_BYTES), INVITATION_PREFIX);
  return store.transaction(async (tx) => {
    if (await tx.users.getByEmail(input.email)) throw new DomainError("CONFLICT", `${input.email} already has an account`, { issues: [{ path: "email", message: "already has an account" }] });
    for (const grant of input.appRoles) if (!(await tx.apps.getById(grant.appId))) throw DomainError.notFound("app", grant.appId);
    // An admin's invitation gives every app: app roles would mean nothing.
    const appRoles = input.role === "admin" ? [] : input.appRoles;
    // A pending invitation of the same address stops working: the newest link is the one that counts.
    await tx.invitations.revokePending(input.email, now);
    const invitation = await tx.invitations.create({
      email: input.email,
      tokenHash: hashToken(secret),
      role: input.role,
      appRoles,
      createdBy: actorRef(actor),
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
    });
    const url = deps.link(secret);
    const mailed = (await enqueueMail(tx, deps.mail, invitationMail(input.email, url, invitation.expiresAt), now)) !== null;
    await recordAudit(tx, actor, "user.invite", { type: "invitation", id: invitation.id }, { email: input.email, role: input.role, appRoles, expiresAt: invitation.expiresAt.toISOString(), mailed });
    return { invitation: toPublic(invitation, now), url, mailed };
  });
}

export async function listInvitations(store: Pick<ReadStore, "invitations">, page: PageRequest, now = new Date()): Promise<Page<PublicInvitation>> {
  const found = await store.invitations.list(page);
  return { items: found.items.map((i) => toPublic(i, now)), nextCursor: found.nextCursor };
}

export async function revokeInvitation(store: Store, actor: Actor, id: string, now = new Date()): Promise<PublicInvitation> {
  return store.transaction(async (tx) => {
    const invitation = await tx.invitations.getById(id);
    if (!invitation) throw DomainError.notFound("invitation", id);
    if (!(await tx.invitations.revoke(id, now))) throw new DomainError("CONFLICT", `this invitation is ${invitationState(invitation, now)}, not pending`);
    await recordAudit(tx, actor, "invitation.revoke", { type: "invitation", id }, { email: invitation.email });
    return toPublic({ ...invitation, revokedAt: now }, now);
  });
}

/** What the invitation page shows before the invitee accepts: whom it is for, or why it no longer works. */
export type InvitationLookup = { ok: true; email: string; role: Invitation["role"]; expiresAt: Date } | { ok: false; reason: "unknown" | "accepted" | "revoked" | "expired" };

export async function lookUpInvitation(store: Pick<ReadStore, "invitations">, secret: string, now = new Date()): Promise<InvitationLookup> {
  if (!isWellFormedToken(secret, INVITATION_PREFIX)) return { ok: false, reason: "unknown" };
  const invitation = await store.invitations.getByHash(hashToken(secret));
  if (!invitation) return { ok: false, reason: "unknown" };
  const state = invitationState(invitation, now);
  return state === "pending" ? { ok: true, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt } : { ok: false, reason: state };
}

/**
 * Accepts an invitation: creates the user with its roles, in one transaction with the claim of the
 * invitation (one conditional write), so a link used twice at once makes one account.
 */
export async function acceptInvitation(store: Store, secret: string, raw: { name: string; password: string }, now = new Date()): Promise<PublicUser> {
  const name = parseOrThrow(userNameSchema, raw.name, "name");
  const password = parseOrThrow(passwordSchema, raw.password, "password");
  const found = await lookUpInvitation(store, secret, now);
  if (!found.ok) throw new DomainError(found.reason === "unknown" ? "NOT_FOUND" : "CONFLICT", found.reason === "unknown" ? "this invitation link is not valid" : `this invitation was ${found.reason}`);
  const passwordHash = await hashPassword(password);
  return store.transaction(async (tx) => {
    const invitation = await tx.invitations.getByHash(hashToken(secret));
    if (!invitation) throw new DomainError("NOT_FOUND", "this invitation link is not valid");
    if (await tx.users.getByEmail(invitation.email)) throw new DomainError("CONFLICT", `${invitation.email} already has an account`);
    const user = await tx.users.create({ email: invitation.email, name, role: invitation.role, passwordHash });
    if (!(await tx.invitations.claim(invitation.id, user.id, now))) throw new DomainError("CONFLICT", `this invitation was ${invitationState(invitation, now)}`);
    const granted = [];
    for (const grant of invitation.appRoles) {
      // An app deleted since the invitation was made is skipped.
      if (!(await tx.apps.getById(grant.appId))) continue;
      await tx.members.set(grant.appId, user.id, grant.role);
      granted.push(grant);
    }
    await recordAudit(tx, { kind: "user", id: user.id }, "user.create", { type: "user", id: user.id }, { email: user.email, role: user.role, invitation: invitation.id, appRoles: granted });
    const { passwordHash: _omit, ...publicUser } = user;
    return publicUser;
  });
}
