import { z } from "zod";
import { applyRetention, planRetention } from "../../services/retention";
import { appProcedure, createTRPCRouter } from "../trpc";

const appRef = z.object({ appId: z.string().min(1) });

export const retentionRouter = createTRPCRouter({
  /** What retention would delete now (the janitor applies it hourly). */
  preview: appProcedure("viewer")
    .input(appRef)
    .query(({ ctx, input }) => planRetention(ctx.store, input.appId)),
  run: appProcedure("maintainer")
    .input(appRef)
    .mutation(({ ctx, input }) => applyRetention(ctx.store, ctx.actor, input.appId)),
  // A channel's rule is part of its policy: channels.update with { policy: { retention } } sets it.
});
