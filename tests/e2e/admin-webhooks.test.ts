// The webhooks page in Chromium against a real server and a real receiver on loopback: an admin
// adds a webhook and reads its signing secret once, CI publishes a release through the REST API,
// the server's worker posts the signed event, the delivery log shows it delivered with the
// receiver's status, and Redeliver sends it again. axe (light and dark) on the page.
import { mkdirSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { WebhookEventPayload } from "@/domain/webhook-payload";
import { verifyWebhookSignature } from "@/server/crypto/webhook-signature";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APK = path.resolve(ROOT, "../shared/fixtures/android/hello.apk");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let receiver: Server;
let receiverUrl = "";
let ciToken = "";
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/shipyard`;
  server = await startServer();
  const printed = firstAdminCredentials(server);
  ciToken = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "hooks", displayName: "Hooks", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fhooks%2Fwebhooks`);
  await submitSignIn(page, printed);
  await page.getByTestId("webhook-form").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.close();
});

describe("webhooks page", () => {
  let secret = "";

  it("refuses a hostile URL with a form error, then adds a webhook and shows its secret once", async () => {
    await page.getByTestId("webhooks-empty").waitFor();
    await page.getByLabel("Payload URL").fill("http://user:pass@example.com/hook");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => page.getByText("must not carry a user name or password").count()).toBe(1);

    await page.getByLabel("Payload URL").fill(receiverUrl);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const shown = page.getByTestId("new-webhook-secret-value");
    await shown.waitFor();
    secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByTestId("webhook-url").textContent()).toBe(receiverUrl);
    expect(await violationsInBothThemes(page)).toEqual([]);

    await page.getByRole("button", { name: "Done" }).click();
    await page.reload();
    await page.getByTestId("webhook").waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it("a published release reaches the receiver signed, and the log shows it delivered", async () => {
    const api = apiClient(server.url, ciToken);
    const upload = await api.uploadFile("hooks", APK);
    const published = await api.call("POST", "/api/v1/apps/hooks/releases", { version: "1.4.0", build: "14", channel: "beta", uploads: [upload] });
    expect(published.status).toBe(201);

    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(1);
    const [first] = received;
    expect(verifyWebhookSignature(secret, first?.body ?? "", String(first?.headers["x-shipyard-signature"]))).toBe(true);
    const event = JSON.parse(first?.body ?? "") as WebhookEventPayload;
    expect(event).toMatchObject({ event: "release.published", app: { slug: "hooks" }, data: { version: "1.4.0", build: "14", channel: "beta" } });

    await page.reload();
    const row = page.getByTestId("delivery-row");
    await row.first().waitFor();
    await expect.poll(() => row.first().getAttribute("data-state")).toBe("done");
    expect(await row.first().getByTestId("delivery-state").textContent()).toBe("delivered");
    expect(await row.first().getByTestId("delivery-status").textContent()).toMatch(/^202 · \d+ ms$/);
  });

  it("Redeliver sends the same event again as a new delivery", async () => {
    await page.getByTestId("delivery-row").first().getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(2);
    expect(JSON.parse(received[1]?.body ?? "").id).toBe(JSON.parse(received[0]?.body ?? "").id);
    await expect.poll(() => page.getByTestId("delivery-row").count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => page.locator('[data-testid="delivery-row"][data-state="done"]').count(), { timeout: 10_000 }).toBe(2);
    expect(await violationsInBothThemes(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-webhooks.png"), fullPage: true });
  });

  it("changes the format and events, and disables the webhook", async () => {
    const card = page.getByTestId("webhook");
    await card.getByRole("button", { name: "Edit" }).click();
    const form = card.getByTestId("webhook-edit-form");
    await form.getByLabel("Format").selectOption("teams");
    await form.getByLabel("Rollout percentage changed").check();
    expect(await violationsInBothThemes(page)).toEqual([]);
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card.textContent()).toContain("Microsoft Teams · Release published, Channel promoted, Channel rolled back, Rollout percentage changed");
    expect(await form.count()).toBe(0);

    await card.getByRole("button", { name: "Disable" }).click();
    await expect.poll(() => card.getByTestId("webhook-state").textContent()).toBe("disabled");
  });
});
