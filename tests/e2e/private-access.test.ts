// A private app over real HTTP: its page, iOS manifest, downloads, desktop feeds and update API
// refuse strangers and open for a session, a share link, an update key or a token; a share link
// stops working when revoked, expired or used up, and every use is recorded.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import { createApp } from "@/server/services/apps";
import { createShareLink, revokeShareLink } from "@/server/services/share-links";
import { apiClient } from "../helpers/api";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const APK = path.join(FIXTURES, "android/hello.apk");
const FILES = ["ios/Hello.ipa", "android/hello.apk", "macos/test.dmg", "linux/Hello_Fixture-1.2.3-x86_64.AppImage", "windows/HelloFixture-Setup-1.2.3.exe"];

let server: RunningServer;
let appId = "";
let updateKey = "";
let adminToken = "";
let readToken = "";
let otherAppToken = "";
let artifactIds: Record<string, string> = {};
let credentials: { email: string; password: string };

const sha256 = (bytes: Buffer | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const get = (route: string, init: RequestInit = {}) => fetch(`${server.url}${route}`, { redirect: "manual", ...init });
const UPDATE_QUERY = "platform=android_apk&currentBuild=1&channel=stable&deviceId=device-0001";

/** The APK link on the install page HTML, as a tester's browser would follow it. */
function apkHref(html: string): string {
  const match = /href="([^"]*\/hello\.apk)"/.exec(html);
  if (!match?.[1]) throw new Error("no APK link on the page");
  return match[1].replaceAll("&amp;", "&");
}

async function redeem(secretUrl: string): Promise<{ status: number; cookie: string; location: string | null }> {
  const res = await fetch(secretUrl, { redirect: "manual" });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { status: res.status, cookie, location: res.headers.get("location") };
}

async function newShareLink(input: { maxInstalls?: number | null } = {}) {
  const created = await withServerStore(server.dataDir, (store) => createShareLink(store, SYSTEM_ACTOR, appId, { name: "testers", expiresInDays: 7, maxInstalls: input.maxInstalls ?? null }));
  return { link: created.link, url: `${server.url}/s/${created.raw}` };
}

beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: "e2e-private-access-secret-0123456789" } });
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  credentials = { email: printed[1], password: printed[2] };
  await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, {
      slug: "secret",
      displayName: "Secret App",
      visibility: "private",
      bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" },
    });
    await createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other" });
    appId = app.id;
    updateKey = app.updateKey ?? "";
    adminToken = (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
    readToken = (await seedToken(store, { name: "reader", scopes: ["releases:read"], app: "secret" })).raw;
    otherAppToken = (await seedToken(store, { name: "other reader", scopes: ["releases:read"], app: "other" })).raw;
  });
  const api = apiClient(server.url, adminToken);
  const uploads: string[] = [];
  for (const file of FILES) uploads.push(await api.uploadFile("secret", path.join(FIXTURES, file)));
  const published = await api.call("POST", "/api/v1/apps/secret/releases", { version: "1.2.3", build: "42", channel: "stable", notes: "Private build", uploads, promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  const artifacts = published.body.artifacts as { id: string; filename: string }[];
  artifactIds = Object.fromEntries(artifacts.map((a) => [a.filename, a.id]));
});

afterAll(async () => server?.stop());

describe("a private app without access", () => {
  it("answers 404 for its pages, exactly like an app that does not exist", async () => {
    for (const route of ["/secret", "/secret/stable", "/secret/releases/00000000-0000-7000-8000-000000000000", "/nope"]) {
      const res = await get(route);
      expect(res.status, route).toBe(404);
      expect(await res.text(), route).not.toContain("Secret App");
    }
    // Not listed on the home page either.
    expect(await (await get("/")).text()).not.toContain("Secret App");
  });

  it("does not serve its files on public download URLs or forged grants", async () => {
    const id = artifactIds["hello.apk"] ?? "";
    expect((await get(`/d/${id}/hello.apk`)).status).toBe(404);
    expect((await get(`/g/not-a-grant/hello.apk`)).status).toBe(404);
    expect((await get(`/i/not-a-grant/manifest.plist`)).status).toBe(404);
  });

  it("hides its feeds without a token for the app", async () => {
    for (const feed of ["/secret/feeds/stable.yml", "/secret/feeds/stable-mac.yml", "/secret/feeds/stable-linux.yml", "/secret/feeds/stable/appcast.xml"]) {
      expect((await get(feed)).status, feed).toBe(404);
      expect((await get(feed, { headers: { authorization: `Bearer ${otherAppToken}` } })).status, feed).toBe(404);
      const allowed = await get(feed, { headers: { authorization: `Bearer ${readToken}` } });
      expect(allowed.status, feed).toBe(200);
      // File links in a private feed are grants, never the public /d/ path.
      const body = await allowed.text();
      expect(body).toMatch(/\/g\/[^/\s"]+\//);
      expect(body).not.toContain("/d/");
    }
  });

  it("refuses the update API without the app's key or a token, and answers with one", async () => {
    expect((await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`)).status).toBe(401);
    expect((await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`, { headers: { "x-shipyard-app-key": `${updateKey.slice(0, -1)}x` } })).status).toBe(401);
    // Unknown apps look the same as a wrong key: slugs are not disclosed.
    expect((await get(`/api/v1/apps/nope/updates?${UPDATE_QUERY}`, { headers: { "x-shipyard-app-key": updateKey } })).status).toBe(401);

    const byKey = await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`, { headers: { "x-shipyard-app-key": updateKey } });
    expect(byKey.status).toBe(200);
    const update = (await byKey.json()) as Record<string, unknown>;
    expect(update).toMatchObject({ status: "update_available", version: "1.2.3", build: "42", sha256: sha256(readFileSync(APK)) });
    // The download it names is a grant that works on its own (the app fetches it without a session).
    const download = await fetch(String(update.downloadUrl));
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(readFileSync(APK)));

    const byToken = await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY.replace("currentBuild=1", "currentBuild=42")}`, { headers: { authorization: `Bearer ${readToken}` } });
    expect(byToken.status).toBe(204);
    expect((await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`, { headers: { authorization: `Bearer ${otherAppToken}` } })).status).toBe(403);
  });
});

describe("a private app with access", () => {
  it("opens its page to a signed-in user", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/login?callbackUrl=%2Fsecret`);
      await page.getByLabel("Email").fill(credentials.email);
      await page.getByLabel("Password").fill(credentials.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForSelector('[data-testid="install-page"]');
      expect(await page.textContent("h1")).toContain("Secret App");
      // Files on a private page are grants: they work without the session (the iOS installer has none).
      const href = await page.locator('a[href$="/hello.apk"]').first().getAttribute("href");
      expect(href).toMatch(/\/g\/[^/]+\/hello\.apk$/);
      const res = await fetch(new URL(href ?? "", server.url));
      expect(res.status).toBe(200);
    } finally {
      await browser.close();
    }
  });

  it("opens it through a share link, serves grants minted through it, and records each use", async () => {
    const { url, link } = await newShareLink();
    const redeemed = await redeem(url);
    expect(redeemed.status).toBe(303);
    expect(redeemed.location).toBe("/secret");
    expect(redeemed.cookie).toMatch(/^sy_share_secret=/);

    const page = await get("/secret", { headers: { cookie: redeemed.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Secret App");
    expect(html).toMatch(/itms-services:\/\/\?action=download-manifest/);

    const apk = await fetch(new URL(apkHref(html), server.url));
    expect(apk.status).toBe(200);
    expect(apk.headers.get("content-type")).toBe("application/vnd.android.package-archive");
    expect(sha256(Buffer.from(await apk.arrayBuffer()))).toBe(sha256(readFileSync(APK)));

    // Other pages of the app open with the same cookie.
    expect((await get("/secret/stable", { headers: { cookie: redeemed.cookie } })).status).toBe(200);

    const recorded = await withServerStore(server.dataDir, async (store) => {
      // Install events are flushed in batches; wait for the batch to land.
      for (let i = 0; i < 50; i++) {
        const events = await store.installEvents.listByApp(appId, { limit: 500 });
        if (events.items.some((e) => e.kind === "download_complete" && e.shareLinkId === link.id)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return { events: (await store.installEvents.listByApp(appId, { limit: 500 })).items, link: await store.shareLinks.getById(link.id) };
    });
    const kinds = recorded.events.filter((e) => e.shareLinkId === link.id).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["share_open", "page_view", "download_complete"]));
    expect(recorded.link?.installCount).toBe(1);
  });

  it("stops a revoked link: the page, its cookie and the grants it minted", async () => {
    const { url, link } = await newShareLink();
    const { cookie } = await redeem(url);
    const html = await (await get("/secret", { headers: { cookie } })).text();
    const grantUrl = new URL(apkHref(html), server.url);
    const manifest = /url=([^"&]+manifest\.plist)/.exec(html)?.[1];
    expect(manifest).toBeTruthy();

    await withServerStore(server.dataDir, (store) => revokeShareLink(store, SYSTEM_ACTOR, appId, link.id));
    const again = await fetch(url, { redirect: "manual" });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("revoked");
    expect((await get("/secret", { headers: { cookie } })).status).toBe(404);
    expect((await fetch(grantUrl)).status).toBe(403);
    expect((await fetch(decodeURIComponent(manifest ?? ""))).status).toBe(403);

    const audit = await withServerStore(server.dataDir, (store) => store.audit.list({ targetId: link.id }, { limit: 10 }));
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(["share_link.create", "share_link.revoke"]));
  });

  it("stops an expired link", async () => {
    const { url, link } = await newShareLink();
    const { cookie } = await redeem(url);
    const html = await (await get("/secret", { headers: { cookie } })).text();
    // Time passes: the link's expiry is moved into the past behind the server's back.
    const prisma = await openPrisma(`file:${path.join(server.dataDir, "shipyard.db")}`);
    await prisma.shareLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await prisma.$disconnect();
    const again = await fetch(url, { redirect: "manual" });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("expired");
    expect((await get("/secret", { headers: { cookie } })).status).toBe(404);
    expect((await fetch(new URL(apkHref(html), server.url))).status).toBe(403);
  });

  it("counts installs against a link's cap, and refuses the one past it", async () => {
    const { url, link } = await newShareLink({ maxInstalls: 2 });
    const { cookie } = await redeem(url);
    const html = await (await get("/secret", { headers: { cookie } })).text();
    const grantUrl = new URL(apkHref(html), server.url);
    // Two parallel installs fit the cap of two; a range request resuming a download (its tail lost
    // in flight) is not a new install. Resuming from near the start would be a third copy: see
    // share-link-caps.test.ts.
    const [first, second] = await Promise.all([fetch(grantUrl), fetch(grantUrl)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await Promise.all([first.arrayBuffer(), second.arrayBuffer()]);
    expect((await fetch(grantUrl, { headers: { range: "bytes=16000-" } })).status).toBe(206);
    const third = await fetch(grantUrl);
    expect(third.status).toBe(403);
    expect(await third.text()).toContain("limit of 2 installs");
    const stored = await withServerStore(server.dataDir, (store) => store.shareLinks.getById(link.id));
    expect(stored?.installCount).toBe(2);
  });

  it("lets an admin create and revoke a share link and rotate the update key on the app's admin page, each destructive step confirmed first", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fsecret`);
      await page.getByLabel("Email").fill(credentials.email);
      await page.getByLabel("Password").fill(credentials.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("share-links").waitFor();
      await page.getByLabel("Name").fill("QA vendor");
      await page.getByLabel("Install limit").fill("3");
      await page.getByRole("button", { name: "Create share link" }).click();
      const shown = await page.getByTestId("new-share-link-url").inputValue();
      expect(shown).toMatch(new RegExp(`^${server.url}/s/shs_`));
      const redeemed = await redeem(shown);
      expect(redeemed.status).toBe(303);
      expect((await get("/secret", { headers: { cookie: redeemed.cookie } })).status).toBe(200);
      // The list shows it with its cap, beside the links the earlier tests revoked, expired and used up.
      const row = page.getByTestId("share-link-row").filter({ hasText: "QA vendor" });
      await row.waitFor();
      expect(await row.getAttribute("data-state")).toBe("active");
      expect(await row.getByTestId("share-link-installs").textContent()).toBe("0 of 3");
      expect(await page.locator('[data-testid="share-link-row"][data-state="revoked"]').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="share-link-row"][data-state="revoked"]').first().getByTestId("share-link-revoke").count()).toBe(0);

      // Every state's badge, the shown-once link and the table pass axe in both themes, and fit 360 px as cards.
      expect(await violationsInBothThemes(page)).toEqual([]);
      await page.getByTestId("share-links").screenshot({ path: path.join(SCREENSHOT_DIR, "admin-share-links.png") });
      await page.setViewportSize({ width: 360, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.getByTestId("share-links").screenshot({ path: path.join(SCREENSHOT_DIR, "admin-share-links-360.png") });
      await page.setViewportSize({ width: 1280, height: 900 });

      // Revoking asks first; cancelling keeps the link working.
      await row.getByTestId("share-link-revoke").click();
      const revokeDialog = page.getByTestId("share-link-revoke-dialog");
      expect(await revokeDialog.getByRole("heading").textContent()).toBe("Revoke “QA vendor”?");
      expect(await violationsInBothThemes(page)).toEqual([]);
      await revokeDialog.getByRole("button", { name: "Cancel" }).click();
      expect((await redeem(shown)).status).toBe(303);
      await row.getByTestId("share-link-revoke").click();
      await revokeDialog.getByRole("button", { name: "Revoke link" }).click();
      await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
      expect(await page.getByTestId("toasts").textContent()).toContain("Share link “QA vendor” revoked");
      expect((await redeem(shown)).status).toBe(410);

      // Rotating the update key asks first too: cancel changes nothing, confirm rotates it.
      expect(await page.getByTestId("update-key").textContent()).toBe(updateKey);
      const rotateDialog = page.getByTestId("rotate-update-key-dialog");
      await page.getByTestId("rotate-update-key").click();
      await rotateDialog.getByRole("button", { name: "Cancel" }).click();
      expect(await page.getByTestId("update-key").textContent()).toBe(updateKey);
      await page.getByTestId("rotate-update-key").click();
      await rotateDialog.getByRole("button", { name: "Rotate key" }).click();
      await page.waitForFunction((old) => document.querySelector('[data-testid="update-key"]')?.textContent !== old, updateKey);
      const rotated = (await page.getByTestId("update-key").textContent()) ?? "";
      expect(rotated).toMatch(/^spk_/);
      expect((await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`, { headers: { "x-shipyard-app-key": updateKey } })).status).toBe(401);
      expect((await get(`/api/v1/apps/secret/updates?${UPDATE_QUERY}`, { headers: { "x-shipyard-app-key": rotated } })).status).toBe(200);
    } finally {
      await browser.close();
    }
  });
});
