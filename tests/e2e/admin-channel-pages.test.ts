// The Channels tab and a channel's history page in Chromium: a promotion asks first (cancel leaves
// the channel alone), a 25% rollout shows both sides, a rollback confirms, the history names the
// admin for each of the three moves and keeps them when a release is deleted, and the policy editor
// saves platforms and shows a refused build.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { Release } from "@/domain/release";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seriousViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let adminEmail = "";
let appId = "";
let api: ReturnType<typeof apiClient>;
const releases: Record<string, Release> = {};

const stableChannel = () => withServerStore(server.dataDir, async (store) => store.channels.getByName(appId, "stable"));
const stableCard = () => page.getByTestId("channel-card-stable");
const serves = () => page.getByTestId("channel-serves-stable");

beforeAll(async () => {
  server = await startServer();
  const printed = firstAdminCredentials(server);
  adminEmail = printed.email;
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "pages", displayName: "Pages", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci-publisher", scopes: ["admin"] })).raw;
  });
  // CI (a token) publishes 1.0.0 to stable and 1.1.0 to beta, each promoted on publish.
  api = apiClient(server.url, token);
  for (const [version, build, channel] of [
    ["1.0.0", "1", "stable"],
    ["1.1.0", "2", "beta"],
  ] as const) {
    const upload = await api.uploadFile("pages", APK);
    const res = await api.call("POST", "/api/v1/apps/pages/releases", { version, build, channel, uploads: [upload], promote: true });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  await withServerStore(server.dataDir, async (store) => {
    for (const release of (await store.releases.listByApp(appId, { limit: 10 })).items) releases[release.version] = release;
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Fpages`);
  await submitSignIn(page, { email: adminEmail, password: printed.password });
  await page.getByTestId("release-list").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("promote, staged rollout and rollback from the console", () => {
  it("asks before promoting, saying what changes: cancel leaves the channel as it was, confirm moves it", async () => {
    const row = page.locator('[data-testid="release-list"] tr', { hasText: "1.1.0" });
    await row.locator("select").selectOption("stable");
    await row.getByRole("button", { name: "Promote" }).click();
    const dialog = page.getByTestId(`promote-dialog-${releases["1.1.0"]?.id}`);
    await dialog.getByRole("button", { name: "Cancel" }).waitFor();
    const text = await dialog.textContent();
    expect(text).toContain("Point stable at 1.1.0 (2)?");
    expect(text).toContain("It now serves 1.0.0 (1). Devices get it on their next update check.");
    expect(await dialog.getByLabel("Rollout percent").inputValue()).toBe("100");

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    expect((await stableChannel())?.currentReleaseId).toBe(releases["1.0.0"]?.id);
    expect(await serves().textContent()).toContain("1.0.0 (1) to every device");

    await row.getByRole("button", { name: "Promote" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Promote" }).click();
    await expect.poll(() => serves().textContent()).toContain("1.1.0 (2) to every device");
    expect(await page.getByTestId("toasts").textContent()).toContain("stable now serves 1.1.0 (2)");
    expect((await stableChannel())?.currentReleaseId).toBe(releases["1.1.0"]?.id);
  });

  it("stages stable at 25% on the Channels page and shows both sides", async () => {
    await page.getByRole("navigation", { name: "App sections" }).getByRole("link", { name: "Channels" }).click();
    await stableCard().waitFor();
    expect(await stableCard().textContent()).toContain("1.1.0 (2) to every device");
    await stableCard().getByLabel("Rollout percent for stable").fill("25");
    await stableCard().getByRole("button", { name: "Set rollout" }).click();
    await expect.poll(() => serves().textContent()).toContain("1.1.0 (2) to 25% of devices");
    expect(await serves().textContent()).toContain("1.0.0 (1) to the other 75%");
    expect(await stableCard().textContent()).toContain("staged rollout");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channels-page.png"), fullPage: true });
  });

  it("rolls back after a confirmation that names both releases", async () => {
    await stableCard().getByRole("button", { name: "Roll back" }).click();
    const dialog = page.getByTestId("rollback-dialog-stable");
    await dialog.getByRole("button", { name: "Cancel" }).waitFor();
    expect(await dialog.textContent()).toContain("Roll stable back to 1.0.0 (1)?");
    expect(await dialog.textContent()).toContain("It now serves 1.1.0 (2) to 25% of devices.");
    await dialog.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => serves().textContent()).toContain("1.0.0 (1) to every device");
    expect(await serves().textContent()).not.toContain("1.1.0");
    expect(await stableChannel()).toMatchObject({ currentReleaseId: releases["1.0.0"]?.id, rolloutPercent: 100 });
    // The rollout field follows the stored percent, not the 25 typed before the rollback.
    await expect.poll(() => stableCard().getByLabel("Rollout percent for stable").inputValue()).toBe("100");
  });
});

describe("a channel's history page", () => {
  it("lists the admin's three moves newest first, by email, after CI's publish, with links to the releases", async () => {
    await stableCard().getByRole("link", { name: "History of stable" }).click();
    await page.getByTestId("channel-history").waitFor();
    expect(page.url()).toBe(`${server.url}/admin/apps/pages/channels/stable`);
    const rows = page.getByTestId("channel-move");
    const texts = await rows.allTextContents();
    expect(texts).toHaveLength(4);
    const [rollback, rollout, promote, published] = texts;
    for (const text of [rollback, rollout, promote]) expect(text).toContain(adminEmail);
    expect(rollback).toMatch(/Rolled back.*1\.1\.0 \(2\).*1\.0\.0 \(1\).*100%/);
    expect(rollout).toMatch(/Rollout changed.*1\.1\.0 \(2\).*25%/);
    expect(promote).toMatch(/Promoted.*1\.0\.0 \(1\).*1\.1\.0 \(2\).*100%/);
    expect(published).toMatch(/ci-publisher.*token.*Promoted.*nothing.*1\.0\.0 \(1\)/);
    expect(rollback).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    const link = rows.first().getByRole("link", { name: "1.0.0 (1)" });
    expect(await link.getAttribute("href")).toBe(`/admin/apps/pages/releases/${releases["1.0.0"]?.id}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channel-history.png"), fullPage: true });
  });

  it("says what to do for a channel that never had a release, and is a 404 for an unknown channel", async () => {
    await page.goto(`${server.url}/admin/apps/pages/channels/internal`);
    const empty = page.getByTestId("channel-history-empty");
    expect(await empty.textContent()).toContain("Nothing has been on internal yet");
    const missing = await page.goto(`${server.url}/admin/apps/pages/channels/nightly`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator("body").textContent()).toContain("This page could not be found.");
    expect(await page.getByTestId("channel-history").count()).toBe(0);
  });

  it("shows the first page for a cursor no list could have made, and a garbage one is just past the end", async () => {
    const long = await page.goto(`${server.url}/admin/apps/pages/channels/stable?cursor=${"x".repeat(300)}`);
    expect(long?.status()).toBe(200);
    expect(await page.getByTestId("channel-move").count()).toBe(4);
    for (const cursor of ["%27%3B--", "%00"]) {
      const res = await page.goto(`${server.url}/admin/apps/pages/channels/stable?cursor=${cursor}`);
      expect(res?.status(), cursor).toBe(200);
      expect(await page.getByTestId("channel-history-empty").textContent(), cursor).toContain("No older moves");
    }
  });
});

describe("promoting to a share of devices", () => {
  it("starts the promotion at the rollout percent typed in the confirmation", async () => {
    await page.goto(`${server.url}/admin/apps/pages`);
    const row = page.locator('[data-testid="release-list"] tr', { hasText: "1.1.0" });
    await row.locator("select").selectOption("stable");
    await row.getByRole("button", { name: "Promote" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Rollout percent").fill("40");
    await dialog.getByRole("button", { name: "Promote" }).click();
    await expect.poll(() => serves().textContent()).toContain("1.1.0 (2) to 40% of devices");
    expect(await serves().textContent()).toContain("1.0.0 (1) to the other 60%");
  });
});

describe("a release deleted since", () => {
  it("keeps its moves in the channel's history, named and marked deleted without a link; nothing only before the first", async () => {
    // CI publishes 1.2.0 (3) to stable and promotes it on beta, so 1.1.0 (2) is on no channel any more.
    const upload = await api.uploadFile("pages", APK);
    const published = await api.call("POST", "/api/v1/apps/pages/releases", { version: "1.2.0", build: "3", channel: "stable", uploads: [upload], promote: true });
    expect(published.status).toBe(201);
    const newest = String(published.body.id);
    expect((await api.call("POST", "/api/v1/apps/pages/channels/beta/promote", { releaseId: newest })).status).toBe(200);

    await page.goto(`${server.url}/admin/apps/pages/releases/${releases["1.1.0"]?.id}`);
    await page.getByTestId("delete-release").click();
    await page.getByTestId("delete-release-dialog").getByRole("button", { name: "Delete release" }).click();
    await page.waitForURL(`${server.url}/admin/apps/pages/releases`);

    await page.goto(`${server.url}/admin/apps/pages/channels/stable`);
    const rows = page.getByTestId("channel-move");
    const texts = await rows.allTextContents();
    // Every move is still there: the four before, the 40% promotion and CI's 1.2.0.
    expect(texts).toHaveLength(6);
    expect(texts[0]).toMatch(/ci-publisher.*Promoted.*1\.1\.0 \(2\) \(deleted\).*1\.2\.0 \(3\).*100%/);
    expect(texts[1]).toMatch(/Promoted.*1\.0\.0 \(1\).*1\.1\.0 \(2\) \(deleted\).*40%/);
    expect(texts[2]).toMatch(/Rolled back.*1\.1\.0 \(2\) \(deleted\).*1\.0\.0 \(1\).*100%/);
    expect(texts[3]).toMatch(/Rollout changed.*1\.1\.0 \(2\) \(deleted\).*25%/);
    expect(texts[5]).toMatch(/Promoted.*nothing.*1\.0\.0 \(1\)/);
    expect(texts.filter((text) => text.includes("nothing"))).toHaveLength(1);
    expect(
      await page
        .getByTestId("channel-history")
        .getByRole("link", { name: /1\.1\.0/ })
        .count(),
    ).toBe(0);
    expect(await rows.first().getByRole("link", { name: "1.2.0 (3)" }).getAttribute("href")).toBe(`/admin/apps/pages/releases/${newest}`);

    // The release page of 1.0.0 names it too.
    await page.goto(`${server.url}/admin/apps/pages/releases/${releases["1.0.0"]?.id}`);
    expect(await page.getByTestId("release-channel-moves").textContent()).toContain("rolled back to this release from 1.1.0 (2) (deleted)");
  });
});

describe("the policy editor", () => {
  it("saves required platforms without touching the retention rule", async () => {
    await page.goto(`${server.url}/admin/apps/pages/channels`);
    expect(await page.getByTestId("policy-summary-stable").textContent()).toBe("validated files only · mismatched versions warned · any platform · no forced updates");
    const editor = page.getByTestId("policy-editor-stable");
    expect(await editor.isVisible()).toBe(false);
    await page.getByTestId("policy-stable").locator("summary").click();
    const before = (await stableChannel())?.policy;
    await editor.getByLabel("iOS").check();
    await editor.getByLabel("Android").check();
    await editor.getByRole("button", { name: "Save policy" }).click();
    await expect.poll(() => page.getByTestId("toasts").textContent()).toContain("Saved the policy of stable");
    await expect.poll(async () => (await stableChannel())?.policy.requiredPlatforms).toEqual(["ios", "android_apk"]);
    expect((await stableChannel())?.policy).toEqual({ ...before, requiredPlatforms: ["ios", "android_apk"] });
    await expect.poll(() => page.getByTestId("policy-summary-stable").textContent()).toContain("needs iOS, Android");
    await page.reload();
    await page.getByTestId("policy-stable").locator("summary").click();
    expect(await page.getByTestId("policy-editor-stable").getByLabel("iOS").isChecked()).toBe(true);
    expect(await page.getByTestId("policy-editor-stable").getByLabel("macOS").isChecked()).toBe(false);
  });

  it("shows the server's refusal of a bad minimum build next to the field, and saves nothing", async () => {
    const editor = page.getByTestId("policy-editor-stable");
    const field = editor.getByLabel("Minimum supported build");
    await field.fill("abc");
    await editor.getByRole("button", { name: "Save policy" }).click();
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
    const error = await page.evaluate(
      (ids) =>
        ids
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" | "),
      describedBy,
    );
    expect(error).toContain('build "abc" must be a positive integer or dot-separated numbers');
    expect(await editor.getByRole("alert").textContent()).toContain("Not saved");
    expect((await stableChannel())?.policy.minimumSupportedBuild).toBeNull();

    await field.fill("2");
    await editor.getByRole("button", { name: "Save policy" }).click();
    await expect.poll(async () => (await stableChannel())?.policy.minimumSupportedBuild).toBe("2");
    await expect.poll(() => page.getByTestId("policy-summary-stable").textContent()).toContain("updates forced below build 2");
  });

  it("fits a 360 px screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/admin/apps/pages/channels`);
    await stableCard().waitFor();
    expect(await overflowing(page)).toEqual({ fits: true, offenders: [] });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channels-page-360.png"), fullPage: true });
    await page.goto(`${server.url}/admin/apps/pages/channels/stable`);
    await page.getByTestId("channel-history").waitFor();
    expect(await overflowing(page)).toEqual({ fits: true, offenders: [] });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-channel-history-360.png"), fullPage: true });
  });
});

describe("accessibility", () => {
  it("has no serious or critical axe violation on either page, light or dark, with the policy and a confirmation open", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((choice) => localStorage.setItem("shipyard-theme", choice), theme);
      await page.goto(`${server.url}/admin/apps/pages/channels`);
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(theme === "dark");
      await page.getByTestId("policy-stable").locator("summary").click();
      expect(await seriousViolations(page)).toEqual([]);
      await stableCard().getByRole("button", { name: "Roll back" }).click();
      await page.getByTestId("rollback-dialog-stable").getByRole("button", { name: "Cancel" }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `admin-channels-rollback-${theme}.png`), fullPage: true });
      await page.goto(`${server.url}/admin/apps/pages/channels/stable`);
      await page.getByTestId("channel-history").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `admin-channel-history-${theme}.png`), fullPage: true });
    }
  });
});

/** Whether the page scrolls sideways, and the innermost elements that reach past the window's right edge (for the failure message). */
function overflowing(on: Page): Promise<{ fits: boolean; offenders: string[] }> {
  return on.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Inside a box that scrolls or clips sideways (the section tabs), overflow moves nothing on the page.
    const contained = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    const sticking = [...document.querySelectorAll("body *")].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 0.5 && !contained(el);
    });
    const innermost = sticking.filter((el) => !sticking.some((other) => other !== el && el.contains(other)));
    const offenders = innermost.map(
      (el) =>
        `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}.${el.className}: ${(el.textContent ?? "").slice(0, 40)} (right ${Math.round(el.getBoundingClientRect().right)})`,
    );
    return { fits: document.documentElement.scrollWidth <= width, offenders };
  });
}
