// Webhooks end to end below the UI, on a real SQLite file and a real HTTP receiver on loopback: a
// publish queues the delivery in its own transaction, the worker (driven by an injected clock, no
// waiting) retries a receiver that fails twice and delivers a correctly signed event the third time.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { WebhookEventPayload } from "@/domain/webhook-payload";
import { verifyWebhookSignature } from "@/server/crypto/webhook-signature";
import { createApp } from "@/server/services/apps";
import { withOutboxes } from "@/server/services/outbox-store";
import { drainOutboxes } from "@/server/services/outbox-worker";
import { publishRelease } from "@/server/services/releases";
import { webhookOutbox } from "@/server/services/webhook-deliveries";
import { createWebhook, redeliverWebhook, updateWebhook } from "@/server/services/webhooks";
import type { Store } from "@/server/store/types";
import { freePort } from "../helpers/server";
import { sqliteStore, type TestStore } from "../helpers/stores";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers each request with the next status of `statuses` (the last one repeats). */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses[Math.min(received.length, statuses.length) - 1] ?? 204).end("ignored");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

let t: TestStore;
let store: Store;
let queuedSignals: number;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

beforeEach(async () => {
  t = await sqliteStore();
  queuedSignals = 0;
  store = withOutboxes(t.store, { publicUrl: "https://ship.example", onQueued: () => (queuedSignals += 1) });
});
afterEach(async () => {
  receiver?.server.close();
  receiver = undefined;
  await t.close();
});

let build = 0;
const publish = (appId: string, version = "1.0.0") =>
  publishRelease(store, SYSTEM_ACTOR, appId, {
    version,
    build: String(++build),
    channel: "beta",
    artifacts: [{ platform: "android_apk", filename: "app.apk", sizeBytes: 1000, sha256: build.toString(16).padStart(64, "0"), validationStatus: "valid", metadata: {} }],
  });

describe("webhook deliveries", () => {
  it("retry a failing receiver with backoff and deliver the signed event on the third try", async () => {
    receiver = await startReceiver([500, 500, 204]);
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "acme", displayName: "Acme" });
    const { webhook, secret } = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"] });
    const { release } = await publish(app.id, "2.1.0");
    expect(queuedSignals).toBe(1);

    let now = new Date();
    const deps = { clock: () => now, random: () => 0 };
    const outboxes = [webhookOutbox({ store, clock: deps.clock, timeoutMs: 5_000 })];
    const advance = (ms: number) => (now = new Date(now.getTime() + ms));

    expect(await drainOutboxes(outboxes, deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    advance(29_000);
    expect(await drainOutboxes(outboxes, deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    advance(1_000);
    expect(await drainOutboxes(outboxes, deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    advance(60_000);
    expect(await drainOutboxes(outboxes, deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(3);

    const last = receiver.received[2] as Received;
    expect(last.headers["content-type"]).toBe("application/json");
    expect(last.headers["x-shipyard-event"]).toBe("release.published");
    expect(verifyWebhookSignature(secret, last.body, String(last.headers["x-shipyard-signature"]), now)).toBe(true);
    expect(verifyWebhookSignature("whsec_wrong", last.body, String(last.headers["x-shipyard-signature"]), now)).toBe(false);
    const event = JSON.parse(last.body) as WebhookEventPayload;
    expect(event).toMatchObject({ event: "release.published", app: { id: app.id, slug: "acme", name: "Acme" }, actor: "system", url: "https://ship.example/acme" });
    expect(event.data).toMatchObject({ version: "2.1.0", channel: "beta" });
    // Every attempt carries the same event id: receivers dedupe on it.
    expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as WebhookEventPayload).id)).size).toBe(1);

    const [delivery] = (await store.webhookDeliveries.listByWebhook(webhook.id, { limit: 10 })).items;
    expect(delivery).toMatchObject({ state: "done", attempts: 3, lastStatus: 204, event: "release.published" });
    expect(delivery?.attemptLog.map((a) => a.status)).toEqual([500, 500, 204]);
    expect(delivery?.attemptLog[0]?.error).toBe("HTTP 500");
    expect(release.version).toBe("2.1.0");
  });

  it("are queued in the change's transaction: a publish that fails queues nothing", async () => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "atomic", displayName: "Atomic" });
    const { webhook } = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: "http://127.0.0.1:9/never", events: ["release.published"] });
    await publish(app.id);
    build -= 1; // the same version and build again: CONFLICT, after the audit event was appended
    await expect(publish(app.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await store.webhookDeliveries.listByWebhook(webhook.id, { limit: 10 })).items).toHaveLength(1);
  });

  it("go only to enabled webhooks subscribed to the event, in their format", async () => {
    receiver = await startReceiver([200]);
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "fmt", displayName: "Fmt" });
    const slack = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"], format: "slack" });
    const other = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["channel.rolled_back"] });
    const off = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"] });
    await updateWebhook(store, SYSTEM_ACTOR, app.id, off.webhook.id, { enabled: false });
    await publish(app.id, "3.0.0");
    expect((await store.webhookDeliveries.listByWebhook(other.webhook.id, { limit: 5 })).items).toEqual([]);
    expect((await store.webhookDeliveries.listByWebhook(off.webhook.id, { limit: 5 })).items).toEqual([]);
    const deps = { clock: () => new Date(), random: () => 0 };
    expect(await drainOutboxes([webhookOutbox({ store, clock: deps.clock, timeoutMs: 5_000 })], deps)).toMatchObject({ sent: 1 });
    expect(JSON.parse(receiver.received[0]?.body ?? "")).toEqual({ text: expect.stringContaining("Release published: Fmt · 3.0.0") });

    // Redeliver: a new delivery of the same event, sent again.
    const [first] = (await store.webhookDeliveries.listByWebhook(slack.webhook.id, { limit: 5 })).items;
    const again = await redeliverWebhook(store, SYSTEM_ACTOR, app.id, first?.id ?? "");
    expect(again).toMatchObject({ state: "pending", attempts: 0, payload: first?.payload });
    expect(await drainOutboxes([webhookOutbox({ store, clock: deps.clock, timeoutMs: 5_000 })], deps)).toMatchObject({ sent: 1 });
    expect(receiver.received).toHaveLength(2);
  });

  it("a receiver that redirects or does not answer is a failure, retried later", async () => {
    receiver = await startReceiver([302]);
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "redir", displayName: "Redir" });
    const { webhook } = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"] });
    // A port nothing listens on (fetch itself refuses the spec's "bad ports", such as 25 for SMTP).
    const closed = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: `http://127.0.0.1:${await freePort()}/closed`, events: ["release.published"] });
    await publish(app.id);
    const deps = { clock: () => new Date(), random: () => 0 };
    expect(await drainOutboxes([webhookOutbox({ store, clock: deps.clock, timeoutMs: 5_000 })], deps)).toEqual({ sent: 0, retrying: 2, failed: 0 });
    expect((await store.webhookDeliveries.listByWebhook(webhook.id, { limit: 1 })).items[0]).toMatchObject({ lastStatus: 302, state: "pending" });
    const [refused] = (await store.webhookDeliveries.listByWebhook(closed.webhook.id, { limit: 1 })).items;
    expect(refused).toMatchObject({ lastStatus: null, state: "pending" });
    expect(refused?.attemptLog[0]?.error).toBe("ECONNREFUSED");
  });

  it("give up after 24 h of failures, and at once when the webhook was disabled meanwhile", async () => {
    receiver = await startReceiver([503]);
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "down", displayName: "Down" });
    const { webhook } = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"] });
    const later = await createWebhook(store, SYSTEM_ACTOR, app.id, { url: receiver.url, events: ["release.published"] });
    await publish(app.id);
    await updateWebhook(store, SYSTEM_ACTOR, app.id, later.webhook.id, { enabled: false });

    const [queued] = (await store.webhookDeliveries.listByWebhook(webhook.id, { limit: 1 })).items;
    let now = new Date((queued?.createdAt ?? new Date()).getTime());
    const deps = { clock: () => now, random: () => 0 };
    const outboxes = [webhookOutbox({ store, clock: deps.clock, timeoutMs: 5_000 })];
    expect(await drainOutboxes(outboxes, deps)).toEqual({ sent: 0, retrying: 1, failed: 1 });
    const [disabled] = (await store.webhookDeliveries.listByWebhook(later.webhook.id, { limit: 1 })).items;
    expect(disabled).toMatchObject({ state: "failed", attempts: 1, attemptLog: [{ status: null, error: "the webhook is disabled" }] });

    // Each round jumps to the next attempt's time: the receiver never recovers.
    for (let round = 0; round < 100; round++) {
      const row = await store.webhookDeliveries.getById(queued?.id ?? "");
      if (row?.state !== "pending" || !row.nextAttemptAt) break;
      now = row.nextAttemptAt;
      await drainOutboxes(outboxes, deps);
    }
    const final = await store.webhookDeliveries.getById(queued?.id ?? "");
    expect(final).toMatchObject({ state: "failed", attempts: 30, lastStatus: 503, nextAttemptAt: null });
    const lastTry = final?.attemptLog.at(-1)?.at.getTime() ?? 0;
    expect(lastTry - (queued?.createdAt.getTime() ?? 0)).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(receiver.received).toHaveLength(30);
  });
});
