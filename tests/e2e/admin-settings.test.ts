// The Settings and health page of a running server in Chromium: PUBLIC_URL with the iOS warning
// (the test server is plain http on loopback), storage after one upload, database size and
// migrations, versions, and the janitor's run at start. Light and dark, at desktop and 360 px.
import { mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { formatBytes } from "@/domain/format";
import { createApp } from "@/server/services/apps";
import { storeLayout } from "@/server/storage/paths";
import packageJson from "../../package.json";
import { apiClient } from "../helpers/api";
import { seriousViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const janitorText = async () => ((await page.getByTestId("health-janitor").textContent()) ?? "").replace(/\s+/g, " ").trim();

beforeAll(async () => {
  server = await startServer();
  const printed = firstAdminCredentials(server);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fsettings`);
  await submitSignIn(page, printed);
  await page.getByTestId("health-version").waitFor();
  // The janitor runs as the server starts; let that run finish on the empty store before seeding,
  // so what it reports does not depend on how the two overlap.
  // (A plain loop: expect.poll works inside tests only.)
  for (const deadline = Date.now() + 15_000; !/took .* s/.test(await janitorText()); ) {
    if (Date.now() > deadline) throw new Error(`the janitor's first run did not finish: ${await janitorText()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await page.reload();
  }
  const token = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "vitals", displayName: "Vitals", bundleIds: { android_apk: "com.example.hello" } });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  await apiClient(server.url, token).uploadFile("vitals", APK);
  await reloadShown();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Reloads and waits until the page is shown: the page streams behind its loading skeleton, and React
 * reveals the streamed content a moment after the load event, so a bare isVisible() could run too early.
 */
async function reloadShown(): Promise<void> {
  await page.reload();
  await page.getByTestId("health-janitor").waitFor();
}

const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? "").replace(/\s+/g, " ").trim();

describe("settings and health page", () => {
  it("is the current section in the nav", async () => {
    const nav = page.getByRole("navigation", { name: "Admin sections" });
    expect(await nav.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
  });

  it("shows PUBLIC_URL and warns that iOS cannot install over plain http", async () => {
    expect(await text("health-public-url")).toBe(server.url);
    expect(await page.getByTestId("public-url-warning").isVisible()).toBe(true);
    expect(await text("public-url-warning")).toContain("https");
  });

  it("shows the uploaded file in storage, the database size and every migration applied", async () => {
    // The APK and the icon inspection took out of it, counted straight from the blob folders.
    // Inspection stores the icon just after the upload completes: wait for it, then read the page.
    const blobFiles = () => readdirSync(storeLayout(server.dataDir).blobsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    await expect.poll(() => blobFiles().length, { timeout: 10_000 }).toBe(2);
    await reloadShown();
    const files = blobFiles();
    const bytes = files.reduce((sum, e) => sum + statSync(path.join(e.parentPath, e.name)).size, 0);
    expect(files.length).toBe(2);
    expect(bytes).toBeGreaterThan(statSync(APK).size);
    expect(await text("health-blobs")).toBe(`${formatBytes(bytes)} in 2 files`);
    expect(await text("health-staging")).toBe("0 B in 0 files");
    expect(await text("health-database-size")).toMatch(/^\d+(\.\d)? (KiB|MiB)/);
    expect(await text("health-migrations")).toMatch(/^(\d+) of \1 applied ?up to date$/);
  });

  it("shows the versions and what the janitor did at start", async () => {
    expect(await text("health-version")).toBe(packageJson.version);
    expect(await text("health-node")).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await text("health-janitor")).toMatch(/^Last run started .* took .* s/);
    expect(await text("health-janitor")).not.toContain("Failed");
    // The first run at start is an hourly one: all four tasks.
    for (const task of ["expire-upload-sessions", "sweep-staging", "apply-retention", "collect-blobs"]) {
      expect(await page.getByTestId(`janitor-task-${task}`).isVisible()).toBe(true);
    }
    // It ran before the upload, on an empty store.
    expect(await text("janitor-task-collect-blobs")).toMatch(/0 of 0 files removed \(0 B freed\)/);
  });

  it("has no serious or critical axe violation, light or dark, by the OS setting or the theme picker", async () => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), scheme).toEqual([]);
    }
    // The picker's class wins over the OS: dark on a light OS, then back to following the OS.
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByTestId("theme-select").selectOption("dark");
    expect(await seriousViolations(page), "picked dark").toEqual([]);
    await page.getByTestId("theme-select").selectOption("system");
  });

  it("fits 360 px and renders in dark mode", async () => {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-settings.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-settings-dark.png"), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-settings-360-dark.png"), fullPage: true });
  });
});
