import type { Actor } from "@/domain/actor";
import { DomainError, isDomainError } from "@/domain/errors";
import { emailSchema, passwordSchema, type User, type UserRole } from "@/domain/user";
import { parseOrThrow } from "@/domain/validate";
import { decoyPasswordHash, generatePassword, hashPassword, verifyPassword } from "../crypto/password";
import type { Store } from "../store/types";
import { recordAudit } from "./audit";

export type PublicUser = Omit<User, "passwordHash">;

function toPublic({ passwordHash: _omit, ...user }: User): PublicUser {
  return user;
}

export async function createUser(store: Store, actor: Actor, input: { email: string; password: string; name?: string | null; role: UserRole }): Promise<PublicUser> {
  const email = parseOrThrow(emailSchema, input.email, "email");
  const password = parseOrThrow(passwordSchema, input.password, "password");
  const passwordHash = await hashPassword(password);
  return store.transaction(async (tx) => {
    if (await tx.users.getByEmail(email)) throw new DomainError("CONFLICT", `a user with email ${email} already exists`);
    const user = await tx.users.create({ email, name: input.name ?? null, role: input.role, passwordHash });
    await recordAudit(tx, actor, "user.create", { type: "user", id: user.id }, { email, role: user.role });
    return toPublic(user);
  });
}

/** Checks an email and password; null when either is wrong or the user is disabled (same time either way). */
export async function verifyCredentials(store: Store, email: string, password: string): Promise<PublicUser | null> {
  const parsedEmail = emailSchema.safeParse(email);
  const user = parsedEmail.success ? await store.users.getByEmail(parsedEmail.data) : null;
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  // A disabled user's right password still opens nothing.
  return ok && user?.passwordHash && !user.disabledAt ? toPublic(user) : null;
}

export type FirstAdminResult = { created: false } | { created: true; email: string /** Set only when Shipyard generated it: print it once. */; generatedPassword: string | null };

/**
 * On a fresh install, creates the first admin from SHIPYARD_ADMIN_EMAIL/PASSWORD or with a
 * generated password. Does nothing once any user exists.
 */
export async function ensureFirstAdmin(store: Store, actor: Actor, options: { email?: string; password?: string }): Promise<FirstAdminResult> {
  if ((await store.users.count()) > 0) return { created: false };
  const email = options.email ?? "admin@shipyard.local";
  const generatedPassword = options.password ? null : generatePassword();
  try {
    await createUser(store, actor, { email, password: options.password ?? generatedPassword ?? "", role: "admin", name: "Admin" });
  } catch (error) {
    // Two processes starting at once: the other one created the admin.
    if (isDomainError(error) && error.code === "CONFLICT") return { created: false };
    throw error;
  }
  return { created: true, email, generatedPassword };
}
