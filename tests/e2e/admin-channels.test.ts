// An admin moves channels in Chromium: promote an existing release, stage its rollout, roll back;
// each step shows on the page, reaches testers' update checks, and is audited.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let appId = "";

const stableRow = () => page.locator('[data-testid="channel-list"] tr', { hasText: "stable" });

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "chan", displayName: "Chan", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  for (const [version, build, channel] of [["1.0.0", "1", "stable"], ["1.1.0", "2", "beta"]] as const) {
    const upload = await api.uploadFile("chan", APK);
    const res = await api.call("POST", "/api/v1/apps/chan/releases", { version, build, channel, uploads: [upload], promote: true });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  // A tester views the stable page and downloads the APK: the funnel the admin page shows.
  const html = await (await fetch(`${server.url}/chan`, { headers: { "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36" } })).text();
  const apk = /href="([^"]+\.apk)"/.exec(html)?.[1];
  if (!apk) throw new Error("no APK link on the install page");
  await (await fetch(new URL(apk, server.url))).arrayBuffer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fchan`);
  await page.getByLabel("Email").fill(printed[1]);
  await page.getByLabel("Password").fill(printed[2]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("channel-list").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("channels in the admin page", () => {
  it("shows each release's install funnel: views, taps, manifest fetches, completed downloads", async () => {
    const funnel = page.locator('[data-testid="release-list"] tr', { hasText: "1.0.0" }).getByTestId("release-funnel");
    await expect
      .poll(async () => {
        await page.reload();
        return funnel.textContent();
      }, { timeout: 10_000 })
      .toBe("1 · 0 · 0 · 1");
  });

  it("promotes a beta release to stable, stages it at 30%, and rolls it back", async () => {
    const betaRelease = page.locator('[data-testid="release-list"] tr', { hasText: "1.1.0" });
    await betaRelease.locator("select").selectOption("stable");
    await betaRelease.getByRole("button", { name: "Promote" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("1.1.0 (2)");

    await page.getByLabel("Rollout percent for stable").fill("30");
    await stableRow().getByRole("button", { name: "Set rollout" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("30%");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channels.png"), fullPage: true });

    await stableRow().getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("1.0.0 (1)");
    expect(await stableRow().textContent()).toContain("100%");

    const actions = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ targetType: "channel" }, { limit: 20 })).items);
    const byAdmin = actions.filter((e) => e.actor.startsWith("user:"));
    expect(byAdmin.map((e) => e.action).sort()).toEqual(["channel.promote", "channel.rollback", "channel.update"]);
    expect(appId).not.toBe("");
  });

  it("shows a gate's refusal instead of moving the channel", async () => {
    // stable is back on build 1; promoting build 1 to beta (which holds build 2) would go backwards.
    const first = page.locator('[data-testid="release-list"] tr', { hasText: "1.0.0" });
    await first.locator("select").selectOption("beta");
    await first.getByRole("button", { name: "Promote" }).click();
    await expect.poll(() => first.getByRole("alert").textContent()).toMatch(/build/i);
  });
});
