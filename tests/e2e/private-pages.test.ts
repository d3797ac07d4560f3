// What a visitor without access sees of a private app, over real HTTP: a 404 that offers sign-in
// and reads exactly like an unknown slug's; and what a share-link visitor in an in-app browser is
// told to open in Safari or Chrome (the share link, since the bare page 404s there).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { createShareLink } from "@/server/services/share-links";
import { apiClient } from "../helpers/api";
import { launchBrowser } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const INSTAGRAM_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.30.91 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 590385440)";
const INSTAGRAM_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UD1A.230803.041; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.64 Mobile Safari/537.36 Instagram 320.0.0.42.101 Android (34/14; 420dpi; 1080x2400; Google/google; Pixel 8; shiba; shiba; en_US; 571382222)";

let server: RunningServer;
let appId = "";
let releaseId = "";
let adminToken = "";
let credentials = { email: "", password: "" };

const get = (route: string, init: RequestInit = {}) => fetch(`${server.url}${route}`, { redirect: "manual", ...init });
/** HTML as a reader sees it: entities decoded, React's text separators gone. */
const decode = (html: string) => html.replaceAll("&amp;", "&").replaceAll("<!-- -->", "");

beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET: "e2e-private-pages-secret-0123456789abcdef" } });
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  credentials = { email: printed[1], password: printed[2] };
  await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "hidden-gem", displayName: "Hidden Gem", visibility: "private", bundleIds: { android_apk: "com.example.hello" } })).id;
    await createApp(store, SYSTEM_ACTOR, { slug: "open-app", displayName: "Open App", visibility: "public" });
    adminToken = (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, adminToken);
  const upload = await api.uploadFile("hidden-gem", APK);
  const published = await api.call("POST", "/api/v1/apps/hidden-gem/releases", { version: "1.2.3", build: "42", channel: "stable", uploads: [upload], promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  releaseId = String(published.body.id);
});

afterAll(async () => server?.stop());

describe("a private app without access", () => {
  /** The private app's pages and an unknown app's, path for path. */
  const pairs = () => ["", "/stable", `/releases/${releaseId}`].map((rest) => [`/hidden-gem${rest}`, `/no-such-app${rest}`] as const);

  // Next 16 sends a notFound() page as an empty HTML shell plus its React payload, which the
  // browser renders (vercel/next.js#62228); so what a visitor sees is checked in Chromium.
  it("shows a 404 page that offers sign-in back to the page and says the app may be private or may not exist", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      for (const [route] of pairs()) {
        const res = await page.goto(`${server.url}${route}`);
        expect(res?.status(), route).toBe(404);
        const main = page.getByTestId("install-not-found");
        await main.waitFor();
        const text = (await main.textContent()) ?? "";
        expect(text, route).toMatch(/may be private/);
        expect(text, route).toMatch(/may not exist/);
        expect(await page.getByRole("link", { name: "Sign in" }).getAttribute("href"), route).toBe(`/login?callbackUrl=${encodeURIComponent(route)}`);
        expect(await page.content(), route).not.toContain("Hidden Gem");
      }
      // The link leads to sign-in and, signed in, back to the app.
      await page.goto(`${server.url}/hidden-gem/stable`);
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.getByLabel("Email").fill(credentials.email);
      await page.getByLabel("Password").fill(credentials.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForSelector('[data-testid="install-page"]');
      expect(new URL(page.url()).pathname).toBe("/hidden-gem/stable");
      expect(await page.textContent("h1")).toContain("Hidden Gem");
    } finally {
      await browser.close();
    }
  });

  it("is the very same page for an app that does not exist, apart from the callback URL", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const seen = async (route: string, slug: string) => {
        const res = await page.goto(`${server.url}${route}`);
        await page.getByTestId("install-not-found").waitFor();
        // biome-ignore lint/performance/useDomNodeTextContent: what a visitor reads; textContent would add inline scripts, whose nonces differ per request.
        const body = await page.evaluate(() => document.body.innerText);
        const main = await page.getByTestId("install-not-found").evaluate((el) => el.outerHTML);
        return { status: res?.status(), title: await page.title(), body, main: main.replaceAll(slug, "{slug}") };
      };
      for (const [hidden, unknown] of pairs()) {
        expect(await seen(hidden, "hidden-gem"), hidden).toEqual(await seen(unknown, "no-such-app"));
      }
    } finally {
      await browser.close();
    }
    // On the wire too: the same rows of HTML and payload, whatever order they stream in, once the
    // slug and the per-request nonce are set aside.
    const rows = async (route: string, slug: string) => {
      const res = await get(route);
      expect(res.status, route).toBe(404);
      const html = (await res.text()).replaceAll(slug, "{slug}").replace(/nonce[^A-Za-z0-9+/]{1,8}[A-Za-z0-9+/]{16,}={0,2}/g, "nonce");
      expect(html).not.toContain("Hidden Gem");
      return html.split(/\\n|\n|(?<=>)(?=<)/).sort();
    };
    for (const [hidden, unknown] of pairs()) expect(await rows(hidden, "hidden-gem"), hidden).toEqual(await rows(unknown, "no-such-app"));
  });
});

describe("the in-app browser banner", () => {
  async function redeem(): Promise<{ url: string; cookie: string }> {
    const created = await withServerStore(server.dataDir, (store) => createShareLink(store, SYSTEM_ACTOR, appId, { name: "testers", expiresInDays: 7, maxInstalls: null }));
    const url = `${server.url}/s/${created.raw}`;
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(303);
    return { url, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
  }

  it("offers a share-link visitor the share link, which opens the page in a browser without the cookie", async () => {
    const { url, cookie } = await redeem();
    const res = await get("/hidden-gem", { headers: { cookie, "user-agent": INSTAGRAM_IOS } });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    const banner = /data-testid="in-app-browser"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(banner).toContain("Open this page in Safari");
    expect(banner).toContain(`value="${url}"`);
    expect(banner).not.toContain(`value="${server.url}/hidden-gem"`);

    // Safari has no share cookie: the bare page is a 404 there, the share link opens it.
    expect((await get("/hidden-gem", { headers: { "user-agent": "Safari" } })).status).toBe(404);
    const opened = await fetch(url, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const page = await get(opened.headers.get("location") ?? "", { headers: { cookie: (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "" } });
    expect(page.status).toBe(200);
  });

  it("hands Chrome the share link on Android", async () => {
    const { url, cookie } = await redeem();
    const html = decode(await (await get("/hidden-gem", { headers: { cookie, "user-agent": INSTAGRAM_ANDROID } })).text());
    const target = new URL(url);
    expect(html).toContain(`href="intent://${target.host}${target.pathname}#Intent;scheme=http;package=com.android.chrome;end"`);
    expect(html).toContain(`value="${url}"`);
  });

  it("shows a private app to a signed-in user, and nothing to a session whose user does not exist", async () => {
    const { encode } = await import("next-auth/jwt");
    const { createUser } = await import("@/server/services/users");
    const session = (sub: string) => encode({ token: { sub, name: "Ada" }, secret: "e2e-private-pages-secret-0123456789abcdef", salt: "authjs.session-token", maxAge: 3600 });
    const userId = await withServerStore(server.dataDir, async (store) => (await createUser(store, SYSTEM_ACTOR, { email: "ada@example.com", password: "correct horse battery", role: "admin" })).id);
    const page = async (sub: string) => (await get("/hidden-gem", { headers: { cookie: `authjs.session-token=${await session(sub)}` } })).status;
    expect(await page(userId)).toBe(200);
    // A session correctly signed for a user the database does not hold (deleted, or never there) opens nothing.
    expect(await page("00000000-0000-7000-8000-000000000000")).toBe(404);
  });

  it("offers other visitors the page itself", async () => {
    const html = decode(await (await get("/open-app", { headers: { "user-agent": INSTAGRAM_IOS } })).text());
    expect(html).toContain(`value="${server.url}/open-app"`);
    expect(html).not.toContain("/s/");
  });
});

describe("publishing the same release twice over REST", () => {
  it("answers 409 naming the version, build and app, not database columns", async () => {
    const api = apiClient(server.url, adminToken);
    const upload = await api.uploadFile("hidden-gem", APK);
    const again = await api.call("POST", "/api/v1/apps/hidden-gem/releases", { version: "1.2.3", build: "42", channel: "stable", uploads: [upload] });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "CONFLICT", message: "version 1.2.3 (42) already exists in app hidden-gem" } });
  });
});
