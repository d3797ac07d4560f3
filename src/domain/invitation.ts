import { z } from "zod";
import { type AppRole, appRoleSchema } from "./roles";
import { emailSchema, USER_ROLES, type UserRole } from "./user";

/** A role on one app that an invitation gives (the app by id). */
export interface AppRoleGrant {
  appId: string;
  role: AppRole;
}

/** An invitation to join by email: one-time, expiring; its secret is stored hashed only. */
export interface Invitation {
  id: string;
  email: string;
  tokenHash: string;
  role: UserRole;
  appRoles: AppRoleGrant[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  /** The user the invitation created. */
  acceptedBy: string | null;
  revokedAt: Date | null;
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export function invitationState(invitation: Pick<Invitation, "acceptedAt" | "revokedAt" | "expiresAt">, now: Date): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

export const INVITATION_DAYS_DEFAULT = 7;
export const MAX_APP_ROLES_PER_INVITATION = 200;

export const appRoleGrantSchema = z.object({ appId: z.string().min(1).max(64), role: appRoleSchema });

export const createInvitationInputSchema = z
  .object({
    email: emailSchema,
    role: z.enum(USER_ROLES).default("member"),
    appRoles: z.array(appRoleGrantSchema).max(MAX_APP_ROLES_PER_INVITATION).default([]),
    expiresInDays: z.number().int().min(1).max(30).default(INVITATION_DAYS_DEFAULT),
  })
  .refine((input) => new Set(input.appRoles.map((grant) => grant.appId)).size === input.appRoles.length, { message: "an app is named twice", path: ["appRoles"] });
export type CreateInvitationInput = z.input<typeof createInvitationInputSchema>;

/** A one-time password reset link's row. */
export interface PasswordReset {
  id: string;
  userId: string;
  tokenHash: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
