import { z } from "zod";
import { createAppInputSchema, updateAppInputSchema } from "@/domain/app";
import { appSummaryQuerySchema } from "@/domain/app-summary";
import { pageInputSchema } from "@/domain/pagination";
import { slugSchema } from "@/domain/slug";
import { listAppSummaries } from "../../services/app-overview";
import { createApp, deleteApp, getAppBySlugOrThrow, getAppOrThrow, listApps, rotateUpdateKey, updateApp } from "../../services/apps";
import { byAppIdOrSlug } from "../app-locators";
import { acrossAppsProcedure, adminProcedure, appProcedure, createTRPCRouter, onlyApps } from "../trpc";

export const appsRouter = createTRPCRouter({
  list: acrossAppsProcedure("viewer")
    .input(pageInputSchema.default({ limit: 50 }))
    .query(({ ctx, input }) => listApps(ctx.store, input, onlyApps(ctx.appIds))),
  /** The console's apps list: channels' current releases, icon and storage per app, searchable. */
  summaries: acrossAppsProcedure("viewer")
    .input(appSummaryQuerySchema.default({ limit: 50 }))
    .query(({ ctx, input }) => listAppSummaries(ctx.store, input, { iconUrl: (id) => ctx.server.links.adminIcon(id) }, onlyApps(ctx.appIds))),
  get: appProcedure("viewer", byAppIdOrSlug)
    .input(z.union([z.object({ id: z.string().min(1) }), z.object({ slug: slugSchema })]))
    .query(({ ctx, input }) => ("id" in input ? getAppOrThrow(ctx.store, input.id) : getAppBySlugOrThrow(ctx.store, input.slug))),
  create: adminProcedure.input(createAppInputSchema).mutation(({ ctx, input }) => createApp(ctx.store, ctx.actor, input)),
  update: adminProcedure.input(z.object({ id: z.string().min(1), patch: updateAppInputSchema })).mutation(({ ctx, input }) => updateApp(ctx.store, ctx.actor, input.id, input.patch)),
  /** Deletes the app with all its releases; the console asks for the slug to be typed first. */
  delete: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => deleteApp(ctx.store, ctx.actor, input.id)),
  rotateUpdateKey: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => rotateUpdateKey(ctx.store, ctx.actor, input.id)),
});
