// An admin moves channels in Chromium: promote an existing release, stage its rollout, roll back;
// each step shows on the page, reaches testers' update checks, and is audited. Then retention: a
// channel's rule changed in the page, its preview, and the deletion it runs.
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let appId = "";
let api: ReturnType<typeof apiClient>;

const stableRow = () => page.locator('[data-testid="channel-list"] tr', { hasText: "stable" });

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "chan", displayName: "Chan", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  api = apiClient(server.url, token);
  for (const [version, build, channel] of [
    ["1.0.0", "1", "stable"],
    ["1.1.0", "2", "beta"],
  ] as const) {
    const upload = await api.uploadFile("chan", APK);
    const res = await api.call("POST", "/api/v1/apps/chan/releases", { version, build, channel, uploads: [upload], promote: true });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  // A tester views the stable page and downloads the APK: the funnel the admin page shows.
  const html = await (
    await fetch(`${server.url}/chan`, { headers: { "user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36" } })
  ).text();
  const apk = /href="([^"]+\.apk)"/.exec(html)?.[1];
  if (!apk) throw new Error("no APK link on the install page");
  await (await fetch(new URL(apk, server.url))).arrayBuffer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
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
      .poll(
        async () => {
          await page.reload();
          return funnel.textContent();
        },
        { timeout: 10_000 },
      )
      .toBe("1 · 0 · 0 · 1");
  });

  it("promotes a beta release to stable, stages it at 30%, and rolls it back", async () => {
    const betaRelease = page.locator('[data-testid="release-list"] tr', { hasText: "1.1.0" });
    await betaRelease.locator("select").selectOption("stable");
    await betaRelease.getByRole("button", { name: "Promote" }).click();
    // Nothing moves until the admin confirms what changes.
    const confirm = page.getByRole("dialog");
    expect(await confirm.textContent()).toContain("Point stable at 1.1.0 (2)?");
    await confirm.getByRole("button", { name: "Promote" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("1.1.0 (2)");

    await page.getByLabel("Rollout percent for stable").fill("30");
    await stableRow().getByRole("button", { name: "Set rollout" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("30%");
    // Both sides of the staged rollout: the new release for 30%, the one the other 70% keep.
    const serves = page.getByTestId("channel-serves-stable");
    expect(await serves.textContent()).toContain("1.1.0 (2) to 30% of devices");
    expect(await serves.textContent()).toContain("1.0.0 (1) to the other 70%");
    // An emptied field sends nothing (it once went out as 0%, stopping the rollout).
    await page.getByLabel("Rollout percent for stable").fill("");
    await stableRow().getByRole("button", { name: "Set rollout" }).click();
    expect(await page.getByLabel("Rollout percent for stable").evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
    await page.reload();
    expect(await serves.textContent()).toContain("1.1.0 (2) to 30% of devices");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channels.png"), fullPage: true });

    await stableRow().getByRole("button", { name: "Roll back" }).click();
    await page.getByTestId("rollback-dialog-stable").getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => stableRow().textContent()).toContain("1.0.0 (1) to every device");
    expect(await stableRow().textContent()).toContain("100%");
    expect(await stableRow().textContent()).not.toContain("1.1.0");

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
    const confirm = page.getByRole("dialog");
    await confirm.getByRole("button", { name: "Promote" }).click();
    // The refusal shows in the dialog, where the admin can cancel or change the rollout and retry.
    await expect.poll(() => confirm.getByRole("alert").textContent()).toMatch(/build/i);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => confirm.count()).toBe(0);
  });
});

describe("retention in the admin page", () => {
  it("changes a channel's rule, previews what it deletes, and deletes it", async () => {
    for (const [version, build] of [
      ["1.2.0", "3"],
      ["1.3.0", "4"],
    ] as const) {
      const upload = await api.uploadFile("chan", APK);
      const res = await api.call("POST", "/api/v1/apps/chan/releases", { version, build, channel: "internal", uploads: [upload] });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }
    await page.reload();
    const internal = page.getByTestId("retention-internal");
    expect(await internal.textContent()).toContain("internal keeps releases for 30 days (default)");
    expect(await page.getByTestId("retention-stable").textContent()).toContain("stable keeps every release (default)");
    await expect.poll(() => page.getByTestId("retention-preview").textContent()).toContain("Nothing: every release is kept.");

    await internal.getByLabel("Max age (days)").fill("");
    await internal.getByLabel("Keep newest").fill("1");
    await internal.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("retention-internal").textContent()).toContain("internal keeps the newest 1");
    const preview = page.getByTestId("retention-preview");
    await expect.poll(() => preview.textContent()).toContain("1.2.0 (3) · internal · 1 file");
    expect(await preview.textContent()).toContain("internal: not among the newest 1");
    expect(await preview.textContent()).not.toContain("1.3.0");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-retention.png"), fullPage: true });
    expect(await violationsInBothThemes(page)).toEqual([]);

    // Deleting now asks first; cancelling deletes nothing.
    const confirm = page.getByTestId("retention-run-dialog");
    await preview.getByRole("button", { name: "Delete these now" }).click();
    expect(await confirm.getByRole("heading").textContent()).toBe("Delete 1 release now?");
    expect(await violationsInBothThemes(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    const versions = async () => (await withServerStore(server.dataDir, (store) => store.releases.listByApp(appId, { limit: 10 }))).items.map((r) => r.version);
    expect(await versions()).toContain("1.2.0");
    await preview.getByRole("button", { name: "Delete these now" }).click();
    await confirm.getByRole("button", { name: "Delete releases" }).click();
    await expect.poll(() => page.getByTestId("toasts").textContent()).toContain("Deleted 1 release;");
    await expect.poll(() => page.getByTestId("release-list").textContent()).not.toContain("1.2.0");
    expect(await page.getByTestId("release-list").textContent()).toContain("1.3.0");
    await page.getByTestId("retention-internal").getByRole("button", { name: "Use the default" }).click();
    await expect.poll(() => page.getByTestId("retention-internal").textContent()).toContain("(default)");

    const deletions = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ action: "release.delete" }, { limit: 10 })).items);
    expect(deletions).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^user:/), metadata: expect.objectContaining({ version: "1.2.0", reason: "retention" }) })]);
  });
});
