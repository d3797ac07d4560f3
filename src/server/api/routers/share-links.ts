import { z } from "zod";
import { pageInputSchema } from "@/domain/pagination";
import { createShareLinkInputSchema } from "@/domain/share-link";
import { env } from "@/env";
import { createShareLink, listShareLinks, revokeShareLink } from "../../services/share-links";
import { appProcedure, createTRPCRouter } from "../trpc";

const appRef = z.object({ appId: z.string().min(1) });

export const shareLinksRouter = createTRPCRouter({
  list: appProcedure("viewer")
    .input(appRef.extend({ page: pageInputSchema.default({ limit: 50 }) }))
    .query(({ ctx, input }) => listShareLinks(ctx.store, input.appId, input.page)),
  /** The URL is in this answer only: the server keeps just its hash. */
  create: appProcedure("maintainer")
    .input(appRef.extend({ link: createShareLinkInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const created = await createShareLink(ctx.store, ctx.actor, input.appId, input.link);
      return { link: created.link, url: `${env().publicUrl}/s/${created.raw}` };
    }),
  revoke: appProcedure("maintainer")
    .input(appRef.extend({ id: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeShareLink(ctx.store, ctx.actor, input.appId, input.id)),
});
