// The webhooks tRPC router through createCaller on a real SQLite file, with the server assembled by
// the composition root: the secret comes back once, changes are audited, a publish through the
// assembled store queues a delivery, and only admins get in.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createCaller } from "@/server/api/root";
import { publishRelease } from "@/server/services/releases";
import { createUser, type PublicUser } from "@/server/services/users";
import { sqliteStore, type TestStore } from "../helpers/stores";
import { trpcContext } from "../helpers/trpc-context";

let t: TestStore;
let admin: PublicUser;

beforeEach(async () => {
  t = await sqliteStore();
  admin = await createUser(t.store, SYSTEM_ACTOR, { email: "admin@example.com", password: "correct horse battery", role: "admin" });
});
afterEach(() => t.close());

describe("webhooks router", () => {
  it("creates (secret once), lists, updates, logs deliveries, redelivers and deletes, each change audited", async () => {
    const context = trpcContext(t.store, admin);
    const caller = createCaller(context);
    const app = await caller.apps.create({ slug: "hooked", displayName: "Hooked" });
    const created = await caller.webhooks.create({ appId: app.id, webhook: { url: "https://hooks.example/a?token=abc", events: ["release.published"], format: "json" } });
    expect(created.secret).toMatch(/^whsec_/);
    const [listed] = await caller.webhooks.list({ appId: app.id });
    expect(listed).toMatchObject({ id: created.webhook.id, url: "https://hooks.example/a?token=abc" });
    expect(JSON.stringify(await caller.webhooks.list({ appId: app.id }))).not.toContain(created.secret);

    await publishRelease(context.store, SYSTEM_ACTOR, app.id, {
      version: "1.0.0",
      build: "1",
      channel: "beta",
      artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 10, sha256: "a".repeat(64), validationStatus: "valid", metadata: {} }],
    });
    const log = await caller.webhooks.deliveries({ appId: app.id, id: created.webhook.id });
    expect(log.items).toMatchObject([{ event: "release.published", state: "pending", attempts: 0 }]);
    const again = await caller.webhooks.redeliver({ appId: app.id, deliveryId: log.items[0]?.id ?? "" });
    expect(again.payload).toBe(log.items[0]?.payload);

    const updated = await caller.webhooks.update({ appId: app.id, id: created.webhook.id, patch: { format: "teams", enabled: false } });
    expect(updated).toMatchObject({ format: "teams", disabledAt: expect.any(Date) });
    await expect(caller.webhooks.redeliver({ appId: app.id, deliveryId: log.items[0]?.id ?? "" })).rejects.toMatchObject({ code: "CONFLICT" });
    await caller.webhooks.delete({ appId: app.id, id: created.webhook.id });
    expect(await caller.webhooks.list({ appId: app.id })).toEqual([]);

    const events = await t.store.audit.list({ targetType: "webhook" }, { limit: 10 });
    expect(events.items.map((e) => e.action).reverse()).toEqual(["webhook.create", "webhook.redeliver", "webhook.update", "webhook.delete"]);
    expect(events.items.every((e) => e.actor === `user:${admin.id}` && e.appId === app.id)).toBe(true);
    // The URL's query (where tokens hide) and the secret stay out of the log.
    expect(JSON.stringify(events.items)).not.toContain("token=abc");
    expect(JSON.stringify(events.items)).not.toContain(created.secret);
  });

  it("refuses hostile URLs with a field issue, other apps' webhooks, and non-admins", async () => {
    const caller = createCaller(trpcContext(t.store, admin));
    const app = await caller.apps.create({ slug: "one", displayName: "One" });
    const other = await caller.apps.create({ slug: "two", displayName: "Two" });
    await expect(caller.webhooks.create({ appId: app.id, webhook: { url: "file:///etc/passwd", events: ["release.published"] } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.webhooks.create({ appId: app.id, webhook: { url: "http://u:p@example.com/", events: ["release.published"] } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { webhook } = await caller.webhooks.create({ appId: app.id, webhook: { url: "https://example.com/", events: ["release.published"] } });
    await expect(caller.webhooks.delete({ appId: other.id, id: webhook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.webhooks.deliveries({ appId: other.id, id: webhook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const member = await createUser(t.store, SYSTEM_ACTOR, { email: "m@example.com", password: "correct horse battery", role: "member" });
    await expect(createCaller(trpcContext(t.store, member)).webhooks.list({ appId: app.id })).rejects.toBeInstanceOf(TRPCError);
    await expect(createCaller(trpcContext(t.store, null)).webhooks.list({ appId: app.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("the composed server's worker drains what a commit queued (the hook tests and the Node server share)", async () => {
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const context = trpcContext(t.store, admin);
      const caller = createCaller(context);
      const app = await caller.apps.create({ slug: "drained", displayName: "Drained" });
      await caller.webhooks.create({ appId: app.id, webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, events: ["channel.promoted"] } });
      await caller.releases.publish({
        appId: app.id,
        release: {
          version: "1.0.0",
          build: "1",
          channel: "beta",
          promote: true,
          artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 10, sha256: "b".repeat(64), validationStatus: "valid", metadata: {} }],
        },
      });
      expect(await context.server.outbox.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(JSON.parse(bodies[0] ?? "")).toMatchObject({ event: "channel.promoted", data: { name: "beta", build: "1", rolloutPercent: 100 } });
    } finally {
      receiver.close();
    }
  });
});
