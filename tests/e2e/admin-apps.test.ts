// The apps pages of the console in Chromium: the empty list, an app created through the form (the
// server's field errors shown beside the fields), the list with icon, versions and storage, search,
// settings (bundle ids, visibility), deletion behind the typed slug, cursor pages, and 360 px (also
// with the longest name and slug that have no break in them).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { setAppRole } from "@/server/services/user-admin";
import { createUser } from "@/server/services/users";
import { apiClient } from "../helpers/api";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
// The longest valid name and slug, with no break opportunity in either.
const LONG_NAME = `${"Longname".repeat(12)}Abcd`;
const LONG_SLUG = "longslug".repeat(8);

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let api: ReturnType<typeof apiClient>;

const row = (slug: string) => page.getByTestId(`app-row-${slug}`);
const fieldError = (id: string) => page.locator(`#${id}-error`);
const appBySlug = (slug: string) => withServerStore(server.dataDir, (store) => store.apps.getBySlug(slug));

beforeAll(async () => {
  server = await startServer();
  const printed = firstAdminCredentials(server);
  const token = await withServerStore(server.dataDir, async (store) => (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw);
  api = apiClient(server.url, token);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin`);
  await submitSignIn(page, printed);
  await page.getByTestId("signed-in-as").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the apps list", () => {
  it("says to create the first app when there is none", async () => {
    await page.goto(`${server.url}/admin`);
    const empty = page.getByTestId("no-apps");
    expect(await empty.textContent()).toContain("No apps yet — create your first app");
    expect(await empty.getByRole("link", { name: "Create an app" }).getAttribute("href")).toBe("/admin/apps/new");
    expect(await page.getByTestId("app-search").count()).toBe(0);
  });

  it("shows an app's icon from its build, each channel's version and the storage it uses", async () => {
    await withServerStore(server.dataDir, (store) => createApp(store, SYSTEM_ACTOR, { slug: "iconic", displayName: "Iconic", visibility: "public", bundleIds: { android_apk: "com.example.hello" } }));
    const upload = await api.uploadFile("iconic", APK);
    const res = await api.call("POST", "/api/v1/apps/iconic/releases", { version: "1.0.0", build: "1", channel: "stable", uploads: [upload], promote: true });
    expect(res.status).toBe(201);

    await page.goto(`${server.url}/admin`);
    const iconic = row("iconic");
    expect(await iconic.getByTestId("app-channel-stable").textContent()).toContain("1.0.0 (1)");
    expect(await iconic.getByTestId("app-storage").textContent()).toMatch(/^\d+(\.\d)? KiB · 1 file$/);
    expect(await iconic.textContent()).toContain("public");
    const icon = iconic.getByTestId("app-icon");
    // Loaded through the signed icon route, not a broken image.
    await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // An icon grant opens the icon alone: not the build itself, not an iOS install.
    const grant = /^\/i\/([^/]+)\/icon\.png$/.exec((await icon.getAttribute("src")) ?? "")?.[1];
    expect(grant).toBeTruthy();
    expect((await fetch(`${server.url}/g/${grant}/${path.basename(APK)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/i/${grant}/manifest.plist`)).status).toBe(404);
    expect(await iconic.getByTestId("app-link").getAttribute("href")).toBe("/admin/apps/iconic");
  });
});

describe("creating an app", () => {
  it("shows the server's refusals next to the fields, then creates the app and opens it", async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByTestId("new-app").click();
    await page.waitForURL(`${server.url}/admin/apps/new`);

    // The slug follows the name until edited.
    await page.getByLabel("Name", { exact: true }).fill("Field Test");
    expect(await page.getByTestId("app-slug-input").inputValue()).toBe("field-test");

    // A reserved slug and a malformed bundle id: both refused by the server, each beside its field.
    await page.getByTestId("app-slug-input").fill("admin");
    await page.getByLabel("iOS bundle ID").fill("not a bundle id");
    await page.getByTestId("create-app-submit").click();
    await expect.poll(() => fieldError("app-slug").textContent()).toBe('Slug "admin" is reserved.');
    expect(await fieldError("app-bundle-ios").textContent()).toContain("is not a reverse-DNS bundle identifier");
    expect(await page.getByTestId("app-slug-input").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("app-slug");
    // Typing in the name no longer rewrites a slug the admin typed.
    await page.getByLabel("Name", { exact: true }).fill("Field Test");
    expect(await page.getByTestId("app-slug-input").inputValue()).toBe("admin");

    // A slug another app has.
    await page.getByTestId("app-slug-input").fill("iconic");
    await page.getByLabel("iOS bundle ID").fill("");
    expect(await fieldError("app-bundle-ios").count()).toBe(0);
    await page.getByTestId("create-app-submit").click();
    await expect.poll(() => fieldError("app-slug").textContent()).toBe('An app with slug "iconic" already exists.');
    expect(await appBySlug("field-test")).toBeNull();

    await page.getByTestId("app-slug-input").fill("field-test");
    await page.getByLabel("Android package name").fill("com.example.field");
    await page.getByTestId("app-visibility-select").selectOption("unlisted");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-app-new.png"), fullPage: true });
    await page.getByTestId("create-app-submit").click();
    await page.waitForURL(`${server.url}/admin/apps/field-test`);
    await expect.poll(() => page.getByTestId("toast-success").textContent()).toContain("Created Field Test");
    expect(await page.getByTestId("app-visibility").textContent()).toBe("unlisted");
    expect(await appBySlug("field-test")).toMatchObject({ displayName: "Field Test", visibility: "unlisted", bundleIds: { android_apk: "com.example.field" } });
  });

  it("lists the new app, and search finds it or says nothing matches", async () => {
    await page.goto(`${server.url}/admin`);
    expect(await row("field-test").textContent()).toContain("unlisted");
    expect(await row("field-test").textContent()).toContain("No releases yet");

    await page.getByTestId("app-search-input").fill("FIELD");
    await page.getByTestId("app-search-input").press("Enter");
    await page.waitForURL(`${server.url}/admin?q=FIELD`);
    expect(await row("field-test").count()).toBe(1);
    expect(await row("iconic").count()).toBe(0);
    expect(await page.getByTestId("app-search-input").inputValue()).toBe("FIELD");

    await page.getByTestId("app-search-input").fill("zzz-no-such-app");
    await page.getByTestId("app-search-input").press("Enter");
    await page.waitForURL(/q=zzz-no-such-app/);
    const none = page.getByTestId("no-matching-apps");
    expect(await none.textContent()).toContain("No app matches “zzz-no-such-app”");
    await none.getByRole("link", { name: "Clear search" }).click();
    await page.waitForURL(`${server.url}/admin`);
    expect(await row("iconic").count()).toBe(1);
  });
});

describe("an app's settings", () => {
  it("edits bundle ids (a cleared one is removed) and visibility, and says Saved", async () => {
    await page.goto(`${server.url}/admin/apps/field-test/settings`);
    const save = page.getByTestId("app-settings-save");
    expect(await save.isDisabled()).toBe(true);
    expect(await page.getByLabel("Android package name").inputValue()).toBe("com.example.field");

    // A server refusal lands beside its field here too.
    await page.getByLabel("Android package name").fill("com.example.class");
    await save.click();
    await expect.poll(() => fieldError("app-bundle-android_apk").textContent()).toContain('Java keyword "class"');

    await page.getByLabel("Android package name").fill("");
    await page.getByLabel("iOS bundle ID").fill("com.example.field");
    await page.getByTestId("app-visibility-select").selectOption("public");
    await save.click();
    await expect.poll(() => page.getByTestId("toast-success").last().textContent()).toContain("Saved");
    await expect.poll(() => page.getByTestId("app-visibility").textContent()).toBe("public");
    expect(await save.isDisabled()).toBe(true);
    expect(await appBySlug("field-test")).toMatchObject({ visibility: "public", bundleIds: { ios: "com.example.field" } });
    expect((await appBySlug("field-test"))?.bundleIds).not.toHaveProperty("android_apk");

    await page.reload();
    expect(await page.getByLabel("iOS bundle ID").inputValue()).toBe("com.example.field");
    expect(await page.getByLabel("Android package name").inputValue()).toBe("");
    // The slug is not editable; the update key stays in the header.
    expect(await page.getByTestId("app-slug-input").count()).toBe(0);
    expect(await page.getByTestId("update-key").textContent()).toMatch(/^spk_/);
  });

  it("deletes the app only after its slug is typed, and it leaves the list", async () => {
    await page.goto(`${server.url}/admin/apps/field-test/settings`);
    await page.getByTestId("delete-app").click();
    const dialog = page.getByTestId("delete-app-dialog");
    expect(await dialog.textContent()).toContain("The audit log keeps its events");
    const confirm = dialog.getByRole("button", { name: "Delete app" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill("field-tes");
    expect(await confirm.isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-app-delete.png"), fullPage: true });
    await dialog.getByLabel(/to confirm/).fill("field-test");
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();

    await page.waitForURL(`${server.url}/admin`);
    await expect.poll(() => page.getByTestId("toast-success").last().textContent()).toContain("Deleted Field Test");
    await row("iconic").waitFor();
    expect(await row("field-test").count()).toBe(0);
    expect(await appBySlug("field-test")).toBeNull();
    const events = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ action: "app.delete" }, { limit: 5 })).items);
    expect(events).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^user:/), metadata: expect.objectContaining({ slug: "field-test" }) })]);
  });
});

describe("many apps", () => {
  it("pages with Older apps and back to the newest, keeping the search", async () => {
    await withServerStore(server.dataDir, async (store) => {
      for (let i = 1; i <= 26; i++) await createApp(store, SYSTEM_ACTOR, { slug: `bulk-${String(i).padStart(2, "0")}`, displayName: `Bulk ${i}` });
    });
    await page.goto(`${server.url}/admin?q=bulk`);
    expect(await page.locator('[data-testid^="app-row-"]').count()).toBe(25);
    expect(await row("bulk-26").count()).toBe(1);
    expect(await page.getByTestId("apps-first-page").count()).toBe(0);
    await page.getByTestId("apps-older").click();
    await page.waitForURL(/\?q=bulk&cursor=/);
    expect(await page.locator('[data-testid^="app-row-"]').count()).toBe(1);
    expect(await row("bulk-01").count()).toBe(1);
    expect(await page.getByTestId("apps-older").count()).toBe(0);
    await page.getByTestId("apps-first-page").click();
    await page.waitForURL(`${server.url}/admin?q=bulk`);
    expect(await row("bulk-26").count()).toBe(1);
  });

  it("fits a 360 px screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const route of ["/admin", "/admin/apps/new", "/admin/apps/iconic/settings"]) {
        await page.goto(`${server.url}${route}`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `admin-apps-360${route.replaceAll("/", "-")}.png`), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth), route).toBeLessThanOrEqual(360);
      }
      // Rows become cards that fit the screen (the newest app heads the first page).
      await page.goto(`${server.url}/admin`);
      const card = await row("bulk-26").boundingBox();
      expect(card && card.x >= 0 && card.x + card.width <= 360).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("fits 360 px and 1280 px with a 100-character name and a 64-character slug, the toast too", async () => {
    expect([LONG_NAME.length, LONG_SLUG.length]).toEqual([100, 64]);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goto(`${server.url}/admin/apps/new`);
      await page.getByLabel("Name", { exact: true }).fill(LONG_NAME);
      await page.getByTestId("app-slug-input").fill(LONG_SLUG);
      await page.getByTestId("create-app-submit").click();
      await page.waitForURL(`${server.url}/admin/apps/${LONG_SLUG}`);
      const toast = page.getByTestId("toast-success").last();
      await expect.poll(() => toast.textContent()).toContain(`Created ${LONG_NAME}`);
      const box = await toast.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360, "toast").toBe(true);

      // A member with a role on it: the users page shows its badge and its roles editor.
      await withServerStore(server.dataDir, async (store) => {
        const member = await createUser(store, SYSTEM_ACTOR, { email: "long@example.com", password: "correct horse battery", role: "member" });
        const app = await store.apps.getBySlug(LONG_SLUG);
        if (!app) throw new Error("the long app was not created");
        await setAppRole(store, SYSTEM_ACTOR, member.id, app.id, "maintainer");
      });

      for (const width of [360, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        for (const route of ["/admin", `/admin/apps/${LONG_SLUG}`, `/admin/apps/${LONG_SLUG}/settings`, "/admin/users", "/"]) {
          await page.goto(`${server.url}${route}`);
          const fit = await page.evaluate((slug) => {
            for (const details of document.querySelectorAll("details")) details.open = true;
            // Tables scroll inside their own box: one the long app's row makes scroll is as broken as a page that does.
            const scrolling = [...document.querySelectorAll("table")].filter(
              (t) => t.textContent?.includes(slug) && t.parentElement && t.parentElement.scrollWidth > t.parentElement.clientWidth,
            ).length;
            return { page: document.documentElement.scrollWidth, scrolling };
          }, LONG_SLUG);
          const where = `${route} at ${width} px`;
          expect(fit.page, where).toBeLessThanOrEqual(width);
          expect(fit.scrolling, where).toBe(0);
          if (width === 360) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `admin-apps-long-name-360${route.replaceAll("/", "-")}.png`), fullPage: true });
        }
      }
      // The signed-in home page lists it among "Your apps".
      expect(await page.getByTestId("installable-apps").textContent()).toContain(LONG_NAME);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
