import { z } from "zod";
import { pageInputSchema } from "@/domain/pagination";
import { publishReleaseInputSchema } from "@/domain/release";
import { getReleaseOrThrow, listReleases, publishRelease } from "../../services/releases";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const releasesRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ appId: z.string().min(1), page: pageInputSchema.default({ limit: 50 }) }))
    .query(({ ctx, input }) => listReleases(ctx.store, input.appId, input.page)),
  get: adminProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => getReleaseOrThrow(ctx.store, input.id)),
  /** Publishes a release from blobs already stored (uploads arrive through the REST API). */
  publish: adminProcedure
    .input(z.object({ appId: z.string().min(1), release: publishReleaseInputSchema }))
    .mutation(({ ctx, input }) => publishRelease(ctx.store, ctx.actor, input.appId, input.release)),
});
