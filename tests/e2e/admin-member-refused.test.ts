// A signed-in member (not an admin) gets nothing of the console: not in the HTML of a page load,
// not in the RSC payload of a client navigation. Next renders a page in parallel with its layouts,
// and a client navigation renders the page alone, so the admin layout's role check cannot guard
// what a page reads: each page checks first. Secrets seeded here (a private app's name, its icon
// grant, a token's name, audit actions) must appear in no answer to the member.
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { createUser } from "@/server/services/users";
import { apiClient } from "../helpers/api";
import { launchBrowser } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const MEMBER = { email: "member@example.com", password: "a member's long password" };
const SECRETS = ["Secret Sauce", "deploy-bot-7f3a", "/i/", "app.create", "com.example.hello"];

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let releaseId = "";
let adminCookies = "";
let memberCookies = "";
/** The RSC request headers Chromium sent for a client navigation within the console, per path. */
const navigations = new Map<string, Record<string, string>>();

/** Signs in in a context of its own (no other person's request can touch its cookies). */
async function signIn(email: string, password: string, callback: string): Promise<{ context: BrowserContext; cookies: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=${encodeURIComponent(callback)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.close();
  return { context, cookies: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") };
}

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "secret-app", displayName: "Secret Sauce", visibility: "private", bundleIds: { android_apk: "com.example.hello" } });
    await createUser(store, SYSTEM_ACTOR, { ...MEMBER, role: "member" });
    return (await seedToken(store, { name: "deploy-bot-7f3a", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const upload = await api.uploadFile("secret-app", APK);
  const published = await api.call("POST", "/api/v1/apps/secret-app/releases", { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  releaseId = String(published.body.id);

  browser = await launchBrowser();
  const admin = await signIn(printed[1], printed[2], "/admin/settings");
  adminCookies = admin.cookies;
  // Record what a real client navigation sends (router state tree, RSC flags, cache-busting _rsc).
  const page = await admin.context.newPage();
  page.on("request", (req) => {
    const headers = req.headers();
    if (headers.rsc === "1" && !headers["next-router-prefetch"]) navigations.set(new URL(req.url()).pathname, { ...headers, url: req.url() });
  });
  await page.goto(`${server.url}/admin/settings`);
  for (const name of ["Apps", "Audit log", "Tokens"]) {
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name }).click();
    await page.waitForLoadState("networkidle");
  }
  await page.close();
  memberCookies = (await signIn(MEMBER.email, MEMBER.password, "/")).cookies;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PAGES = () => [
  "/admin",
  "/admin/audit",
  "/admin/tokens",
  "/admin/settings",
  "/admin/apps/new",
  "/admin/apps/secret-app",
  "/admin/apps/secret-app/releases",
  `/admin/apps/secret-app/releases/${releaseId}`,
  "/admin/apps/secret-app/channels",
  "/admin/apps/secret-app/channels/stable",
  "/admin/apps/secret-app/settings",
];

describe("the console to a signed-in member", () => {
  it("the admin sees the secrets, so their absence below means something", async () => {
    const res = await fetch(`${server.url}/admin`, { headers: { cookie: adminCookies }, redirect: "manual" });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toContain("Secret Sauce");
    expect(body).toContain("/i/");
    expect(navigations.size).toBeGreaterThanOrEqual(3);
  });

  it("redirects every page away with none of its data in the answer", async () => {
    for (const route of PAGES()) {
      const res = await fetch(`${server.url}${route}`, { headers: { cookie: memberCookies }, redirect: "manual" });
      const body = await res.text();
      expect(res.status, route).not.toBe(200);
      for (const secret of SECRETS) expect(body.includes(secret), `${route} holds ${secret}`).toBe(false);
    }
  });

  it("answers a client navigation's RSC request (the page rendered without its layout) without the page's data", async () => {
    for (const [route, recorded] of navigations) {
      const { url, cookie: _admin, ...headers } = recorded;
      const res = await fetch(url ?? `${server.url}${route}`, { headers: { ...headers, cookie: memberCookies }, redirect: "manual" });
      const body = await res.text();
      for (const secret of SECRETS) expect(body.includes(secret), `${route} (RSC) holds ${secret}`).toBe(false);
    }
  });
});
