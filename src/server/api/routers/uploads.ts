import { z } from "zod";
import { MAX_ARTIFACTS_PER_RELEASE } from "@/domain/release";
import { createUploadInputSchema, publishFromUploadsInputSchema } from "@/domain/upload";
import { uploadInspectionView } from "@/domain/upload-inspection";
import { getAppOrThrow } from "../../services/apps";
import { publishFromUploads } from "../../services/publish-uploads";
import { createUploadSession, currentOffset, getUploadSessionOrThrow } from "../../services/uploads";
import { byUploadId, byUploadIds } from "../app-locators";
import { appProcedure, createTRPCRouter } from "../trpc";

const appId = z.string().min(1);

/** Browser uploads from the admin console: the bytes go to the session's upload URL, not through tRPC. */
export const uploadsRouter = createTRPCRouter({
  create: appProcedure("maintainer")
    .input(createUploadInputSchema.omit({ app: true }).extend({ appId }))
    .mutation(async ({ ctx, input }) => {
      const { appId: id, ...file } = input;
      const app = await getAppOrThrow(ctx.store, id);
      const session = await createUploadSession(ctx.server.uploads, ctx.actor, { ...file, app: app.slug });
      return { ...session, uploadUrl: ctx.server.links.upload(session.id) };
    }),
  get: appProcedure("maintainer", byUploadId)
    .input(z.object({ id: z.string().min(1) }))
    .query(async ({ ctx, input }) => {
      const deps = ctx.server.uploads;
      const session = await getUploadSessionOrThrow(deps.store, input.id);
      return { ...session, receivedBytes: await currentOffset(deps, session), uploadUrl: ctx.server.links.upload(session.id) };
    }),
  /** What inspection found so far, per upload: the publish form polls it to prefill version and build. */
  inspections: appProcedure("maintainer", byUploadIds)
    .input(z.object({ ids: z.array(z.string().min(1)).min(1).max(MAX_ARTIFACTS_PER_RELEASE) }))
    .query(async ({ ctx, input }) => Promise.all(input.ids.map(async (id) => uploadInspectionView(await getUploadSessionOrThrow(ctx.store, id))))),
  publish: appProcedure("maintainer")
    .input(z.object({ appId, release: publishFromUploadsInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const { app, ...result } = await publishFromUploads({ store: ctx.store, inspector: ctx.server.inspector }, ctx.actor, { id: input.appId }, input.release);
      return { ...result, installUrl: ctx.server.links.installPage(app.slug, result.release.id) };
    }),
});
