import type { MailMessage } from "@/domain/mail";
import type { Webhook, WebhookDelivery } from "@/domain/webhook";
import { DomainError } from "@/domain/errors";
import { newId } from "../ids";
import { MAX_WEBHOOKS_PER_APP, type MailOutboxRepository, type OutboxAttempt, type OutboxRepository, type WebhookDeliveryRepository, type WebhookRepository } from "../outbox-types";
import { copy, getOrThrow, type MemoryState, paginate, requireRow } from "./state";

type State = () => MemoryState;

interface OutboxRow {
  id: string;
  state: string;
  createdAt: Date;
  nextAttemptAt: Date | null;
  leaseUntil: Date | null;
}

/** The worker's side of an outbox table; `apply` writes what an attempt changes beyond the shared columns. */
function memoryOutbox<Row extends OutboxRow>(rows: () => Map<string, Row>, apply: (row: Row, attempt: OutboxAttempt) => void): OutboxRepository<Row> {
  return {
    async claimDue(now, leaseUntil, limit) {
      const due = [...rows().values()]
        .filter((r) => r.state === "pending" && r.nextAttemptAt !== null && r.nextAttemptAt <= now && (r.leaseUntil === null || r.leaseUntil <= now))
        .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      for (const row of due) row.leaseUntil = new Date(leaseUntil);
      return due.map(copy);
    },
    async recordAttempt(id, lease, attempt) {
      const row = rows().get(id);
      if (!row || row.leaseUntil?.getTime() !== lease.getTime()) return false;
      row.state = attempt.ok ? "done" : attempt.nextAttemptAt ? "pending" : "failed";
      row.nextAttemptAt = attempt.ok ? null : attempt.nextAttemptAt;
      row.leaseUntil = null;
      apply(row, attempt);
      return true;
    },
    async forgetFinished(before) {
      let count = 0;
      for (const [id, row] of rows()) {
        if (row.state === "pending" || row.createdAt.getTime() >= before.getTime()) continue;
        rows().delete(id);
        count++;
      }
      return count;
    },
  };
}

export function memoryWebhooks(state: State): WebhookRepository {
  return {
    async create(data) {
      const s = state();
      requireRow(s.apps, data.appId, "app");
      if ([...s.webhooks.values()].filter((w) => w.appId === data.appId).length >= MAX_WEBHOOKS_PER_APP) {
        throw new DomainError("CONFLICT", `an app has at most ${MAX_WEBHOOKS_PER_APP} webhooks`);
      }
      const now = new Date();
      const webhook: Webhook = { ...copy(data), id: newId(), createdAt: now, updatedAt: now, disabledAt: null };
      s.webhooks.set(webhook.id, webhook);
      return copy(webhook);
    },
    async getById(id) {
      const webhook = state().webhooks.get(id);
      return webhook ? copy(webhook) : null;
    },
    async listByApp(appId) {
      return [...state().webhooks.values()]
        .filter((w) => w.appId === appId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(copy);
    },
    async update(id, patch) {
      const webhook = getOrThrow(state().webhooks, id, "webhook");
      Object.assign(webhook, copy(patch), { updatedAt: new Date() });
      return copy(webhook);
    },
    async delete(id) {
      const s = state();
      getOrThrow(s.webhooks, id, "webhook");
      for (const [deliveryId, delivery] of s.webhookDeliveries) if (delivery.webhookId === id) s.webhookDeliveries.delete(deliveryId);
      s.webhooks.delete(id);
    },
  };
}

export function memoryWebhookDeliveries(state: State): WebhookDeliveryRepository {
  return {
    ...memoryOutbox<WebhookDelivery>(
      () => state().webhookDeliveries,
      (row, attempt) => {
        row.attempts += 1;
        row.attemptLog.push({ at: attempt.at, status: attempt.status, error: attempt.error, durationMs: attempt.durationMs });
        row.lastStatus = attempt.status;
        if (attempt.ok) row.deliveredAt = attempt.at;
      },
    ),
    async enqueue(data, now) {
      const s = state();
      requireRow(s.webhooks, data.webhookId, "webhook");
      const delivery: WebhookDelivery = {
        ...copy(data),
        id: newId(),
        state: "pending",
        attempts: 0,
        attemptLog: [],
        nextAttemptAt: now,
        leaseUntil: null,
        lastStatus: null,
        createdAt: now,
        deliveredAt: null,
      };
      s.webhookDeliveries.set(delivery.id, delivery);
      return copy(delivery);
    },
    async getById(id) {
      const delivery = state().webhookDeliveries.get(id);
      return delivery ? copy(delivery) : null;
    },
    async listByWebhook(webhookId, page) {
      return paginate(
        [...state().webhookDeliveries.values()].filter((d) => d.webhookId === webhookId),
        page,
      );
    },
  };
}

export function memoryMailOutbox(state: State): MailOutboxRepository {
  return {
    ...memoryOutbox<MailMessage>(
      () => state().mailOutbox,
      (row, attempt) => {
        row.attempts += 1;
        row.lastError = attempt.error;
        if (attempt.ok) row.sentAt = attempt.at;
      },
    ),
    async enqueue(data, now) {
      const message: MailMessage = { ...copy(data), id: newId(), state: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null, lastError: null, createdAt: now, sentAt: null };
      state().mailOutbox.set(message.id, message);
      return copy(message);
    },
    async getById(id) {
      const message = state().mailOutbox.get(id);
      return message ? copy(message) : null;
    },
    async list(page) {
      return paginate(state().mailOutbox.values(), page);
    },
  };
}
