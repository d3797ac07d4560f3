import type { Actor } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import { isWellFormedToken, PASSWORD_RESET_PREFIX } from "@/domain/token-format";
import { passwordSchema } from "@/domain/user";
import { parseOrThrow } from "@/domain/validate";
import { hashPassword, verifyPassword } from "../crypto/password";
import { hashToken } from "../crypto/token-hash";
import type { Store } from "../store/types";
import { recordAudit } from "./audit";

// What a user does to their own account. A new password ends every session of the user (their
// session version moves on), this one included: they sign in again with it.

export async function changeOwnPassword(store: Store, userId: string, raw: { current: string; next: string }): Promise<void> {
  const next = parseOrThrow(passwordSchema, raw.next, "new password");
  const user = await store.users.getById(userId);
  if (!user?.passwordHash || !(await verifyPassword(raw.current, user.passwordHash))) {
    throw new DomainError("INVALID", "the current password is not right", { issues: [{ path: "current", message: "not right" }] });
  }
  const passwordHash = await hashPassword(next);
  await store.transaction(async (tx) => {
    const fresh = await tx.users.getById(userId);
    if (!fresh) throw DomainError.notFound("user", userId);
    await tx.users.update(userId, { passwordHash, sessionVersion: fresh.sessionVersion + 1 });
    await recordAudit(tx, { kind: "user", id: userId }, "user.password_change", { type: "user", id: userId }, { email: fresh.email });
  });
}

export async function setReleaseMail(store: Store, actor: Actor, userId: string, notify: boolean): Promise<void> {
  await store.transaction(async (tx) => {
    const user = await tx.users.getById(userId);
    if (!user) throw DomainError.notFound("user", userId);
    if (user.notifyReleases === notify) return;
    await tx.users.update(userId, { notifyReleases: notify });
    await recordAudit(tx, actor, "user.notifications", { type: "user", id: userId }, { email: user.email, releaseMail: notify });
  });
}

/** Whether a reset link still works, and for whom (the page says so before asking for a password). */
export async function lookUpPasswordReset(store: Pick<Store, "passwordResets" | "users">, secret: string, now = new Date()): Promise<{ ok: true; email: string } | { ok: false }> {
  if (!isWellFormedToken(secret, PASSWORD_RESET_PREFIX)) return { ok: false };
  const reset = await store.passwordResets.getByHash(hashToken(secret));
  if (!reset || reset.usedAt || reset.expiresAt.getTime() <= now.getTime()) return { ok: false };
  const user = await store.users.getById(reset.userId);
  return user ? { ok: true, email: user.email } : { ok: false };
}

/** Sets a new password through a one-time reset link; every session of the user ends. */
export async function resetPassword(store: Store, secret: string, rawPassword: string, now = new Date()): Promise<{ email: string }> {
  const password = parseOrThrow(passwordSchema, rawPassword, "password");
  if (!isWellFormedToken(secret, PASSWORD_RESET_PREFIX)) throw new DomainError("NOT_FOUND", "this reset link is not valid");
  const passwordHash = await hashPassword(password);
  return store.transaction(async (tx) => {
    const reset = await tx.passwordResets.getByHash(hashToken(secret));
    if (!reset || !(await tx.passwordResets.claim(reset.id, now))) throw new DomainError("NOT_FOUND", "this reset link is not valid any more: ask for a new one");
    const user = await tx.users.getById(reset.userId);
    if (!user) throw new DomainError("NOT_FOUND", "this reset link is not valid any more");
    await tx.users.update(user.id, { passwordHash, sessionVersion: user.sessionVersion + 1 });
    await recordAudit(tx, { kind: "user", id: user.id }, "user.password_reset", { type: "user", id: user.id }, { email: user.email, link: reset.id });
    return { email: user.email };
  });
}
