// The Testers page in Chromium against a real server and a real SMTP server on loopback: an admin
// creates a group given beta, adds a user and an outside address (who is mailed a personal link),
// CI publishes to beta and both get the notice; the tester signs in, sees the app on / and opens its
// private install page, and the outside address opens it through its personal link. axe (light and
// dark) on the page.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { createUser } from "@/server/services/users";
import { apiClient } from "../helpers/api";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";
import { type MailCatcher, startMailCatcher } from "../helpers/smtp";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APK = path.resolve(ROOT, "../shared/fixtures/android/hello.apk");
const TESS = { email: "tess@example.com", password: "correct horse battery staple" };

let server: RunningServer;
let smtp: MailCatcher;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let ciToken = "";

/** The next person gets a context of their own, which no request of the last person's can reach. */
async function switchPerson() {
  const previous = page;
  page = await (await browser.newContext()).newPage();
  await previous.context().close();
}

const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: "Shipyard <ship@example.com>" } });
  const admin = firstAdminCredentials(server);
  ciToken = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "secret", displayName: "Secret App", visibility: "private", bundleIds: { android_apk: "com.example.hello" } });
    await createUser(store, SYSTEM_ACTOR, { ...TESS, role: "member" });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fsecret%2Ftesters`);
  await submitSignIn(page, admin);
  await page.getByTestId("tester-group-form").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe("testers page", () => {
  it("refuses a hostile group name, creates a group given beta, and adds a user and an outside address", async () => {
    await page.getByTestId("testers-empty").waitFor();
    const form = page.getByTestId("tester-group-form");
    await form.getByLabel("Group name").fill("QA\u202Egnp");
    await form.getByRole("button", { name: "Create group" }).click();
    await expect.poll(() => form.getByText("bidirectional control characters").count()).toBe(1);

    await form.getByLabel("Group name").fill("QA");
    await form.getByLabel("beta").check();
    await form.getByRole("button", { name: "Create group" }).click();
    const card = page.getByTestId("tester-group");
    await card.waitFor();
    expect(await card.getByTestId("tester-group-name").textContent()).toBe("QA");
    expect(await card.getByLabel("beta").isChecked()).toBe(true);
    expect(await card.getByLabel("stable").isChecked()).toBe(false);

    const add = card.getByLabel("Add a tester to QA by email");
    await add.fill(TESS.email);
    await card.getByRole("button", { name: "Add tester" }).click();
    await expect.poll(() => card.getByTestId("tester-group-member").count()).toBe(1);
    await add.fill("vendor@example.org");
    await card.getByRole("button", { name: "Add tester" }).click();
    await expect.poll(() => card.getByTestId("tester-group-member").count()).toBe(2);
    expect(await card.getByTestId("tester-group-members").textContent()).toContain("personal link");
    // Mail is on: the link went by email, not on screen.
    expect(await page.getByTestId("tester-personal-link").count()).toBe(0);
    await expect.poll(() => mailTo("vendor@example.org").length, { timeout: 20_000 }).toBe(1);
    expect(mailTo("vendor@example.org")[0]?.text).toMatch(new RegExp(`${server.url}/s/shs_`));

    expect(await violationsInBothThemes(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-testers.png"), fullPage: true });
  });

  it("a publish to beta mails the group's members the install link and the notes as text", async () => {
    const api = apiClient(server.url, ciToken);
    const upload = await api.uploadFile("secret", APK);
    const notes = "## What's new\n- <b>faster</b> start";
    const published = await api.call("POST", "/api/v1/apps/secret/releases", { version: "2.0.0", build: "20", channel: "beta", notes, uploads: [upload], promote: true });
    expect(published.status).toBe(201);
    await expect.poll(() => mailTo(TESS.email).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => mailTo("vendor@example.org").length, { timeout: 20_000 }).toBe(2);
    const notice = mailTo(TESS.email)[0];
    expect(notice?.subject).toBe("Secret App 2.0.0 (20) is out on beta");
    expect(notice?.text).toContain(`${server.url}/secret/beta`);
    expect(notice?.text).toContain(notes);
    expect(notice?.raw).not.toMatch(/text\/html/i);
  });

  it("the tester signs in, sees the app and its channel on /, and opens the private install page", async () => {
    // Anonymous visitors see / as before: the public apps (none here), never a private one.
    const anonymous = await (await fetch(`${server.url}/`)).text();
    expect(anonymous).toContain('data-testid="no-public-apps"');
    expect(anonymous).not.toContain("Secret App");
    await switchPerson();
    await page.goto(`${server.url}/login?callbackUrl=%2F`);
    await submitSignIn(page, TESS);
    const mine = page.getByTestId("installable-apps");
    await mine.waitFor();
    expect(await mine.textContent()).toContain("Secret App");
    // A tester opens no console: no link to it.
    expect(await page.getByRole("link", { name: "Admin console" }).count()).toBe(0);
    await mine.getByRole("link", { name: "beta" }).click();
    await page.waitForURL(`${server.url}/secret/beta`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Secret App");
    expect(await page.content()).toContain("2.0.0");
    // The install button hands out the APK itself (a signed grant URL: the app is private).
    const href = (await page.getByTestId("install-button").first().getAttribute("href")) ?? "";
    const apk = await page.request.get(new URL(href, server.url).toString());
    expect([apk.status(), apk.headers()["content-type"]]).toEqual([200, "application/vnd.android.package-archive"]);
    // Not a channel of their group.
    const stable = await page.goto(`${server.url}/secret/stable`);
    expect(stable?.status()).toBe(404);
  });

  it("the tester turns the emails off on /, and the next publish to beta queues none for them", async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Stop these emails" }).click();
    await page.getByRole("button", { name: "Email me about new builds" }).waitFor();
    expect(await violationsInBothThemes(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "home-tester.png"), fullPage: true });

    const api = apiClient(server.url, ciToken);
    const upload = await api.uploadFile("secret", APK);
    const published = await api.call("POST", "/api/v1/apps/secret/releases", { version: "2.1.0", build: "21", channel: "beta", uploads: [upload], promote: true });
    expect(published.status).toBe(201);
    // Queued in the publish's transaction: what the outbox holds is the whole answer.
    const notices = await withServerStore(server.dataDir, async (store) => (await store.mail.list({ limit: 50 })).items.filter((m) => m.kind === "release_notice"));
    expect(notices.map((m) => m.toAddress).sort()).toEqual(["tess@example.com", "vendor@example.org", "vendor@example.org"]);
  });

  it("the tester signs out from /, which then shows no session", async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId("home-sign-out").click();
    await page.waitForURL(/\/login/);
    await page.goto(`${server.url}/`);
    expect(await page.getByTestId("home-signed-in-as").count()).toBe(0);
    expect((await page.goto(`${server.url}/secret/beta`))?.status()).toBe(404);
  });

  it("the outside address opens the private app through the personal link in its email", async () => {
    await switchPerson();
    const link = /https?:\/\/\S+\/s\/\S+/.exec(mailTo("vendor@example.org")[0]?.text ?? "")?.[0] ?? "";
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Secret App");
    // Their group's channel, beta, and not the app's others: stable stays closed to the link.
    expect(new URL(page.url()).pathname).toBe("/secret");
    expect(await page.content()).toContain("2.1.0");
    expect((await page.goto(`${server.url}/secret/beta`))?.status()).toBe(200);
    expect((await page.goto(`${server.url}/secret/stable`))?.status()).toBe(404);
  });

  it("the admin renames the group and removes the outside address, whose personal link then stops working", async () => {
    await switchPerson();
    await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fsecret%2Ftesters`);
    await submitSignIn(page, firstAdminCredentials(server));
    const card = page.getByTestId("tester-group");
    await card.waitFor();
    await card.getByRole("button", { name: "Rename" }).click();
    await card.getByLabel("New name").fill("Quality");
    await card.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => card.getByTestId("tester-group-name").textContent()).toBe("Quality");

    const vendor = card.getByTestId("tester-group-member").filter({ hasText: "vendor@example.org" });
    await vendor.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove tester" }).click();
    await expect.poll(() => card.getByTestId("tester-group-member").count()).toBe(1);
    const link = /https?:\/\/\S+\/s\/\S+/.exec(mailTo("vendor@example.org")[0]?.text ?? "")?.[0] ?? "";
    expect((await fetch(link, { redirect: "manual" })).status).toBe(410);
  });
});
