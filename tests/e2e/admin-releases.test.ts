// The releases list and a release's page in Chromium, on a real server with a real IPA and APK
// published through the REST API: filters in the URL, parsed metadata per file, notes edited with a
// preview that never runs markup (and audited), deletion refused while a channel serves the release,
// and a release no channel points at deleted.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const IPA = path.join(FIXTURES, "ios/Hello.ipa");
const APK = path.join(FIXTURES, "android/hello.apk");
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let appId = "";
let current = ""; // 1.2.3 (42): IPA + APK, promoted to stable
let loose = ""; // 1.2.4 (43): APK only, on no channel

const rows = () => page.getByTestId("release-row");
const rowTexts = async () => (await rows().allTextContents()).map((t) => t.replace(/\s+/g, " "));
const list = (query = "") => page.goto(`${server.url}/admin/apps/rel/releases${query}`);
const panel = (platform: string) => page.locator(`[data-testid="artifact-panel"][data-platform="${platform}"]`);
/** Next's not-found page for the URL, with a real 404 (no loading boundary streams it as 200 first). */
async function expectNotFound(res: Awaited<ReturnType<Page["goto"]>>) {
  expect(res?.status()).toBe(404);
  expect(await page.locator("h2", { hasText: "This page could not be found." }).count()).toBe(1);
  expect(await page.getByTestId("release-heading").count()).toBe(0);
}
const fact = (platform: string, label: string) => panel(platform).locator(`[data-fact="${label}"] dd`).textContent();

beforeAll(async () => {
  server = await startServer();
  const printed = firstAdminCredentials(server);
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "rel", displayName: "Rel", visibility: "public", bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const publish = async (body: Record<string, unknown>, files: string[]) => {
    const uploads = [];
    for (const file of files) uploads.push(await api.uploadFile("rel", file));
    const res = await api.call("POST", "/api/v1/apps/rel/releases", { ...body, uploads });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return String(res.body.id);
  };
  current = await publish({ version: "1.2.3", build: "42", channel: "stable", notes: "First build.", promote: true }, [IPA, APK]);
  loose = await publish({ version: "1.2.4", build: "43", channel: "beta", notes: "Second build." }, [APK]);

  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fapps%2Frel%2Freleases`);
  await submitSignIn(page, printed);
  await page.getByTestId("releases-table").waitFor();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the releases list", () => {
  it("shows every release with its platforms, validation and funnel, and filters by platform and version", async () => {
    expect(await rowTexts()).toEqual([expect.stringContaining("1.2.4"), expect.stringContaining("1.2.3")]);
    const first = rows().filter({ hasText: "1.2.3" });
    expect(await first.getByTestId("release-platforms").textContent()).toBe("iOSAndroid");
    expect(await first.getByTestId("release-validation").textContent()).toBe("valid");
    expect(await first.getByTestId("release-current-on").textContent()).toBe("current on stable");
    expect(await first.getByTestId("release-funnel").textContent()).toBe("0 · 0 · 0 · 0");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-releases.png"), fullPage: true });

    await page.getByLabel("Platform").selectOption("ios");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/platform=ios/);
    expect(await rowTexts()).toEqual([expect.stringContaining("1.2.3")]);
    // The form shows the filter the URL applies.
    expect(await page.getByLabel("Platform").inputValue()).toBe("ios");

    await page.getByTestId("filter-clear").click();
    await page.waitForURL(/\/releases$/);
    await page.getByLabel("Version or build").fill("43");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/q=43/);
    expect(await rowTexts()).toEqual([expect.stringContaining("1.2.4")]);

    await list("?q=9.9.9&channel=stable");
    expect(await page.getByTestId("releases-no-match").textContent()).toContain("No release matches these filters");
    expect(await rows().count()).toBe(0);
  });

  it("ignores a filter value it does not know, with a notice instead of an error", async () => {
    const res = await list("?platform=blackberry&status=shiny");
    expect(res?.status()).toBe(200);
    expect(await page.getByTestId("filter-notice").textContent()).toContain('Unknown platform "blackberry" ignored');
    expect(await page.getByTestId("filter-notice").textContent()).toContain('Unknown validation status "shiny" ignored');
    expect(await rows().count()).toBe(2);
  });
});

describe("a release's page", () => {
  it("shows the install link and QR code, each file's parsed metadata, digest and download, and the channels", async () => {
    await list();
    await rows().filter({ hasText: "1.2.3" }).getByTestId("release-link").click();
    await page.waitForURL(`${server.url}/admin/apps/rel/releases/${current}`);
    expect(await page.getByTestId("release-heading").textContent()).toBe("1.2.3 (42)");
    expect(await page.getByTestId("release-published").textContent()).toMatch(/^Published \d{4}-\d\d-\d\d \d\d:\d\d UTC by token ci to stable$/);
    expect(await page.getByTestId("release-install-link").textContent()).toBe(`${server.url}/rel/releases/${current}`);
    expect(await page.getByTestId("qr-code").locator("svg").count()).toBe(1);

    expect(await fact("ios", "Bundle ID")).toBe("com.example.hello");
    expect(await fact("ios", "Minimum iOS")).toBe("15.0");
    expect(await fact("ios", "Signer")).toBe("Apple Distribution: Fixture Inc (ABCDE12345)");
    expect(await fact("ios", "Profile type")).toBe("Ad hoc");
    expect(await fact("ios", "Profile expires")).toMatch(/^2027-11-28 \(in \d+ days\)$/);
    expect(await fact("ios", "Provisioned devices")).toBe("2");
    expect(await fact("android_apk", "Package")).toBe("com.example.hello");
    expect(await fact("android_apk", "Minimum Android")).toBe("API 21 (Android 5.0)");
    expect(await fact("android_apk", "Target SDK")).toBe("API 29 (Android 10)");
    expect(await fact("android_apk", "Signature schemes")).toBe("v1, v2, v3");
    expect(await panel("ios").getByTestId("artifact-validation").textContent()).toBe("valid");
    expect(await panel("ios").getByTestId("artifact-sha256").textContent()).toBe(sha256(IPA));

    const download = await panel("android_apk").getByTestId("artifact-download").getAttribute("href");
    const res = await fetch(new URL(download ?? "", server.url));
    expect(res.status).toBe(200);
    expect(
      createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex"),
    ).toBe(sha256(APK));

    expect(await page.getByTestId("channels-now").textContent()).toContain("stablecurrent");
    expect(await page.getByTestId("channels-now").getByRole("link", { name: "stable" }).getAttribute("href")).toBe("/admin/apps/rel/channels/stable");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-release.png"), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-release-360.png"), fullPage: true });
    // Nothing wider than the phone: long digests and subjects wrap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows the version mismatch warning of a file that declares another build", async () => {
    await page.goto(`${server.url}/admin/apps/rel/releases/${loose}`);
    expect(await panel("android_apk").getByTestId("artifact-warnings").textContent()).toContain("The file declares version 1.2.3 (release: 1.2.4) and build 42 (release: 43).");
    expect(await page.getByTestId("channels-now-none").isVisible()).toBe(true);
  });

  it("edits the notes with a preview that renders Markdown and never runs or keeps markup, audited", async () => {
    await page.goto(`${server.url}/admin/apps/rel/releases/${current}`);
    const notes = '## Fixed\n- crash on **launch**\n<script>window.__notesXss = 1</script><img src="x" onerror="window.__notesXss = 2">';
    await page.getByTestId("notes-input").fill(notes);
    await page.getByTestId("notes-tab-preview").click();
    const preview = page.getByTestId("notes-preview");
    expect(await preview.locator("h2").textContent()).toBe("Fixed");
    expect(await preview.locator("li strong").textContent()).toBe("launch");
    expect(await preview.locator("script, img, [onerror]").count()).toBe(0);
    expect(await preview.textContent()).toContain("<script>window.__notesXss = 1</script>");
    expect(await page.evaluate(() => (window as unknown as { __notesXss?: number }).__notesXss)).toBeUndefined();

    await page.getByTestId("notes-save").click();
    await expect.poll(() => page.getByTestId("toast-success").textContent()).toContain("Release notes saved.");
    await page.reload();
    expect(await page.getByTestId("notes-input").inputValue()).toBe(notes);
    expect(await page.evaluate(() => (window as unknown as { __notesXss?: number }).__notesXss)).toBeUndefined();

    // Testers see the new notes, escaped the same way.
    const install = await (await fetch(`${server.url}/rel/releases/${current}`)).text();
    expect(install).toContain("<h2>Fixed</h2>");
    expect(install).toContain("&lt;script&gt;window.__notesXss = 1&lt;/script&gt;");

    const events = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ action: "release.update_notes" }, { limit: 10 })).items);
    expect(events).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^user:/),
        targetId: current,
        appId,
        metadata: expect.objectContaining({ version: "1.2.3", build: "42", fromLength: "First build.".length, toLength: notes.length }),
      }),
    ]);
  });

  it("refuses to delete the current release of a channel, saying which", async () => {
    await page.goto(`${server.url}/admin/apps/rel/releases/${current}`);
    await page.getByTestId("delete-release").click();
    const dialog = page.getByTestId("delete-release-dialog");
    await dialog.getByRole("button", { name: "Delete release" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toBe("1.2.3 (42) is the current release of stable; promote another release there first");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-release-delete-refused.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(page.url()).toBe(`${server.url}/admin/apps/rel/releases/${current}`);
    expect(await withServerStore(server.dataDir, (store) => store.releases.getById(current))).not.toBeNull();
  });

  it("deletes a release no channel points at and returns to the list with a toast", async () => {
    await list();
    await rows().filter({ hasText: "1.2.4" }).getByTestId("release-link").click();
    await page.waitForURL(`${server.url}/admin/apps/rel/releases/${loose}`);
    await page.getByTestId("delete-release").click();
    await page.getByTestId("delete-release-dialog").getByRole("button", { name: "Delete release" }).click();
    await page.waitForURL(`${server.url}/admin/apps/rel/releases`);
    await expect.poll(() => page.getByTestId("toast-success").textContent()).toContain("Deleted release 1.2.4 (43).");
    await expect.poll(rowTexts).toEqual([expect.stringContaining("1.2.3")]);

    const deletions = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ action: "release.delete", appId }, { limit: 10 })).items);
    expect(deletions).toEqual([
      expect.objectContaining({ targetId: loose, actor: expect.stringMatching(/^user:/), metadata: expect.objectContaining({ version: "1.2.4", build: "43", reason: "manual" }) }),
    ]);
    await expectNotFound(await page.goto(`${server.url}/admin/apps/rel/releases/${loose}`));
  });

  it("answers 404 for a release of another app", async () => {
    await withServerStore(server.dataDir, (store) => createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other" }));
    await expectNotFound(await page.goto(`${server.url}/admin/apps/other/releases/${current}`));
    await expectNotFound(await page.goto(`${server.url}/admin/apps/rel/releases/not-a-release`));
  });
});
