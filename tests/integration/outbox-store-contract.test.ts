// The outbox and webhook repositories, held to one contract on memory and on SQLite: leases make
// a row one worker's at a time, attempts release them, and deliveries go with their webhook and app.
import { describe, expect, it } from "vitest";
import type { Store } from "@/server/store/types";
import { STORE_KINDS, storePerTest } from "../helpers/stores";

const T0 = new Date("2026-12-07T10:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(STORE_KINDS)("outbox repositories: $kind", ({ open }) => {
  const t = storePerTest(open);

  const newApp = (slug: string) => t.store.apps.create({ slug, displayName: slug, bundleIds: {}, ownerId: null, visibility: "public" });
  const newWebhook = async (appId: string) =>
    t.store.webhooks.create({ appId, url: "https://hooks.example/x", events: ["release.published", "channel.promoted"], format: "json", secret: "whsec_test", createdBy: "system" });

  it("webhooks: create, list per app, update, delete with their deliveries", async () => {
    const app = await newApp("hooks");
    const other = await newApp("other");
    const webhook = await newWebhook(app.id);
    await newWebhook(other.id);
    expect(webhook).toMatchObject({ appId: app.id, events: ["release.published", "channel.promoted"], format: "json", secret: "whsec_test", disabledAt: null });
    expect(await t.store.webhooks.getById(webhook.id)).toEqual(webhook);
    expect((await t.store.webhooks.listByApp(app.id)).map((w) => w.id)).toEqual([webhook.id]);
    const updated = await t.store.webhooks.update(webhook.id, { events: ["channel.rolled_back"], format: "slack", disabledAt: T0 });
    expect(updated).toMatchObject({ events: ["channel.rolled_back"], format: "slack", disabledAt: T0 });
    const delivery = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "release.published", payload: "{}" }, T0);
    await t.store.webhooks.delete(webhook.id);
    expect(await t.store.webhooks.getById(webhook.id)).toBeNull();
    expect(await t.store.webhookDeliveries.getById(delivery.id)).toBeNull();
    await expect(t.store.webhooks.delete(webhook.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a deleted app takes its webhooks and deliveries along", async () => {
    const app = await newApp("gone");
    const webhook = await newWebhook(app.id);
    const delivery = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "release.published", payload: "{}" }, T0);
    await t.store.apps.delete(app.id);
    expect(await t.store.webhooks.getById(webhook.id)).toBeNull();
    expect(await t.store.webhookDeliveries.getById(delivery.id)).toBeNull();
  });

  it("a delivery needs an existing webhook", async () => {
    await expect(t.store.webhookDeliveries.enqueue({ webhookId: "missing", event: "release.published", payload: "{}" }, T0)).rejects.toMatchObject({ code: "INTEGRITY" });
  });

  it("deliveries: claimed once per lease, attempts logged, retried when due, done or failed", async () => {
    const app = await newApp("claims");
    const webhook = await newWebhook(app.id);
    const first = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "release.published", payload: '{"n":1}' }, T0);
    const second = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "channel.promoted", payload: '{"n":2}' }, at(1));
    expect(first).toMatchObject({ state: "pending", attempts: 0, attemptLog: [], nextAttemptAt: T0, leaseUntil: null, lastStatus: null, deliveredAt: null });

    // Not due yet for the second; the first is leased and then invisible to another claim.
    const lease = at(120);
    expect((await t.store.webhookDeliveries.claimDue(T0, lease, 10)).map((d) => d.id)).toEqual([first.id]);
    expect(await t.store.webhookDeliveries.claimDue(at(5), at(125), 10)).toMatchObject([{ id: second.id }]);
    expect(await t.store.webhookDeliveries.claimDue(at(6), at(126), 10)).toEqual([]);

    // Another lease's holder cannot record; the holder can, and the row waits for its retry.
    expect(await t.store.webhookDeliveries.recordAttempt(first.id, at(999), { at: at(2), ok: false, status: 500, error: "HTTP 500", durationMs: 12, nextAttemptAt: at(32) })).toBe(false);
    expect(await t.store.webhookDeliveries.recordAttempt(first.id, lease, { at: at(2), ok: false, status: 500, error: "HTTP 500", durationMs: 12, nextAttemptAt: at(32) })).toBe(true);
    expect(await t.store.webhookDeliveries.getById(first.id)).toMatchObject({
      state: "pending",
      attempts: 1,
      lastStatus: 500,
      nextAttemptAt: at(32),
      leaseUntil: null,
      attemptLog: [{ at: at(2), status: 500, error: "HTTP 500", durationMs: 12 }],
    });
    expect(await t.store.webhookDeliveries.claimDue(at(31), at(200), 10)).toEqual([]);
    const [again] = await t.store.webhookDeliveries.claimDue(at(32), at(200), 10);
    expect(again?.id).toBe(first.id);
    expect(await t.store.webhookDeliveries.recordAttempt(first.id, at(200), { at: at(33), ok: true, status: 204, error: null, durationMs: 3, nextAttemptAt: null })).toBe(true);
    expect(await t.store.webhookDeliveries.getById(first.id)).toMatchObject({ state: "done", attempts: 2, lastStatus: 204, deliveredAt: at(33), nextAttemptAt: null });

    // An expired lease (a worker that died) lets another worker take the row.
    expect(await t.store.webhookDeliveries.claimDue(at(126), at(300), 10)).toMatchObject([{ id: second.id }]);
    expect(await t.store.webhookDeliveries.recordAttempt(second.id, at(300), { at: at(127), ok: false, status: null, error: "ECONNREFUSED", durationMs: 1, nextAttemptAt: null })).toBe(true);
    expect(await t.store.webhookDeliveries.getById(second.id)).toMatchObject({ state: "failed", attempts: 1, lastStatus: null, nextAttemptAt: null });

    const log = await t.store.webhookDeliveries.listByWebhook(webhook.id, { limit: 1 });
    expect(log.items.map((d) => d.id)).toEqual([second.id]);
    expect((await t.store.webhookDeliveries.listByWebhook(webhook.id, { limit: 5, cursor: log.nextCursor ?? "" })).items.map((d) => d.id)).toEqual([first.id]);
  });

  it("mail: queued, claimed, sent or retried, listed newest first", async () => {
    const mail = await t.store.mail.enqueue({ kind: "test", toAddress: "a@example.com", subject: "Hi", text: "Body" }, T0);
    expect(mail).toMatchObject({ state: "pending", attempts: 0, nextAttemptAt: T0, lastError: null, sentAt: null });
    const [claimed] = await t.store.mail.claimDue(T0, at(60), 5);
    expect(claimed?.id).toBe(mail.id);
    expect(await t.store.mail.claimDue(T0, at(60), 5)).toEqual([]);
    await t.store.mail.recordAttempt(mail.id, at(60), { at: at(1), ok: false, status: 451, error: "451 try later", durationMs: 5, nextAttemptAt: at(31) });
    expect(await t.store.mail.getById(mail.id)).toMatchObject({ state: "pending", attempts: 1, lastError: "451 try later", nextAttemptAt: at(31) });
    await t.store.mail.claimDue(at(31), at(90), 5);
    await t.store.mail.recordAttempt(mail.id, at(90), { at: at(32), ok: true, status: null, error: null, durationMs: 5, nextAttemptAt: null });
    expect(await t.store.mail.getById(mail.id)).toMatchObject({ state: "done", attempts: 2, lastError: null, sentAt: at(32) });
    const later = await t.store.mail.enqueue({ kind: "test", toAddress: "b@example.com", subject: "Two", text: "" }, at(40));
    expect((await t.store.mail.list({ limit: 10 })).items.map((m) => m.id)).toEqual([later.id, mail.id]);
  });

  it("forgets finished rows queued before a time, never a pending one, in both outboxes", async () => {
    const app = await newApp("pruned");
    const webhook = await newWebhook(app.id);
    const finish = async (outbox: Store["mail"] | Store["webhookDeliveries"], id: string, ok: boolean) => {
      await outbox.claimDue(at(100), at(160), 10);
      expect(await outbox.recordAttempt(id, at(160), { at: at(101), ok, status: ok ? 200 : 500, error: ok ? null : "500", durationMs: 1, nextAttemptAt: null })).toBe(true);
    };
    const sent = await t.store.mail.enqueue({ kind: "test", toAddress: "a@example.com", subject: "Sent", text: "" }, T0);
    await finish(t.store.mail, sent.id, true);
    const failed = await t.store.mail.enqueue({ kind: "test", toAddress: "b@example.com", subject: "Failed", text: "" }, T0);
    await finish(t.store.mail, failed.id, false);
    const pending = await t.store.mail.enqueue({ kind: "test", toAddress: "c@example.com", subject: "Pending", text: "" }, T0);
    const recent = await t.store.mail.enqueue({ kind: "test", toAddress: "d@example.com", subject: "Recent", text: "" }, at(50));
    await finish(t.store.mail, recent.id, true);
    const delivered = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "release.published", payload: "{}" }, T0);
    await finish(t.store.webhookDeliveries, delivered.id, true);
    const waiting = await t.store.webhookDeliveries.enqueue({ webhookId: webhook.id, event: "release.published", payload: "{}" }, T0);

    expect(await t.store.mail.forgetFinished(T0)).toBe(0);
    expect(await t.store.mail.forgetFinished(at(50))).toBe(2);
    expect(await t.store.webhookDeliveries.forgetFinished(at(50))).toBe(1);
    expect((await t.store.mail.list({ limit: 10 })).items.map((m) => m.id).sort()).toEqual([pending.id, recent.id].sort());
    expect(await t.store.webhookDeliveries.getById(delivered.id)).toBeNull();
    expect(await t.store.webhookDeliveries.getById(waiting.id)).toMatchObject({ state: "pending" });
  });

  it("a transaction that rolls back queues nothing", async () => {
    await expect(
      t.store.transaction(async (tx) => {
        await tx.mail.enqueue({ kind: "test", toAddress: "a@example.com", subject: "Hi", text: "" }, T0);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await t.store.mail.list({ limit: 10 })).items).toEqual([]);
  });
});
