// A fresh install started like `npm start`: health, first admin printed once, sign-in in Chromium,
// and the signed-in admin page listing apps through tRPC.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { openPrisma } from "@/server/db/client";
import { createApp } from "@/server/services/apps";
import { createPrismaStore } from "@/server/store/prisma";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { type RunningServer, startServer } from "../helpers/server";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let credentials: { email: string; password: string };
const dataDir = mkdtempSync(path.join(tmpdir(), "shipyard-e2e-admin-"));

beforeAll(async () => {
  server = await startServer({ dataDir });
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error(`first admin credentials were not printed:\n${server.output()}`);
  credentials = { email: printed[1], password: printed[2] };
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("fresh install", () => {
  it("answers the health check with the database reachable", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("keeps the admin console and its API closed to anonymous visitors", async () => {
    const page = await fetch(`${server.url}/admin`, { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/login?callbackUrl=%2Fadmin");
    const api = await fetch(`${server.url}/api/trpc/apps.list`);
    expect(api.status).toBe(401);
  });

  it("lets the first admin sign in and see the apps", async () => {
    const db = await openPrisma(`file:${path.join(server.dataDir, "shipyard.db")}`);
    await createApp(createPrismaStore(db), SYSTEM_ACTOR, { slug: "hello-fixture", displayName: "Hello Fixture", visibility: "public" });
    await db.$disconnect();

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/login\?callbackUrl=/);
    // Single sign-on is off without OIDC_*: no button for it.
    expect(await page.getByTestId("sso-sign-in").count()).toBe(0);

    await page.getByLabel("Email").fill(credentials.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("login-error").waitFor();
    expect(await page.getByTestId("login-error").textContent()).toContain("Wrong email or password");

    await page.getByLabel("Email").fill(credentials.email);
    await page.getByLabel("Password").fill(credentials.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/admin`);
    await page.getByTestId("app-list").waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(credentials.email);
    expect(await page.getByTestId("app-list").textContent()).toContain("Hello Fixture");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-apps.png"), fullPage: true });

    // Link prefetches still in flight when the sign-out answers would set the session cookie again
    // (each console response refreshes it), so sign out once the page is idle, as a person would.
    await page.waitForLoadState("networkidle");
    const signedIn = await page.context().cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/login\?callbackUrl=/);

    // Signing out ended the session on the server: a copy of its cookie (another tab's, a stolen
    // one) opens nothing, and the server clears it rather than renewing it.
    const copied = await browser.newContext();
    await copied.addCookies(signedIn);
    const elsewhere = await copied.newPage();
    await elsewhere.goto(`${server.url}/admin`);
    await elsewhere.waitForURL(/\/login\?callbackUrl=/);
    await elsewhere.goto(`${server.url}/`);
    expect(await elsewhere.getByTestId("home-signed-in-as").count()).toBe(0);
    const cookieHeader = signedIn.map((c) => `${c.name}=${c.value}`).join("; ");
    const session = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: cookieHeader } });
    expect(await session.json()).toBeNull();
    expect(session.headers.getSetCookie().some((c) => /authjs\.session-token=;/.test(c))).toBe(true);
    await copied.close();
  });

  it("prints the generated password only on the first start", async () => {
    await server.stop();
    server = await startServer({ dataDir });
    expect(server.output()).not.toContain("password:");
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
