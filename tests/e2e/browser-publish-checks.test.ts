// The admin publish form in Chromium against a real server: version and build come from what the
// uploaded files declare (never over what the admin typed), a differing version is flagged before
// publishing, a file that fails its checks is refused by name with its reasons, and publishing it
// takes the admin's explicit per-file override, which the result then shows.
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const HELLO_APK = path.join(FIXTURES, "android/hello.apk"); // com.example.hello 1.2.3 (42)
const ADAPTIVE_APK = path.join(FIXTURES, "android/adaptive-icon-only.apk"); // com.example.adaptive 1.2.3 (42)
const DEBIAN_HELLO = path.join(FIXTURES, "linux/hello_2.10-3_amd64.deb"); // Debian's hello 2.10-3
const BUNDLE_REASON = "bundle id com.example.adaptive does not match the app's registered android_apk id com.example.hello";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let appId = "";

const row = (name: string) => page.locator(`[data-testid="upload-row"][data-filename="${name}"]`);
const version = () => page.getByLabel("Version");
const build = () => page.getByLabel("Build");
const uploadSection = () => page.locator('section[aria-labelledby="upload-heading"]');
const releases = () => withServerStore(server.dataDir, async (store) => (await store.releases.listByApp(appId, { limit: 100 })).items);
const publishButton = () => page.getByRole("button", { name: "Publish", exact: true });

/** Clicks Publish and waits for the server's answer. */
async function publish(): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.url().includes("/api/trpc/uploads.publish")), publishButton().click()]);
}

async function uploaded(name: string): Promise<Locator> {
  await row(name).and(page.locator('[data-state="done"]')).waitFor();
  // Inspection runs on the server after the last byte; the row says what it read.
  await row(name).getByTestId("upload-declares").waitFor();
  return row(name);
}

/** Screenshots of the upload section, wide and at 360 px (where nothing may scroll sideways), after axe in both themes. */
async function shoot(name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  // A publish refreshes the server-rendered parts of the page; axe must not run while the head
  // (its <title>) is being replaced.
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.title !== "");
  expect(await violationsInBothThemes(page), name).toEqual([]);
  await uploadSection().screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
  await uploadSection().screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-360.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error(`first admin credentials were not printed:\n${server.output()}`);
  appId = await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "checked", displayName: "Checked", bundleIds: { android_apk: "com.example.hello" } });
    return app.id;
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/admin/apps/checked`);
  await page.waitForURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(printed[1]);
  await page.getByLabel("Password").fill(printed[2]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${server.url}/admin/apps/checked`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("publishing from the admin console", () => {
  it("fills version and build in from the uploaded file and warns when the release says otherwise", async () => {
    await page.getByLabel("Choose files").setInputFiles([HELLO_APK]);
    expect(await (await uploaded("hello.apk")).getByTestId("upload-declares").textContent()).toBe("Declares version 1.2.3, build 42.");
    await expect.poll(() => version().inputValue()).toBe("1.2.3");
    expect(await build().inputValue()).toBe("42");
    expect(await page.getByTestId("declared-version").textContent()).toBe("Filled in the version and build from hello.apk, which declares version 1.2.3, build 42.");
    expect(await page.getByTestId("version-mismatch").count()).toBe(0);

    await version().fill("1.2.4");
    expect(await page.getByTestId("version-mismatch").textContent()).toContain("hello.apk declares version 1.2.3 (release: 1.2.4)");
    expect(await page.getByTestId("declared-version").textContent()).toBe("Filled in the build from hello.apk, which declares version 1.2.3, build 42.");
    await shoot("browser-publish-prefilled");
    await version().fill("1.2.3");
    expect(await page.getByTestId("version-mismatch").count()).toBe(0);

    await publish();
    const result = page.getByTestId("publish-result");
    await result.waitFor();
    expect(await result.locator('[data-testid="published-file"][data-filename="hello.apk"]').getAttribute("data-status")).toBe("passed");
    expect(await result.getByTestId("published-warning").count()).toBe(0);
    expect((await releases()).map((r) => `${r.version} (${r.build})`)).toEqual(["1.2.3 (42)"]);
  });

  it("refuses a file that fails its checks, naming it and why, until the admin publishes it anyway", async () => {
    await page.getByRole("button", { name: "Upload another release" }).click();
    // Typed before the file is read: the form must not overwrite it.
    await version().fill("1.2.4");
    await page.getByLabel("Choose files").setInputFiles([ADAPTIVE_APK]);
    await uploaded("adaptive-icon-only.apk");
    await expect.poll(() => build().inputValue()).toBe("42");
    expect(await version().inputValue()).toBe("1.2.4");
    await build().fill("43");
    expect(await page.getByTestId("version-mismatch").textContent()).toContain("adaptive-icon-only.apk declares version 1.2.3 (release: 1.2.4) and build 42 (release: 43)");

    await publish();
    const refused = page.locator('[data-testid="refused-file"][data-filename="adaptive-icon-only.apk"]');
    await refused.waitFor();
    expect(await page.getByTestId("publish-refusal").getByRole("heading").textContent()).toBe("Not published: a file failed the checks");
    expect(await refused.textContent()).toContain("Bundle id com.example.adaptive does not match the app's registered android_apk id com.example.hello.");
    expect(await page.getByTestId("publish-error").count()).toBe(0);
    expect(await releases()).toHaveLength(1); // nothing was written
    await shoot("browser-publish-refused");

    // Without the box checked, publishing again is refused again.
    await publish();
    await refused.waitFor();
    expect(await releases()).toHaveLength(1);

    await refused.getByLabel("Publish this file anyway").check();
    await publish();
    const file = page.locator('[data-testid="published-file"][data-filename="adaptive-icon-only.apk"]');
    await file.waitFor();
    expect(await file.getAttribute("data-status")).toBe("overridden");
    expect(await file.getByTestId("published-override").textContent()).toBe(`Published over: ${BUNDLE_REASON}, by you.`);
    expect(await file.getByTestId("published-warning").allTextContents()).toEqual(["Warning: The file declares version 1.2.3 (release: 1.2.4) and build 42 (release: 43)."]);
    expect(await page.getByTestId("publish-refusal").count()).toBe(0);
    await shoot("browser-publish-override");

    const release = (await releases()).find((r) => r.version === "1.2.4");
    const artifacts = await withServerStore(server.dataDir, (store) => store.artifacts.listByRelease(release?.id ?? ""));
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]?.validationStatus).toBe("valid");
    expect(artifacts[0]?.metadata.validationOverride).toMatchObject({ reasons: [BUNDLE_REASON] });
  });

  it("fills nothing in when the files disagree, and says which file declares what", async () => {
    await page.getByRole("button", { name: "Upload another release" }).click();
    await page.getByLabel("Choose files").setInputFiles([HELLO_APK, DEBIAN_HELLO]);
    await uploaded("hello.apk");
    await uploaded("hello_2.10-3_amd64.deb");
    expect(await page.getByTestId("declared-version").textContent()).toBe(
      "The files disagree, so version and build were not filled in: hello.apk declares version 1.2.3, build 42; hello_2.10-3_amd64.deb declares version 2.10.",
    );
    expect(await version().inputValue()).toBe("");
    expect(await build().inputValue()).toBe("");
  });
});
