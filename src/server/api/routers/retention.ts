import { z } from "zod";
import { channelNameSchema } from "@/domain/channel";
import { retentionPolicySchema } from "@/domain/retention";
import { applyRetention, planRetention, setChannelRetention } from "../../services/retention";
import { adminProcedure, createTRPCRouter } from "../trpc";

const appRef = z.object({ appId: z.string().min(1) });

export const retentionRouter = createTRPCRouter({
  /** What retention would delete now (the janitor applies it hourly). */
  preview: adminProcedure.input(appRef).query(({ ctx, input }) => planRetention(ctx.store, input.appId)),
  run: adminProcedure.input(appRef).mutation(({ ctx, input }) => applyRetention(ctx.store, ctx.actor, input.appId)),
  setPolicy: adminProcedure
    .input(appRef.extend({ channel: channelNameSchema, retention: retentionPolicySchema.nullable() }))
    .mutation(({ ctx, input }) => setChannelRetention(ctx.store, ctx.actor, input.appId, input.channel, input.retention)),
});
