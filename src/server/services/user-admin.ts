import { randomBytes } from "node:crypto";
import { type Actor, actorRef } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import type { Page } from "@/domain/pagination";
import type { AppRole } from "@/domain/roles";
import { formatToken, PASSWORD_RESET_PREFIX, TOKEN_RANDOM_BYTES } from "@/domain/token-format";
import type { NewMail } from "@/domain/mail";
import { emailSchema, type User, type UserRole } from "@/domain/user";
import { hashToken } from "../crypto/token-hash";
import type { PageRequest, Store } from "../store/types";
import { recordAudit } from "./audit";
import { enqueueMail, type MailConfig, mailEnabled } from "./mail";
import type { PublicUser } from "./users";

// An admin's work on other users: roles (global and per app), disabling, deleting, reset links.
// Shipyard always keeps one enabled admin: the last one cannot be demoted, disabled or deleted.

const RESET_LINK_MS = 24 * 60 * 60 * 1000;

export interface UserRow extends PublicUser {
  apps: { appId: string; slug: string; displayName: string; role: AppRole }[];
}

function toPublic({ passwordHash: _omit, ...user }: User): PublicUser {
  return user;
}

/** Users newest first, each with the apps they hold a role on (three reads whatever the page size). */
export async function listUsers(store: Store, page: PageRequest): Promise<Page<UserRow>> {
  return store.readTransaction(async (tx) => {
    const users = await tx.users.list(page);
    const memberships = await tx.members.listByUsers(users.items.map((u) => u.id));
    const apps = await tx.apps.list({ limit: 1000 }, { ids: [...new Set(memberships.map((m) => m.appId))] });
    const appById = new Map(apps.items.map((a) => [a.id, a]));
    return {
      nextCursor: users.nextCursor,
      items: users.items.map((user) => ({
        ...toPublic(user),
        apps: memberships.flatMap((m) => {
          const app = m.userId === user.id ? appById.get(m.appId) : undefined;
          return app ? [{ appId: app.id, slug: app.slug, displayName: app.displayName, role: m.role }] : [];
        }),
      })),
    };
  });
}

async function userOrThrow(tx: Store, id: string): Promise<User> {
  const user = await tx.users.getById(id);
  if (!user) throw DomainError.notFound("user", id);
  return user;
}

/** Refuses a change that would leave no enabled admin. */
async function keepAnAdmin(tx: Store, leaving: User): Promise<void> {
  if (leaving.role !== "admin" || leaving.disabledAt !== null) return;
  let cursor: string | undefined;
  do {
    const page = await tx.users.list({ limit: 100, cursor });
    if (page.items.some((u) => u.id !== leaving.id && u.role === "admin" && u.disabledAt === null)) return;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  throw new DomainError("CONFLICT", "Shipyard needs at least one enabled admin: make someone else an admin first");
}

function notSelf(actor: Actor, userId: string, what: string): void {
  if (actor.kind === "user" && actor.id === userId) throw new DomainError("CONFLICT", `you cannot ${what} yourself; another admin can`);
}

export async function setUserRole(store: Store, actor: Actor, userId: string, role: UserRole): Promise<PublicUser> {
  return store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    if (user.role === role) return toPublic(user);
    if (role !== "admin") await keepAnAdmin(tx, user);
    const updated = await tx.users.update(userId, { role });
    await recordAudit(tx, actor, "user.set_role", { type: "user", id: userId }, { email: user.email, from: user.role, to: role });
    return toPublic(updated);
  });
}

/** Gives a member a role on one app, or takes it away (null). */
export async function setAppRole(store: Store, actor: Actor, userId: string, appId: string, role: AppRole | null): Promise<void> {
  await store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    const app = await tx.apps.getById(appId);
    if (!app) throw DomainError.notFound("app", appId);
    const before = await tx.members.get(appId, userId);
    if ((before?.role ?? null) === role) return;
    if (role === null) await tx.members.remove(appId, userId);
    else await tx.members.set(appId, userId, role);
    await recordAudit(tx, actor, "user.set_app_role", { type: "user", id: userId }, { appId, email: user.email, app: app.slug, from: before?.role ?? null, to: role });
  });
}

/** Disables a user: no sign-in, and every session they hold ends on its next request. */
export async function disableUser(store: Store, actor: Actor, userId: string, now = new Date()): Promise<PublicUser> {
  notSelf(actor, userId, "disable");
  return store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    if (user.disabledAt) return toPublic(user);
    await keepAnAdmin(tx, user);
    const updated = await tx.users.update(userId, { disabledAt: now, sessionVersion: user.sessionVersion + 1 });
    await recordAudit(tx, actor, "user.disable", { type: "user", id: userId }, { email: user.email });
    return toPublic(updated);
  });
}

export async function enableUser(store: Store, actor: Actor, userId: string): Promise<PublicUser> {
  return store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    if (!user.disabledAt) return toPublic(user);
    const updated = await tx.users.update(userId, { disabledAt: null });
    await recordAudit(tx, actor, "user.enable", { type: "user", id: userId }, { email: user.email });
    return toPublic(updated);
  });
}

/** Deletes a user. The audit log keeps their email and name in this event, so their past actions stay named. */
export async function deleteUser(store: Store, actor: Actor, userId: string): Promise<void> {
  notSelf(actor, userId, "delete");
  await store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    await keepAnAdmin(tx, user);
    await tx.users.delete(userId);
    await recordAudit(tx, actor, "user.delete", { type: "user", id: userId }, { email: user.email, name: user.name, role: user.role });
  });
}

export interface CreatedResetLink {
  /** The link (its secret in this answer only). */
  url: string;
  expiresAt: Date;
  /** Whether it was also queued for mailing to the user (mail is on). */
  mailed: boolean;
}

/** Where reset links point and whether mail goes out (from the composition root). */
export interface ResetLinkDeps {
  link: (secret: string) => string;
  mail: Pick<MailConfig, "smtpUrl">;
}

function resetMail(email: string, url: string, expiresAt: Date): NewMail {
  return {
    kind: "password_reset",
    to: email,
    subject: "Choose a new Shipyard password",
    text: [
      "Someone asked for a new password for your Shipyard account.",
      "",
      "Open this link to choose one:",
      url,
      "",
      `The link works once, until ${expiresAt.toUTCString()}. If you did not ask for it, ignore this message: your password stays as it is.`,
    ].join("\n"),
  };
}

/**
 * A one-time link that lets the user choose a new password (for 24 hours), mailed to them when
 * mail is on. Made by an admin for a user, or by anyone for themselves ("forgot password").
 */
export async function createPasswordResetLink(store: Store, deps: ResetLinkDeps, actor: Actor, userId: string, now = new Date()): Promise<CreatedResetLink> {
  const secret = formatToken(randomBytes(TOKEN_RANDOM_BYTES), PASSWORD_RESET_PREFIX);
  return store.transaction(async (tx) => {
    const user = await userOrThrow(tx, userId);
    const reset = await tx.passwordResets.create({ userId, tokenHash: hashToken(secret), createdBy: actorRef(actor), expiresAt: new Date(now.getTime() + RESET_LINK_MS) });
    const url = deps.link(secret);
    const mailed = (await enqueueMail(tx, deps.mail, resetMail(user.email, url, reset.expiresAt), now)) !== null;
    await recordAudit(tx, actor, "user.password_reset_link", { type: "user", id: userId }, { email: user.email, expiresAt: reset.expiresAt.toISOString(), mailed });
    return { url, expiresAt: reset.expiresAt, mailed };
  });
}

/**
 * "Forgot password": mails a reset link to the address if it has an enabled account and mail is on.
 * The caller answers the same whatever happened, so the form tells no one which addresses exist.
 */
export async function requestPasswordReset(store: Store, deps: ResetLinkDeps, email: string, now = new Date()): Promise<void> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || !mailEnabled(deps.mail)) return;
  const user = await store.users.getByEmail(parsed.data);
  if (!user || user.disabledAt) return;
  await createPasswordResetLink(store, deps, { kind: "user", id: user.id }, user.id, now);
}
