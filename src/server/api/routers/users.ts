import { z } from "zod";
import { appRoleSchema } from "@/domain/roles";
import { createInvitationInputSchema } from "@/domain/invitation";
import { pageInputSchema } from "@/domain/pagination";
import { USER_ROLES } from "@/domain/user";
import { inviteUser, listInvitations, revokeInvitation } from "../../services/invitations";
import { createPasswordResetLink, deleteUser, disableUser, enableUser, listUsers, setAppRole, setUserRole } from "../../services/user-admin";
import { adminProcedure, createTRPCRouter } from "../trpc";

const userId = z.object({ id: z.string().min(1).max(64) });

/** The users page: admins only. Links carry their secret in these answers only. */
export const usersRouter = createTRPCRouter({
  list: adminProcedure.input(pageInputSchema.default({ limit: 50 })).query(({ ctx, input }) => listUsers(ctx.store, input)),
  invitations: adminProcedure.input(pageInputSchema.default({ limit: 50 })).query(({ ctx, input }) => listInvitations(ctx.store, input)),
  invite: adminProcedure.input(createInvitationInputSchema).mutation(({ ctx, input }) => {
    return inviteUser(ctx.store, { link: ctx.server.links.invitation, mail: ctx.server.config }, ctx.actor, input);
  }),
  revokeInvitation: adminProcedure.input(userId).mutation(({ ctx, input }) => revokeInvitation(ctx.store, ctx.actor, input.id)),
  setRole: adminProcedure.input(userId.extend({ role: z.enum(USER_ROLES) })).mutation(({ ctx, input }) => setUserRole(ctx.store, ctx.actor, input.id, input.role)),
  setAppRole: adminProcedure
    .input(userId.extend({ appId: z.string().min(1).max(64), role: appRoleSchema.nullable() }))
    .mutation(({ ctx, input }) => setAppRole(ctx.store, ctx.actor, input.id, input.appId, input.role)),
  disable: adminProcedure.input(userId).mutation(({ ctx, input }) => disableUser(ctx.store, ctx.actor, input.id)),
  enable: adminProcedure.input(userId).mutation(({ ctx, input }) => enableUser(ctx.store, ctx.actor, input.id)),
  delete: adminProcedure.input(userId).mutation(({ ctx, input }) => deleteUser(ctx.store, ctx.actor, input.id)),
  resetLink: adminProcedure.input(userId).mutation(({ ctx, input }) => createPasswordResetLink(ctx.store, { link: ctx.server.links.passwordReset, mail: ctx.server.config }, ctx.actor, input.id)),
});
