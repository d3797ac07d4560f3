// Repository interfaces of the two outboxes (webhook deliveries, mail) and of webhooks. Both
// outboxes share the worker's side (OutboxRepository), so one worker loop drains either.

import type { MailMessage, MailKind } from "@/domain/mail";
import type { Page } from "@/domain/pagination";
import type { Webhook, WebhookDelivery, WebhookEvent } from "@/domain/webhook";
import type { PageRequest } from "./types";

/** One attempt as the worker records it; `nextAttemptAt` null means no more tries (sent, or given up). */
export interface OutboxAttempt {
  at: Date;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: Date | null;
}

export interface OutboxRepository<Row> {
  /**
   * Leases up to `limit` due rows (pending, next attempt at or before `now`, no lease running at
   * `now`) until `leaseUntil`, each by one conditional write, so two workers never hold one row.
   * Oldest due first.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<Row[]>;
  /**
   * Records an attempt on a row still leased until `lease` and releases the lease: done when ok,
   * pending again at `nextAttemptAt`, failed when that is null. False (nothing written) when the
   * lease ran out and another worker took the row.
   */
  recordAttempt(id: string, lease: Date, attempt: OutboxAttempt): Promise<boolean>;
  /** Removes the rows done or failed that were queued before `before` (never a pending one); how many. */
  forgetFinished(before: Date): Promise<number>;
}

/** Upper bound on webhooks per app; listByApp returns them all, oldest first. */
export const MAX_WEBHOOKS_PER_APP = 20;

export type NewWebhook = Omit<Webhook, "id" | "createdAt" | "updatedAt" | "disabledAt">;
export type WebhookPatch = Partial<Pick<Webhook, "url" | "events" | "format" | "disabledAt">>;

export interface WebhookRepository {
  create(webhook: NewWebhook): Promise<Webhook>;
  getById(id: string): Promise<Webhook | null>;
  listByApp(appId: string): Promise<Webhook[]>;
  update(id: string, patch: WebhookPatch): Promise<Webhook>;
  /** Removes the webhook with its deliveries. NOT_FOUND when missing. */
  delete(id: string): Promise<void>;
}

export interface NewWebhookDelivery {
  webhookId: string;
  event: WebhookEvent;
  payload: string;
}

export interface WebhookDeliveryRepository extends OutboxRepository<WebhookDelivery> {
  /** Queues a delivery, due at `now`. */
  enqueue(delivery: NewWebhookDelivery, now: Date): Promise<WebhookDelivery>;
  getById(id: string): Promise<WebhookDelivery | null>;
  /** The delivery log of one webhook, newest first. */
  listByWebhook(webhookId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}

export interface NewMailMessage {
  kind: MailKind;
  toAddress: string;
  subject: string;
  text: string;
}

export interface MailOutboxRepository extends OutboxRepository<MailMessage> {
  /** Queues a message, due at `now`. */
  enqueue(message: NewMailMessage, now: Date): Promise<MailMessage>;
  getById(id: string): Promise<MailMessage | null>;
  /** Every message, newest first. */
  list(page: PageRequest): Promise<Page<MailMessage>>;
}
