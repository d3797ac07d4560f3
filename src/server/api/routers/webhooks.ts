import { z } from "zod";
import { pageInputSchema } from "@/domain/pagination";
import { createWebhookInputSchema, updateWebhookInputSchema } from "@/domain/webhook";
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, redeliverWebhook, updateWebhook } from "../../services/webhooks";
import { adminProcedure, createTRPCRouter } from "../trpc";

const appRef = z.object({ appId: z.string().min(1).max(100) });
const webhookRef = appRef.extend({ id: z.string().min(1).max(100) });

export const webhooksRouter = createTRPCRouter({
  list: adminProcedure.input(appRef).query(({ ctx, input }) => listWebhooks(ctx.store, input.appId)),
  /** The signing secret is in this answer only. */
  create: adminProcedure.input(appRef.extend({ webhook: createWebhookInputSchema })).mutation(({ ctx, input }) => createWebhook(ctx.store, ctx.actor, input.appId, input.webhook)),
  update: adminProcedure.input(webhookRef.extend({ patch: updateWebhookInputSchema })).mutation(({ ctx, input }) => updateWebhook(ctx.store, ctx.actor, input.appId, input.id, input.patch)),
  delete: adminProcedure.input(webhookRef).mutation(({ ctx, input }) => deleteWebhook(ctx.store, ctx.actor, input.appId, input.id)),
  deliveries: adminProcedure.input(webhookRef.extend({ page: pageInputSchema.default({ limit: 20 }) })).query(({ ctx, input }) => listWebhookDeliveries(ctx.store, input.appId, input.id, input.page)),
  redeliver: adminProcedure.input(appRef.extend({ deliveryId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => redeliverWebhook(ctx.store, ctx.actor, input.appId, input.deliveryId)),
});
