// A webhook receiver that fails its first two deliveries gets the signed event on the third, through
// the server's own worker and real backoff (the first pause set to 1 s by OUTBOX_RETRY_FIRST_SECONDS,
// so the test waits about 3 s, not 90); the console's delivery log shows the attempts.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { verifyWebhookSignature } from "@/server/crypto/webhook-signature";
import { createApp } from "@/server/services/apps";
import { createWebhook } from "@/server/services/webhooks";
import { apiClient } from "../helpers/api";
import { launchBrowser, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");

let server: RunningServer;
let receiver: Server;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const received: Array<{ headers: IncomingHttpHeaders; body: string; answered: number; at: number }> = [];
let secret = "";
let ciToken = "";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const answered = received.length < 2 ? 500 : 204;
      received.push({ headers: req.headers, body, answered, at: Date.now() });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  server = await startServer({ env: { OUTBOX_RETRY_FIRST_SECONDS: "1" } });
  ({ secret, ciToken } = await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "retries", displayName: "Retries", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    const created = await createWebhook(store, SYSTEM_ACTOR, app.id, { url, events: ["release.published"], format: "json" });
    return { secret: created.secret, ciToken: (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw };
  }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

describe("webhook retries", () => {
  it("delivers on the third attempt after two failures, backing off, each attempt signed, one event id", async () => {
    const api = apiClient(server.url, ciToken);
    const upload = await api.uploadFile("retries", APK);
    expect((await api.call("POST", "/api/v1/apps/retries/releases", { version: "1.0.0", build: "1", channel: "beta", uploads: [upload] })).status).toBe(201);

    await expect.poll(() => received.length, { timeout: 30_000, interval: 250 }).toBe(3);
    expect(received.map((r) => r.answered)).toEqual([500, 500, 204]);
    for (const attempt of received) expect(verifyWebhookSignature(secret, attempt.body, String(attempt.headers["x-shipyard-signature"]))).toBe(true);
    expect(new Set(received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    // Backoff, not a loop: the second pause is about twice the first (1 s, then 2 s; the worker looks every second).
    const [a, b, c] = received.map((r) => r.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(900);
    expect(c - b).toBeGreaterThanOrEqual(1_900);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fretries%2Fwebhooks`);
    await submitSignIn(page, firstAdminCredentials(server));
    const row = page.getByTestId("delivery-row").first();
    await row.waitFor();
    expect(await row.getByTestId("delivery-state").textContent()).toBe("delivered");
    expect(await row.getByTestId("delivery-status").textContent()).toMatch(/^204 · \d+ ms$/);
    expect(await row.locator("td .tabular-nums").allTextContents()).toContain("3");
  });
});
