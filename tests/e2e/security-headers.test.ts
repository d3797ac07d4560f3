// Security headers and CSRF on a real server (issue 10, defect 8). Every response says nosniff,
// a referrer policy and a Content-Security-Policy: pages allow only scripts with the request's
// nonce or the install page's known hashes (a cached install page keeps the nonce it was rendered
// with, in header and body alike), and nothing may frame them; API answers and downloads may run
// and frame nothing. Cookie-authenticated writes (tRPC mutations, sign-in, sign-out) refuse other
// origins. Chromium loads the admin console, install pages (rendered and cached), login, help and
// a 404 without a single CSP violation. The site icon every page links is served to anyone.
import { createHash } from "node:crypto";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { IPAD_CHECK } from "@/domain/install-page-scripts";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { launchBrowser } from "../helpers/browser";
import { type HttpResponse, httpRequest, postForm } from "../helpers/http-client";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

let server: RunningServer;
let admin: { email: string; password: string };
let token = "";
let session = "";
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  admin = { email: printed[1], password: printed[2] };
  token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "hello", displayName: "Hello", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const upload = await api.uploadFile("hello", APK);
  const published = await api.call("POST", "/api/v1/apps/hello/releases", { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  const signedIn = await postForm(`${server.url}/api/auth/sign-in`, { ...admin, callbackUrl: "/admin" });
  session = signedIn.cookies.find((c) => c.startsWith("authjs.session-token=")) ?? "";
  if (!session) throw new Error(`sign-in failed: ${signedIn.status} ${signedIn.body}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const get = (route: string, headers: Record<string, string> = {}) => httpRequest(`${server.url}${route}`, { headers });

function directives(res: HttpResponse): Map<string, string> {
  const policy = String(res.headers["content-security-policy"] ?? "");
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(" ", 1)[0] ?? "", d]),
  );
}

function expectBaseHeaders(res: HttpResponse, referrerPolicy = "strict-origin-when-cross-origin"): void {
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["referrer-policy"]).toBe(referrerPolicy);
  // PUBLIC_URL is http here: no HSTS (an https one is tested in public-url.test.ts).
  expect(res.headers["strict-transport-security"]).toBeUndefined();
  expect(directives(res).get("frame-ancestors")).toBe("frame-ancestors 'none'");
}

/** Every script in the page runs only by the response's nonce or by a hash the policy lists. */
function expectScriptsAllowed(res: HttpResponse): { nonce: string; inline: string[] } {
  expectBaseHeaders(res);
  const scriptSrc = directives(res).get("script-src") ?? "";
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1] ?? "";
  expect(nonce).not.toBe("");
  const inline: string[] = [];
  const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes = "", text = ""] of scripts) {
    if (attributes.includes(`nonce="${nonce}"`)) continue;
    expect(attributes, `script without the nonce: <script${attributes}>`).not.toContain("src=");
    const hash = `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    expect(scriptSrc, `inline script not allowed: ${text.slice(0, 80)}`).toContain(hash);
    inline.push(text);
  }
  return { nonce, inline };
}

describe("security headers", () => {
  it("on install pages, rendered and cached: a nonce that matches the body, and the install scripts by hash", async () => {
    const rendered = await get("/hello", { "user-agent": ANDROID });
    const cached = await get("/hello", { "user-agent": ANDROID });
    expect(rendered.headers["x-shipyard-page-cache"]).toBe("miss");
    expect(cached.headers["x-shipyard-page-cache"]).toBe("hit");
    const first = expectScriptsAllowed(rendered);
    const second = expectScriptsAllowed(cached);
    // The copy is replayed with the headers it was rendered with.
    expect(second.nonce).toBe(first.nonce);
    expect(first.inline).toHaveLength(1);

    // The iPad check is the other inline script, on pages for what may be an iPad.
    const mac = expectScriptsAllowed(await get("/hello", { "user-agent": MAC_SAFARI }));
    expect(mac.inline).toContain(IPAD_CHECK);
    // A fresh render gets a fresh nonce.
    expect(expectScriptsAllowed(await get("/hello/stable", { "user-agent": ANDROID })).nonce).not.toBe(first.nonce);
  });

  it("on admin pages, the login page and the home page", async () => {
    const adminPage = await get("/admin", { cookie: session });
    expect(adminPage.status).toBe(200);
    expectScriptsAllowed(adminPage);
    expectScriptsAllowed(await get("/admin/apps/hello", { cookie: session }));
    expectScriptsAllowed(await get("/login"));
    expectScriptsAllowed(await get("/"));
    // A redirect to the login page carries them too.
    expectBaseHeaders(await get("/admin"));
    // Prerendered at build (no nonce possible): its own inline scripts may run, its HTML being fixed.
    for (const route of ["/help", "/no/such/page/here"]) {
      const res = await get(route);
      expectBaseHeaders(res);
      expect(res.headers["x-nextjs-prerender"], route).toBeDefined();
      expect(directives(res).get("script-src"), route).toBe("script-src 'self' 'unsafe-inline'");
    }
  });

  it("on API answers, downloads and share links: nothing runs, nothing frames, no Referer from secret URLs", async () => {
    const resources: [string, Record<string, string>][] = [
      ["/api/health", {}],
      ["/api/trpc/apps.list", { cookie: session }],
      ["/api/v1/apps", { authorization: `Bearer ${token}` }],
    ];
    for (const [route, headers] of resources) {
      const res = await get(route, headers);
      expect(res.status, route).toBe(200);
      expectBaseHeaders(res);
      expect(res.headers["content-security-policy"], route).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    }
    const page = await get("/hello", { "user-agent": ANDROID });
    const apk = /href="([^"]+\.apk)"/.exec(page.body)?.[1];
    if (!apk) throw new Error("no APK link on the install page");
    const download = await httpRequest(new URL(apk.replaceAll("&amp;", "&"), server.url).href);
    expect(download.status).toBe(200);
    expectBaseHeaders(download, apk.startsWith("/g/") ? "no-referrer" : "strict-origin-when-cross-origin");
    expect(download.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expectBaseHeaders(await get("/s/not-a-real-share-link"), "no-referrer");
  });
});

describe("the site icon", () => {
  it("is linked from every kind of page and served to anyone as an SVG: no sign-in, no cookie, nothing runs", async () => {
    for (const [route, headers] of [
      ["/", {}],
      ["/hello", { "user-agent": ANDROID }],
      ["/login", {}],
      ["/help", {}],
      ["/admin", { cookie: session }],
    ] as const) {
      const page = await get(route, headers);
      const link = /<link[^>]*\brel="icon"[^>]*>/.exec(page.body)?.[0] ?? "";
      // Browsers ask for /favicon.ico (a 404 here) only when a page names no icon.
      expect(/\bhref="([^"]+)"/.exec(link)?.[1], route).toMatch(/^\/icon\.svg(\?|$)/);
    }
    const icon = await get("/icon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain("<svg");
    expect(icon.headers["set-cookie"]).toBeUndefined();
    expectBaseHeaders(icon);
    expect(icon.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });
});

describe("CSRF", () => {
  const mutation = (headers: Record<string, string>) =>
    httpRequest(`${server.url}/api/trpc/apps.create?batch=1`, {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json", ...headers },
      body: JSON.stringify({ 0: { json: { slug: "csrf-made", displayName: "CSRF", visibility: "public" } } }),
    });

  it("refuses tRPC mutations from another origin or a cross-site fetch, and lets its own pages through", async () => {
    expect((await mutation({ origin: "https://evil.example" })).status).toBe(403);
    expect((await mutation({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await mutation({ origin: "null" })).status).toBe(403);
    const apps = await withServerStore(server.dataDir, (store) => store.apps.getBySlug("csrf-made"));
    expect(apps).toBeNull();
    const own = await mutation({ origin: server.url, "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
  });

  it("refuses sign-in and sign-out posted from another origin", async () => {
    const signIn = await postForm(`${server.url}/api/auth/sign-in`, { ...admin, callbackUrl: "/admin" }, { headers: { origin: "https://evil.example" } });
    expect(signIn.status).toBe(403);
    expect(signIn.cookies).toEqual([]);
    const crossSite = await postForm(`${server.url}/api/auth/sign-in`, { ...admin, callbackUrl: "/admin" }, { headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const signOut = await postForm(`${server.url}/api/auth/signout`, { csrfToken: "x" }, { headers: { cookie: session, origin: "https://evil.example" } });
    expect(signOut.status).toBe(403);
  });
});

describe("in Chromium", () => {
  async function violationsOn(page: Page, route: string): Promise<string[]> {
    const seen: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) seen.push(message.text());
    });
    await page.goto(`${server.url}${route}`);
    await page.waitForLoadState("networkidle");
    const events = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
    return [...seen, ...events];
  }

  it("loads the admin console, install pages, login, help and a 404 without CSP violations", async () => {
    await browser.context.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = list;
      document.addEventListener("securitypolicyviolation", (e) => list.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
    });
    const page = await browser.context.newPage();
    expect(await violationsOn(page, "/login?callbackUrl=%2Fadmin%2Fapps%2Fhello")).toEqual([]);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/admin/apps/hello`);
    await page.getByTestId("channel-list").waitFor();
    for (const route of ["/admin", "/admin/apps/hello", "/hello", "/hello", "/help", "/", "/no/such/page/here"]) {
      expect(await violationsOn(page, route), route).toEqual([]);
    }
    // The install page hydrates nothing, but its tap beacon must still be allowed to run.
    await page.goto(`${server.url}/hello`);
    expect(await page.evaluate(() => document.querySelectorAll("script:not([src])").length)).toBeGreaterThan(0);
    const ipad = await browser.context.newPage();
    await ipad.setExtraHTTPHeaders({ "user-agent": MAC_SAFARI });
    expect(await violationsOn(ipad, "/hello")).toEqual([]);
    expect(await ipad.content()).toContain("maxTouchPoints");
  });
});
