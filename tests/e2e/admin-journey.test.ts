// Issue #11's acceptance, as one admin's first day in Chromium: sign in, create an app, edit it,
// upload an IPA and an APK in the browser, publish with the version and build the files declare,
// read the release page, promote to stable, stage 25 %, roll back, make a CI token for the beta
// channel and publish with it from the real CLI, revoke it (the CLI then exits 3), find every step
// in the audit log and export it, delete a release and the app. Each `it` continues the last.
import { spawn } from "node:child_process";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../helpers/api";
import { seriousViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.resolve(ROOT, "../shared/fixtures");
const IPA = path.join(FIXTURES, "ios/Hello.ipa");
const APK = path.join(FIXTURES, "android/hello.apk");
const SLUG = "journey-app";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let secret = "";
let publishedId = "";
let cliReleaseId = "";

const appUrl = (rest = "") => `${server.url}/admin/apps/${SLUG}${rest}`;
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `journey-${name}.png`), fullPage: true });

function cli(args: string[], token: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/shipyard.mjs"), ...args], {
      env: { ...process.env, SHIPYARD_URL: server.url, SHIPYARD_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A toast's text once it appears (toasts announce every mutation's outcome). */
async function toastSays(text: string): Promise<void> {
  await expect.poll(async () => (await page.getByTestId("toasts").textContent()) ?? "", { timeout: 15_000 }).toContain(text);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("an admin's first day in the console", () => {
  it("signs in with the credentials printed at first start", async () => {
    const printed = firstAdminCredentials(server);
    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/login\?callbackUrl=/);
    await submitSignIn(page, printed);
    await page.waitForURL(`${server.url}/admin`);
    await page.getByTestId("no-apps").waitFor();
  });

  it("creates an app from the empty list", async () => {
    await page.getByTestId("new-app").click();
    await page.waitForURL(`${server.url}/admin/apps/new`);
    await page.getByTestId("app-name-input").fill("Journey App");
    // The slug follows the name until edited.
    expect(await page.getByTestId("app-slug-input").inputValue()).toBe(SLUG);
    await page.getByTestId("bundle-id-ios").fill("com.example.hello");
    await page.getByTestId("create-app-submit").click();
    await page.waitForURL(appUrl());
    await toastSays("Journey App");
  });

  it("edits its bundle ids in the app's settings", async () => {
    await page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(appUrl("/settings"));
    await page.getByTestId("bundle-id-android_apk").fill("com.example.hello");
    await page.getByTestId("app-settings-save").click();
    await toastSays("Saved");
    const app = await withServerStore(server.dataDir, (store) => store.apps.getBySlug(SLUG));
    expect(app?.bundleIds).toEqual({ ios: "com.example.hello", android_apk: "com.example.hello" });
  });

  it("has an earlier build on stable (published by CI before the console was used)", async () => {
    const token = await withServerStore(server.dataDir, async (store) => (await seedToken(store, { name: "earlier ci", scopes: ["admin"] })).raw);
    const api = apiClient(server.url, token);
    const upload = await api.uploadFile(SLUG, APK);
    const res = await api.call("POST", `/api/v1/apps/${SLUG}/releases`, { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
    expect(res.status).toBe(201);
  });

  it("uploads an IPA and an APK in the browser and publishes them with the version and build they declare", async () => {
    await page.goto(appUrl());
    await page.getByLabel("Choose files").setInputFiles([IPA, APK]);
    for (const name of ["Hello.ipa", "hello.apk"]) {
      const row = page.locator(`[data-testid="upload-row"][data-filename="${name}"]`);
      await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 60_000 });
      await row.getByTestId("upload-declares").waitFor({ timeout: 60_000 });
    }
    await expect.poll(() => page.getByLabel("Version").inputValue()).toBe("1.2.3");
    expect(await page.getByLabel("Build").inputValue()).toBe("42");
    await Promise.all([page.waitForResponse((r) => r.url().includes("/api/trpc/uploads.publish")), page.getByRole("button", { name: "Publish", exact: true }).click()]);
    await page.getByTestId("publish-result").waitFor();
    const releases = await withServerStore(server.dataDir, async (store) => {
      const app = await store.apps.getBySlug(SLUG);
      return (await store.releases.listByApp(app!.id, { limit: 10 })).items;
    });
    const published = releases.find((r) => r.version === "1.2.3");
    expect(published).toMatchObject({ build: "42", channel: "beta" });
    publishedId = published!.id;
  });

  it("opens the release page and sees what the files were parsed to", async () => {
    await page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name: "Releases" }).click();
    await page.waitForURL(appUrl("/releases"));
    await page.getByTestId("release-row").filter({ hasText: "1.2.3" }).getByTestId("release-link").click();
    await page.waitForURL(appUrl(`/releases/${publishedId}`));
    expect(await page.getByTestId("release-heading").textContent()).toBe("1.2.3 (42)");
    const fact = (platform: string, label: string) => page.locator(`[data-testid="artifact-panel"][data-platform="${platform}"] [data-fact="${label}"] dd`).textContent();
    expect(await fact("ios", "Bundle ID")).toBe("com.example.hello");
    expect(await fact("ios", "Minimum iOS")).toMatch(/^\d+(\.\d+)*$/);
    expect(await fact("ios", "Profile type")).toBeTruthy();
    expect(await fact("android_apk", "Package")).toBe("com.example.hello");
    expect(await fact("android_apk", "Target SDK")).toBeTruthy();
    expect(await page.getByTestId("artifact-sha256").count()).toBe(2);
    expect(await page.getByTestId("release-install-link").getAttribute("href")).toContain(`/${SLUG}`);
    await page.getByTestId("qr-code").waitFor();
    await shot("release");
  });

  it("promotes the release to stable after a confirmation", async () => {
    await page.goto(appUrl());
    const row = page.locator('[data-testid="release-list"] tr', { hasText: "1.2.3" });
    await row.locator("select").selectOption("stable");
    await row.getByRole("button", { name: "Promote" }).click();
    const dialog = page.getByTestId(`promote-dialog-${publishedId}`);
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("1.0.0 (1)");
    await dialog.getByRole("button", { name: "Promote", exact: true }).click();
    await expect.poll(() => page.getByTestId("channel-serves-stable").textContent()).toContain("1.2.3 (42)");
  });

  it("stages stable at 25 % and shows both sides, then rolls back", async () => {
    await page.goto(appUrl("/channels"));
    await page.getByLabel("Rollout percent for stable").fill("25");
    await page.getByTestId("channel-controls-stable").getByRole("button", { name: "Set rollout" }).click();
    const serves = page.getByTestId("channel-serves-stable");
    await expect.poll(() => serves.textContent()).toContain("1.2.3 (42) to 25% of devices");
    expect(await serves.textContent()).toContain("1.0.0 (1) to the other 75%");
    await shot("channels-rollout");

    await page.getByTestId("channel-controls-stable").getByRole("button", { name: "Roll back" }).click();
    const dialog = page.getByTestId("rollback-dialog-stable");
    await dialog.getByRole("button", { name: "Roll back", exact: true }).click();
    await expect.poll(() => serves.textContent()).not.toContain("1.2.3");
    expect(await serves.textContent()).toContain("1.0.0 (1)");
  });

  it("creates a token for the app's beta channel and publishes with it from the CLI", async () => {
    await page.goto(`${server.url}/admin/tokens`);
    await page.getByTestId("token-name").fill("Journey CI");
    await page.getByTestId("token-app").selectOption(SLUG);
    await page.getByTestId("token-channel").selectOption("beta");
    await page.getByTestId("token-preset-ci-publish").click();
    await page.getByTestId("token-create").click();
    const box = page.getByTestId("new-token-value");
    await box.waitFor();
    secret = await box.inputValue();
    expect(secret).toMatch(/^shp_/);

    const published = await cli(["publish", "--app", SLUG, "--channel", "beta", "--version", "1.2.4", "--build", "43", "--json", APK], secret);
    expect(published.code, published.stderr).toBe(0);
    cliReleaseId = (JSON.parse(published.stdout) as { id: string }).id;
    // Restricted to beta: the same token cannot publish to stable.
    const refused = await cli(["publish", "--app", SLUG, "--channel", "stable", "--version", "1.2.5", "--build", "44", APK], secret);
    expect(refused.code).not.toBe(0);
    await page.getByTestId("new-token-done").click();
  });

  it("revokes the token after a confirmation, and the CLI then exits with code 3", async () => {
    const row = page.getByTestId("token-row").filter({ hasText: "Journey CI" });
    await row.getByTestId("token-revoke").click();
    await page.getByTestId("token-revoke-dialog").getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => row.getByTestId("token-state").textContent()).toBe("revoked");
    const after = await cli(["publish", "--app", SLUG, "--channel", "beta", "--version", "1.2.6", "--build", "45", APK], secret);
    expect(after.code).toBe(3);
  });

  it("finds every step in the audit log, filtered by app, and exports it as JSON Lines", async () => {
    await page.goto(`${server.url}/admin/audit`);
    await page.getByTestId("audit-filter-app").selectOption(SLUG);
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForURL(/[?&]app=journey-app/);
    const actions = await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    const steps = ["app.create", "app.update", "release.publish", "channel.promote", "channel.update", "channel.rollback", "token.create", "token.revoke"];
    for (const step of steps) expect(actions, step).toContain(step);

    const href = await page.getByTestId("audit-export-jsonl").getAttribute("href");
    const res = await page.request.get(new URL(href!, server.url).toString());
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    const events = lines.map((line) => JSON.parse(line) as { action: string; appId: string | null });
    for (const step of steps)
      expect(
        events.map((e) => e.action),
        step,
      ).toContain(step);
    const appId = (await withServerStore(server.dataDir, (store) => store.apps.getBySlug(SLUG)))!.id;
    expect(events.every((e) => e.appId === appId)).toBe(true);
    // The CLI's publish is there too, under the token.
    expect(events.filter((e) => e.action === "release.publish")).toHaveLength(3);
  });

  it("passes axe-core on every console page, light and dark, fits 360 px, with a screenshot of each", async () => {
    const pages: [string, string][] = [
      ["apps", "/admin"],
      ["new-app", "/admin/apps/new"],
      ["app-overview", `/admin/apps/${SLUG}`],
      ["releases", `/admin/apps/${SLUG}/releases`],
      ["release", `/admin/apps/${SLUG}/releases/${publishedId}`],
      ["channels", `/admin/apps/${SLUG}/channels`],
      ["channel-history", `/admin/apps/${SLUG}/channels/stable`],
      ["app-settings", `/admin/apps/${SLUG}/settings`],
      ["tokens", "/admin/tokens"],
      ["audit", "/admin/audit"],
      ["settings", "/admin/settings"],
    ];
    const found: string[] = [];
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, url] of pages) {
        const res = await page.goto(server.url + url);
        expect(res?.status(), url).toBe(200);
        await page.getByRole("main").waitFor();
        for (const v of await seriousViolations(page)) found.push(`${scheme} ${url}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(", ")}`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `console-${name}-${scheme}.png`), fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    // And at a small phone's width: wide tables become cards, nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    for (const [name, url] of pages) {
      await page.goto(server.url + url);
      await page.getByRole("main").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) {
        // Name the elements that stick out, so a failure says where to look.
        const culprits = await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > 361)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}`),
        );
        found.push(`360 px ${url}: the page is ${width} px wide (${culprits.join(" | ")})`);
      }
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `console-${name}-360.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(found).toEqual([]);
  });

  it("deletes a release no channel points at", async () => {
    await page.goto(appUrl(`/releases/${cliReleaseId}`));
    await page.getByTestId("delete-release").click();
    await page.getByTestId("delete-release-dialog").getByRole("button", { name: "Delete release" }).click();
    await page.waitForURL(appUrl("/releases"));
    expect(await page.getByTestId("release-row").filter({ hasText: "1.2.4" }).count()).toBe(0);
    expect(await withServerStore(server.dataDir, (store) => store.releases.getById(cliReleaseId))).toBeNull();
  });

  it("deletes the app after its slug is typed", async () => {
    await page.goto(appUrl("/settings"));
    await page.getByTestId("delete-app").click();
    const dialog = page.getByTestId("delete-app-dialog");
    const confirm = dialog.getByRole("button", { name: "Delete app" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole("textbox").fill(SLUG);
    await confirm.click();
    await page.waitForURL(`${server.url}/admin`);
    await page.getByTestId("no-apps").waitFor();
    expect(await withServerStore(server.dataDir, (store) => store.apps.getBySlug(SLUG))).toBeNull();
  });
});
