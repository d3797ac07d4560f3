import { z } from "zod";
import { pageInputSchema } from "@/domain/pagination";
import { createWebhookInputSchema, updateWebhookInputSchema } from "@/domain/webhook";
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, redeliverWebhook, updateWebhook } from "../../services/webhooks";
import { appProcedure, createTRPCRouter } from "../trpc";

// Maintainers of the app and admins: a webhook's URL can itself be a credential (Slack, Teams),
// so viewers do not see them.
const maintainerProcedure = appProcedure("maintainer");

const appRef = z.object({ appId: z.string().min(1).max(100) });
const webhookRef = appRef.extend({ id: z.string().min(1).max(100) });

export const webhooksRouter = createTRPCRouter({
  list: maintainerProcedure.input(appRef).query(({ ctx, input }) => listWebhooks(ctx.store, input.appId)),
  /** The signing secret is in this answer only. */
  create: maintainerProcedure.input(appRef.extend({ webhook: createWebhookInputSchema })).mutation(({ ctx, input }) => createWebhook(ctx.store, ctx.actor, input.appId, input.webhook)),
  update: maintainerProcedure.input(webhookRef.extend({ patch: updateWebhookInputSchema })).mutation(({ ctx, input }) => updateWebhook(ctx.store, ctx.actor, input.appId, input.id, input.patch)),
  delete: maintainerProcedure.input(webhookRef).mutation(({ ctx, input }) => deleteWebhook(ctx.store, ctx.actor, input.appId, input.id)),
  deliveries: maintainerProcedure
    .input(webhookRef.extend({ page: pageInputSchema.default({ limit: 20 }) }))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.store, input.appId, input.id, input.page)),
  redeliver: maintainerProcedure.input(appRef.extend({ deliveryId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => redeliverWebhook(ctx.store, ctx.actor, input.appId, input.deliveryId)),
});
