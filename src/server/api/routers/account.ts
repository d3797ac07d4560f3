import { z } from "zod";
import { changeOwnPassword, setReleaseMail } from "../../services/account";
import { rolesOnApps } from "../../services/access";
import { createTRPCRouter, signedInProcedure } from "../trpc";

/** What a signed-in user does to their own account, and what the console shows them. */
export const accountRouter = createTRPCRouter({
  /** Who is signed in and their roles, so the console hides what they cannot do (the server refuses it anyway). */
  me: signedInProcedure.query(async ({ ctx }) => ({
    id: ctx.user.id,
    email: ctx.user.email,
    name: ctx.user.name,
    role: ctx.user.role,
    notifyReleases: ctx.user.notifyReleases,
    apps: await rolesOnApps(ctx.store, ctx.user),
  })),
  changePassword: signedInProcedure.input(z.object({ current: z.string().max(1024), next: z.string().max(1024) })).mutation(({ ctx, input }) => changeOwnPassword(ctx.store, ctx.user.id, input)),
  setReleaseMail: signedInProcedure.input(z.object({ notify: z.boolean() })).mutation(({ ctx, input }) => setReleaseMail(ctx.store, ctx.actor, ctx.user.id, input.notify)),
});
