import { z } from "zod";

/** admin: every app, users and settings; member: what their roles on apps give them (roles.ts). */
export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  passwordHash: string | null;
  /** Set while the user is disabled: no sign-in, and every session ends at once. */
  disabledAt: Date | null;
  /** Each session carries the version it was issued under; bumping it ends them all. */
  sessionVersion: number;
  lastSignInAt: Date | null;
  /** Whether "a new build is out" emails reach this user. */
  notifyReleases: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("email address is not valid")).pipe(z.string().max(254));
export const passwordSchema = z.string().min(12, "password must be at least 12 characters").max(1024, "password must be at most 1024 characters");

export const userNameSchema = z.string().trim().min(1, "name must not be empty").max(100, "name must be at most 100 characters");
