import { DomainError } from "@/domain/errors";
import { type AppAccess, accessOf, allows, type AppRole } from "@/domain/roles";
import type { UserRole } from "@/domain/user";
import type { ReadStore } from "../store/read-only";

// What a signed-in user may do on an app, decided in one place for the console (tRPC and its
// pages) and for private install pages. Admins hold every app without a lookup; a member's roles
// are read per request, so a role taken away stops working on the next request.

export interface AccessUser {
  id: string;
  role: UserRole;
}

type MemberReads = Pick<ReadStore, "members">;

/** What the user holds on the app, or null. */
export async function appAccessOf(store: MemberReads, user: AccessUser, appId: string): Promise<AppAccess | null> {
  if (user.role === "admin") return "admin";
  const membership = await store.members.get(appId, user.id);
  return accessOf(user, membership?.role ?? null);
}

/** The user's access to the app if it allows `need`; FORBIDDEN otherwise. */
export async function requireAppAccess(store: MemberReads, user: AccessUser, appId: string, need: AppAccess): Promise<AppAccess> {
  const access = await appAccessOf(store, user, appId);
  if (!allows(access, need)) {
    throw new DomainError("FORBIDDEN", access === null ? "you have no role on this app" : `this needs the ${need} role on this app (you are ${access === "tester" ? "a tester" : `a ${access}`})`);
  }
  return access as AppAccess;
}

/**
 * The apps where the user holds at least `need`: "all" for an admin, else their ids (maybe none).
 * Lists across apps (the apps page, tokens, the audit log) are narrowed to these.
 */
export async function appsWhere(store: MemberReads, user: AccessUser, need: AppAccess): Promise<"all" | string[]> {
  if (user.role === "admin") return "all";
  const memberships = await store.members.listByUser(user.id);
  return memberships.filter((m) => allows(m.role, need)).map((m) => m.appId);
}

/** A member's role on each app they hold one on, by app id (empty for an admin, who holds all). */
export async function rolesOnApps(store: MemberReads, user: AccessUser): Promise<Record<string, AppRole>> {
  if (user.role === "admin") return {};
  return Object.fromEntries((await store.members.listByUser(user.id)).map((m) => [m.appId, m.role]));
}
