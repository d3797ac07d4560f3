// The webhook outbox: deliveries queued for an audited event inside its transaction, and sent by
// the outbox worker as signed POSTs.
import type { AuditEvent } from "@/domain/audit";
import { renderWebhookBody, type WebhookEventPayload } from "@/domain/webhook-payload";
import { type WebhookDelivery, webhookEventOf } from "@/domain/webhook";
import { SIGNATURE_HEADER, signWebhookBody } from "../crypto/webhook-signature";
import type { Store } from "../store/types";
import type { Outbox, SendOutcome } from "./outbox-worker";

/**
 * Queues one delivery per enabled webhook of the event's app that subscribed to it, in `tx`, the
 * transaction of the change. Answers how many were queued (0 for events no webhook can carry).
 */
export async function queueWebhookDeliveries(tx: Store, event: AuditEvent, links: { publicUrl: string }): Promise<number> {
  const kind = webhookEventOf(event);
  if (kind === null || event.appId === null) return 0;
  const webhooks = (await tx.webhooks.listByApp(event.appId)).filter((w) => w.disabledAt === null && w.events.includes(kind));
  if (webhooks.length === 0) return 0;
  const app = await tx.apps.getById(event.appId);
  if (!app) return 0;
  const { appId: _appId, ...data } = event.metadata;
  const payload: WebhookEventPayload = {
    id: event.id,
    event: kind,
    occurredAt: event.createdAt.toISOString(),
    app: { id: app.id, slug: app.slug, name: app.displayName },
    actor: event.actor,
    url: `${links.publicUrl}/${encodeURIComponent(app.slug)}`,
    data,
  };
  const body = JSON.stringify(payload);
  for (const webhook of webhooks) await tx.webhookDeliveries.enqueue({ webhookId: webhook.id, event: kind, payload: body }, event.createdAt);
  return webhooks.length;
}

export interface WebhookSendDeps {
  store: Store;
  clock: () => Date;
  /** Per request; a receiver that takes longer counts as failed and is tried again later. */
  timeoutMs: number;
}

/** The webhook outbox for the worker. */
export function webhookOutbox(deps: WebhookSendDeps): Outbox<WebhookDelivery> {
  return { name: "webhooks", queue: deps.store.webhookDeliveries, send: (delivery) => sendWebhookDelivery(deps, delivery) };
}

/**
 * One POST of a delivery, rendered in the webhook's current format and signed now. Redirects are
 * not followed (a 3xx is a failure): a receiver cannot bounce the request to somewhere else.
 * Only the status is kept, never the response body.
 */
export async function sendWebhookDelivery(deps: WebhookSendDeps, delivery: WebhookDelivery): Promise<SendOutcome> {
  const webhook = await deps.store.webhooks.getById(delivery.webhookId);
  if (!webhook || webhook.disabledAt) return { ok: false, error: "the webhook is disabled", final: true };
  const body = renderWebhookBody(JSON.parse(delivery.payload) as WebhookEventPayload, webhook.format);
  try {
    const response = await fetch(webhook.url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Shipyard-Webhook/1",
        "x-shipyard-event": delivery.event,
        "x-shipyard-delivery": delivery.id,
        [SIGNATURE_HEADER]: signWebhookBody(webhook.secret, body, deps.clock()),
      },
      body,
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? `no answer within ${deps.timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
    return { ok: false, error: reason };
  }
}
