import { z } from "zod";
import type { UserRole } from "./user";

// Who may do what on one app. A user is either an admin (every app, users and settings) or a
// member, whose roles are given app by app:
// - maintainer: everything on the app that ships builds (upload, publish, promote, rollout,
//   rollback, share links, tokens restricted to the app), not its settings;
// - viewer: reads everything of the app in the console;
// - tester: installs from the app's private pages, and sees nothing of the console.
// Each role includes the ones below it: a maintainer can do what a viewer can, and a viewer can
// install what a tester can.

export const APP_ROLES = ["maintainer", "viewer", "tester"] as const;
export type AppRole = (typeof APP_ROLES)[number];
export const appRoleSchema = z.enum(APP_ROLES);

/** What a user holds on one app: an admin holds "admin" on every app. */
export type AppAccess = "admin" | AppRole;

const RANK: Record<AppAccess, number> = { tester: 1, viewer: 2, maintainer: 3, admin: 4 };

export interface AppMember {
  appId: string;
  userId: string;
  role: AppRole;
  createdAt: Date;
}

/** What `user` holds on an app, given their membership of it (null: none). */
export function accessOf(user: { role: UserRole }, membership: AppRole | null): AppAccess | null {
  if (user.role === "admin") return "admin";
  return membership;
}

/** Whether holding `have` on an app allows what needs `need` there. */
export function allows(have: AppAccess | null, need: AppAccess): boolean {
  return have !== null && RANK[have] >= RANK[need];
}

/** Whether a member with these roles may open the console at all (testers may not). */
export function opensConsole(user: { role: UserRole }, roles: readonly AppRole[]): boolean {
  return user.role === "admin" || roles.some((role) => allows(role, "viewer"));
}
