import type { MailKind, MailMessage } from "@/domain/mail";
import type { OutboxState } from "@/domain/outbox";
import { toPage } from "@/domain/pagination";
import type { DeliveryAttempt, Webhook, WebhookDelivery, WebhookEvent, WebhookFormat } from "@/domain/webhook";
import { DomainError } from "@/domain/errors";
import type * as db from "@/generated/prisma/client";
import { newId } from "../ids";
import { MAX_WEBHOOKS_PER_APP, type MailOutboxRepository, type OutboxAttempt, type WebhookDeliveryRepository, type WebhookRepository } from "../outbox-types";
import type { PageRequest } from "../types";
import { json } from "./mappers";
import type { Db } from "./repositories";

function pageWhere(page: PageRequest) {
  return page.cursor === undefined ? {} : { id: { lt: page.cursor } };
}

/** A row the worker may lease at `now`: pending, due, and no other worker's lease running. */
function dueWhere(now: Date) {
  return { state: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] };
}

/** Rows no worker will touch again (sent, or given up), queued before `before`. */
function finishedBefore(before: Date) {
  const finished: OutboxState[] = ["done", "failed"];
  return { state: { in: finished }, createdAt: { lt: before } };
}

/** The shared columns an attempt writes: the lease is released, the state follows the outcome. */
function attemptData(attempt: OutboxAttempt) {
  const state: OutboxState = attempt.ok ? "done" : attempt.nextAttemptAt ? "pending" : "failed";
  return { state, nextAttemptAt: attempt.ok ? null : attempt.nextAttemptAt, leaseUntil: null, attempts: { increment: 1 } };
}

/**
 * Leases candidates one conditional UPDATE each (the WHERE repeats the due test), so a row another
 * process leased between the SELECT and the UPDATE is skipped rather than taken twice.
 */
async function claim(candidates: { id: string }[], lease: (id: string) => Promise<number>): Promise<string[]> {
  const claimed: string[] = [];
  for (const { id } of candidates) if ((await lease(id)) === 1) claimed.push(id);
  return claimed;
}

function toWebhook(row: db.Webhook): Webhook {
  return { ...row, events: (Array.isArray(row.events) ? row.events : []) as WebhookEvent[], format: row.format as WebhookFormat };
}

function toAttempts(value: db.Prisma.JsonValue): DeliveryAttempt[] {
  if (!Array.isArray(value)) return [];
  return (value as Array<{ at: string; status: number | null; error: string | null; durationMs: number }>).map((a) => ({ ...a, at: new Date(a.at) }));
}

function toDelivery(row: db.WebhookDelivery): WebhookDelivery {
  return { ...row, event: row.event as WebhookEvent, state: row.state as OutboxState, attemptLog: toAttempts(row.attemptLog) };
}

function toMail(row: db.MailMessage): MailMessage {
  return { ...row, kind: row.kind as MailKind, state: row.state as OutboxState };
}

export function prismaWebhooks(db: Db): WebhookRepository {
  return {
    async create(data) {
      if ((await db.webhook.count({ where: { appId: data.appId } })) >= MAX_WEBHOOKS_PER_APP) {
        throw new DomainError("CONFLICT", `an app has at most ${MAX_WEBHOOKS_PER_APP} webhooks`);
      }
      const now = new Date();
      return toWebhook(await db.webhook.create({ data: { ...data, events: json(data.events), id: newId(), createdAt: now, updatedAt: now } }));
    },
    async getById(id) {
      const row = await db.webhook.findUnique({ where: { id } });
      return row ? toWebhook(row) : null;
    },
    async listByApp(appId) {
      const rows = await db.webhook.findMany({ where: { appId }, orderBy: { id: "asc" }, take: MAX_WEBHOOKS_PER_APP });
      return rows.map(toWebhook);
    },
    async update(id, patch) {
      const { events, ...rest } = patch;
      return toWebhook(await db.webhook.update({ where: { id }, data: { ...rest, ...(events && { events: json(events) }), updatedAt: new Date() } }));
    },
    async delete(id) {
      await db.webhook.delete({ where: { id } });
    },
  };
}

export function prismaWebhookDeliveries(db: Db): WebhookDeliveryRepository {
  return {
    async enqueue(data, now) {
      const row = await db.webhookDelivery.create({
        data: { ...data, id: newId(), state: "pending", attempts: 0, attemptLog: json([]), nextAttemptAt: now, createdAt: now },
      });
      return toDelivery(row);
    },
    async getById(id) {
      const row = await db.webhookDelivery.findUnique({ where: { id } });
      return row ? toDelivery(row) : null;
    },
    async listByWebhook(webhookId, page) {
      const rows = await db.webhookDelivery.findMany({ where: { ...pageWhere(page), webhookId }, orderBy: { id: "desc" }, take: page.limit + 1 });
      return toPage(rows.map(toDelivery), page.limit);
    },
    async claimDue(now, leaseUntil, limit) {
      const candidates = await db.webhookDelivery.findMany({ where: dueWhere(now), orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: limit, select: { id: true } });
      const ids = await claim(candidates, async (id) => (await db.webhookDelivery.updateMany({ where: { id, ...dueWhere(now) }, data: { leaseUntil } })).count);
      const rows = await db.webhookDelivery.findMany({ where: { id: { in: ids } }, orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }] });
      return rows.map(toDelivery);
    },
    async recordAttempt(id, lease, attempt) {
      // The log is read and written back under the lease: only its holder writes this row.
      const row = await db.webhookDelivery.findFirst({ where: { id, leaseUntil: lease }, select: { attemptLog: true } });
      if (!row) return false;
      const log = [...(Array.isArray(row.attemptLog) ? row.attemptLog : []), { at: attempt.at.toISOString(), status: attempt.status, error: attempt.error, durationMs: attempt.durationMs }];
      const { count } = await db.webhookDelivery.updateMany({
        where: { id, leaseUntil: lease },
        data: { ...attemptData(attempt), attemptLog: json(log), lastStatus: attempt.status, ...(attempt.ok && { deliveredAt: attempt.at }) },
      });
      return count === 1;
    },
    async forgetFinished(before) {
      return (await db.webhookDelivery.deleteMany({ where: finishedBefore(before) })).count;
    },
  };
}

export function prismaMailOutbox(db: Db): MailOutboxRepository {
  return {
    async enqueue(data, now) {
      return toMail(await db.mailMessage.create({ data: { ...data, id: newId(), state: "pending", attempts: 0, nextAttemptAt: now, createdAt: now } }));
    },
    async getById(id) {
      const row = await db.mailMessage.findUnique({ where: { id } });
      return row ? toMail(row) : null;
    },
    async list(page) {
      const rows = await db.mailMessage.findMany({ where: pageWhere(page), orderBy: { id: "desc" }, take: page.limit + 1 });
      return toPage(rows.map(toMail), page.limit);
    },
    async claimDue(now, leaseUntil, limit) {
      const candidates = await db.mailMessage.findMany({ where: dueWhere(now), orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: limit, select: { id: true } });
      const ids = await claim(candidates, async (id) => (await db.mailMessage.updateMany({ where: { id, ...dueWhere(now) }, data: { leaseUntil } })).count);
      const rows = await db.mailMessage.findMany({ where: { id: { in: ids } }, orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }] });
      return rows.map(toMail);
    },
    async recordAttempt(id, lease, attempt) {
      const { count } = await db.mailMessage.updateMany({
        where: { id, leaseUntil: lease },
        data: { ...attemptData(attempt), lastError: attempt.error, ...(attempt.ok && { sentAt: attempt.at }) },
      });
      return count === 1;
    },
    async forgetFinished(before) {
      return (await db.mailMessage.deleteMany({ where: finishedBefore(before) })).count;
    },
  };
}
