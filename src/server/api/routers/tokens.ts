import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTokenInputSchema, TOKEN_SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from "@/domain/token";
import { pageInputSchema } from "@/domain/pagination";
import { env } from "@/env";
import { listTokenTargets } from "../../services/token-targets";
import { createToken, listTokens, revokeToken } from "../../services/tokens";
import { byNewTokenApp, byTokenId } from "../app-locators";
import { acrossAppsProcedure, appProcedure, createTRPCRouter, onlyApps } from "../trpc";

// Explicit output shapes: these procedures handle secrets, so nothing unlisted may leave.
const publicToken = z.object({
  id: z.string(),
  name: z.string(),
  displayPrefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  appId: z.string().nullable(),
  channel: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const tokensRouter = createTRPCRouter({
  /** What the create form offers: scopes with descriptions, apps with their channels, lifetimes. */
  options: acrossAppsProcedure("maintainer").query(async ({ ctx }) => {
    return {
      // A maintainer's tokens are restricted to their apps, and never hold the admin scope.
      scopes: TOKEN_SCOPES.filter((name) => ctx.appIds === "all" || name !== "admin").map((name) => ({ name, description: TOKEN_SCOPE_DESCRIPTIONS[name] })),
      apps: await listTokenTargets(ctx.store, onlyApps(ctx.appIds)),
      anyApp: ctx.appIds === "all",
      defaultTtlDays: env().tokenDefaultTtlDays,
      maxTtlDays: env().tokenMaxTtlDays,
    };
  }),
  list: acrossAppsProcedure("maintainer")
    .input(pageInputSchema.default({ limit: 50 }))
    .output(z.object({ items: z.array(publicToken), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listTokens(ctx.store, input, onlyApps(ctx.appIds))),
  /** The secret is in this response only. */
  create: appProcedure("maintainer", byNewTokenApp)
    .input(createTokenInputSchema)
    .output(z.object({ token: publicToken, secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.user.role !== "admin" && input.scopes.includes("admin")) throw new TRPCError({ code: "FORBIDDEN", message: "only an admin can make a token with the admin scope" });
      const { tokenDefaultTtlDays, tokenMaxTtlDays } = env();
      const created = await createToken(ctx.store, ctx.actor, { kind: "admin" }, input, {
        defaultTtlDays: tokenDefaultTtlDays,
        maxTtlDays: tokenMaxTtlDays,
      });
      return { token: created.token, secret: created.raw };
    }),
  revoke: appProcedure("maintainer", byTokenId)
    .input(z.object({ id: z.string().min(1) }))
    .output(publicToken)
    .mutation(({ ctx, input }) => revokeToken(ctx.store, ctx.actor, input.id)),
});
