import { z } from "zod";

export const USER_ROLES = ["admin", "member"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("email address is not valid")).pipe(z.string().max(254));
export const passwordSchema = z.string().min(12, "password must be at least 12 characters").max(1024, "password must be at most 1024 characters");
