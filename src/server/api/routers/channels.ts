import { z } from "zod";
import { channelNameSchema, createChannelInputSchema, rolloutPercentSchema, updateChannelInputSchema } from "@/domain/channel";
import { pageInputSchema } from "@/domain/pagination";
import { createChannel, getChannelByNameOrThrow, listChannelHistory, listChannels, promoteChannel, rollbackChannel, updateChannel } from "../../services/channels";
import { appProcedure, createTRPCRouter } from "../trpc";

const channelRef = z.object({ appId: z.string().min(1), channel: channelNameSchema });

export const channelsRouter = createTRPCRouter({
  list: appProcedure("viewer")
    .input(z.object({ appId: z.string().min(1) }))
    .query(({ ctx, input }) => listChannels(ctx.store, input.appId)),
  get: appProcedure("viewer")
    .input(channelRef)
    .query(({ ctx, input }) => getChannelByNameOrThrow(ctx.store, input.appId, input.channel)),
  history: appProcedure("viewer")
    .input(channelRef.extend({ page: pageInputSchema.default({ limit: 50 }) }))
    .query(({ ctx, input }) => listChannelHistory(ctx.store, input.appId, input.channel, input.page)),
  create: appProcedure("maintainer")
    .input(z.object({ appId: z.string().min(1), channel: createChannelInputSchema }))
    .mutation(({ ctx, input }) => createChannel(ctx.store, ctx.actor, input.appId, input.channel)),
  update: appProcedure("maintainer")
    .input(channelRef.extend({ patch: updateChannelInputSchema }))
    .mutation(({ ctx, input }) => updateChannel(ctx.store, ctx.actor, input.appId, input.channel, input.patch)),
  promote: appProcedure("maintainer")
    .input(channelRef.extend({ releaseId: z.string().min(1), rolloutPercent: rolloutPercentSchema.optional(), rollback: z.boolean().optional() }))
    .mutation(({ ctx, input }) =>
      promoteChannel(ctx.store, ctx.actor, input.appId, {
        channel: input.channel,
        releaseId: input.releaseId,
        rolloutPercent: input.rolloutPercent,
        rollback: input.rollback,
      }),
    ),
  rollback: appProcedure("maintainer")
    .input(channelRef)
    .mutation(({ ctx, input }) => rollbackChannel(ctx.store, ctx.actor, input.appId, input.channel)),
});
