import { z } from "zod";
import { pageInputSchema } from "@/domain/pagination";
import { notesSchema, publishReleaseInputSchema } from "@/domain/release";
import { releaseFilterSchema } from "@/domain/release-filter";
import { deleteRelease, releaseDetail, updateReleaseNotes } from "../../services/release-admin";
import { getReleaseOrThrow, listReleases, publishRelease } from "../../services/releases";
import { byReleaseId } from "../app-locators";
import { appProcedure, createTRPCRouter } from "../trpc";

const releaseId = z.object({ id: z.string().min(1).max(100) });

export const releasesRouter = createTRPCRouter({
  list: appProcedure("viewer")
    .input(z.object({ appId: z.string().min(1), page: pageInputSchema.default({ limit: 50 }), filter: releaseFilterSchema.default({}) }))
    .query(({ ctx, input }) => listReleases(ctx.store, input.appId, input.page, input.filter)),
  get: appProcedure("viewer", byReleaseId)
    .input(z.object({ id: z.string().min(1) }))
    .query(({ ctx, input }) => getReleaseOrThrow(ctx.store, input.id)),
  /** The release page: files, channels now and before, install funnel, who published it. */
  detail: appProcedure("viewer", byReleaseId)
    .input(releaseId)
    .query(({ ctx, input }) => releaseDetail(ctx.store, input.id)),
  /** Publishes a release from blobs already stored (uploads arrive through the REST API). */
  publish: appProcedure("maintainer")
    .input(z.object({ appId: z.string().min(1), release: publishReleaseInputSchema }))
    .mutation(({ ctx, input }) => publishRelease(ctx.store, ctx.actor, input.appId, input.release)),
  updateNotes: appProcedure("maintainer", byReleaseId)
    .input(releaseId.extend({ notes: notesSchema }))
    .mutation(({ ctx, input }) => updateReleaseNotes(ctx.store, ctx.actor, input.id, input.notes)),
  /** Refused (CONFLICT, naming the channels) while a channel's current release. */
  delete: appProcedure("maintainer", byReleaseId)
    .input(releaseId)
    .mutation(({ ctx, input }) => deleteRelease(ctx.store, ctx.actor, input.id)),
});
