// Webhooks of an app, as admins manage them: create (the signing secret is in that answer only),
// change, delete, read the delivery log and send a delivery again. Every change is audited.
import type { Actor } from "@/domain/actor";
import { actorRef } from "@/domain/actor";
import { DomainError } from "@/domain/errors";
import { type Page, type PageInput, pageInputSchema } from "@/domain/pagination";
import { parseOrThrow } from "@/domain/validate";
import {
  type CreateWebhookInput,
  createWebhookInputSchema,
  type PublicWebhook,
  toPublicWebhook,
  type UpdateWebhookInput,
  updateWebhookInputSchema,
  type Webhook,
  type WebhookDelivery,
} from "@/domain/webhook";
import { newWebhookSecret } from "../crypto/webhook-signature";
import type { WebhookPatch } from "../store/outbox-types";
import type { ReadStore } from "../store/read-only";
import type { Store } from "../store/types";
import { getAppOrThrow } from "./apps";
import { recordAudit } from "./audit";

export interface CreatedWebhook {
  webhook: PublicWebhook;
  /** Signs deliveries; shown in this answer only. */
  secret: string;
}

/** The audit metadata of a webhook: never its secret, and its URL without the query (tokens hide there). */
function described(webhook: Webhook) {
  const url = new URL(webhook.url);
  return { appId: webhook.appId, url: `${url.origin}${url.pathname}`, events: webhook.events, format: webhook.format, enabled: webhook.disabledAt === null };
}

export async function createWebhook(store: Store, actor: Actor, appId: string, raw: CreateWebhookInput): Promise<CreatedWebhook> {
  const input = parseOrThrow(createWebhookInputSchema, raw, "webhook");
  const secret = newWebhookSecret();
  return store.transaction(async (tx) => {
    const app = await getAppOrThrow(tx, appId);
    const webhook = await tx.webhooks.create({ appId: app.id, url: input.url, events: input.events, format: input.format, secret, createdBy: actorRef(actor) });
    await recordAudit(tx, actor, "webhook.create", { type: "webhook", id: webhook.id }, described(webhook));
    return { webhook: toPublicWebhook(webhook), secret };
  });
}

async function getWebhookOfAppOrThrow(store: Pick<ReadStore, "webhooks">, appId: string, id: string): Promise<Webhook> {
  const webhook = await store.webhooks.getById(id);
  if (!webhook || webhook.appId !== appId) throw DomainError.notFound("webhook", id);
  return webhook;
}

export async function updateWebhook(store: Store, actor: Actor, appId: string, id: string, raw: UpdateWebhookInput, now = new Date()): Promise<PublicWebhook> {
  const input = parseOrThrow(updateWebhookInputSchema, raw, "webhook");
  return store.transaction(async (tx) => {
    const before = await getWebhookOfAppOrThrow(tx, appId, id);
    const patch: WebhookPatch = {
      ...(input.url !== undefined && { url: input.url }),
      ...(input.events !== undefined && { events: input.events }),
      ...(input.format !== undefined && { format: input.format }),
      ...(input.enabled !== undefined && { disabledAt: input.enabled ? null : (before.disabledAt ?? now) }),
    };
    const webhook = await tx.webhooks.update(id, patch);
    await recordAudit(tx, actor, "webhook.update", { type: "webhook", id }, { ...described(webhook), changed: Object.keys(patch) });
    return toPublicWebhook(webhook);
  });
}

export async function deleteWebhook(store: Store, actor: Actor, appId: string, id: string): Promise<void> {
  await store.transaction(async (tx) => {
    const webhook = await getWebhookOfAppOrThrow(tx, appId, id);
    await tx.webhooks.delete(id);
    await recordAudit(tx, actor, "webhook.delete", { type: "webhook", id }, described(webhook));
  });
}

export async function listWebhooks(store: Pick<ReadStore, "webhooks">, appId: string): Promise<PublicWebhook[]> {
  return (await store.webhooks.listByApp(appId)).map(toPublicWebhook);
}

export async function listWebhookDeliveries(store: Store, appId: string, webhookId: string, page: PageInput = {}): Promise<Page<WebhookDelivery>> {
  return store.readTransaction(async (tx) => {
    await getWebhookOfAppOrThrow(tx, appId, webhookId);
    return tx.webhookDeliveries.listByWebhook(webhookId, parseOrThrow(pageInputSchema, page, "page"));
  });
}

/** Queues the same event again as a new delivery (its own attempts and 24 h window); the payload's id stays, so receivers can dedupe. */
export async function redeliverWebhook(store: Store, actor: Actor, appId: string, deliveryId: string, now = new Date()): Promise<WebhookDelivery> {
  return store.transaction(async (tx) => {
    const original = await tx.webhookDeliveries.getById(deliveryId);
    if (!original) throw DomainError.notFound("webhook delivery", deliveryId);
    const webhook = await getWebhookOfAppOrThrow(tx, appId, original.webhookId);
    if (webhook.disabledAt) throw new DomainError("CONFLICT", "this webhook is disabled: enable it first");
    const delivery = await tx.webhookDeliveries.enqueue({ webhookId: webhook.id, event: original.event, payload: original.payload }, now);
    await recordAudit(tx, actor, "webhook.redeliver", { type: "webhook", id: webhook.id }, { appId, event: original.event, deliveryId: delivery.id, of: original.id });
    return delivery;
  });
}
