// Browser upload on the admin app page, in Chromium through a proxy that cuts the first upload
// midway: the page (tus-js-client) must back off, ask the server's offset (HEAD), resume with a
// PATCH from there, and publish.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { startCuttingProxy } from "../helpers/cutting-proxy";
import { withServerStore } from "../helpers/seed";
import { freePort, type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const APK = path.join(FIXTURES, "android/hello.apk");
const CUT_AFTER = 2 * 1024 * 1024;

let server: RunningServer;
let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let appId = "";
const workDir = mkdtempSync(path.join(tmpdir(), "shipyard-e2e-browser-upload-"));
const BIG_DEB = path.join(workDir, "big.deb");
const NOT_A_BUILD = path.join(workDir, "notes.txt");

/** A real .deb (the fixture's ar members) with an 8 MiB ar member of random bytes appended. */
function writeBigDeb(file: string): void {
  const size = 8 * 1024 * 1024;
  const header = ["padding/".padEnd(16), "0".padEnd(12), "0".padEnd(6), "0".padEnd(6), "100644".padEnd(8), String(size).padEnd(10), "`\n"].join("");
  writeFileSync(file, Buffer.concat([readFileSync(path.join(FIXTURES, "linux/hello-fixture_1.2.3-42_amd64.deb")), Buffer.from(header, "latin1"), randomBytes(size)]));
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
/**
 * Waits until the form has read what the files declare. The note above the Publish button changes
 * when inspections arrive; a click while it does can land on the moving layout instead.
 */
async function inspectionsRead(): Promise<void> {
  await page.getByText(/Reading the version and build from/).waitFor({ state: "detached" });
}
const row = (name: string, state?: string) => page.locator(`[data-testid="upload-row"][data-filename="${name}"]${state ? `[data-state="${state}"]` : ""}`);

beforeAll(async () => {
  writeBigDeb(BIG_DEB);
  writeFileSync(NOT_A_BUILD, "release notes, not a build\n");
  const port = await freePort();
  proxy = await startCuttingProxy({ host: "127.0.0.1", port }, CUT_AFTER);
  server = await startServer({ port, env: { PUBLIC_URL: proxy.url } });
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error(`first admin credentials were not printed:\n${server.output()}`);
  appId = await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, { slug: "hello-fixture", displayName: "Hello Fixture", bundleIds: { android_apk: "com.example.hello" } });
    return app.id;
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${proxy.url}/admin`);
  await page.waitForURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(printed[1]);
  await page.getByLabel("Password").fill(printed[2]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${proxy.url}/admin`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await proxy?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe("admin app page", () => {
  it("is reached from the app list and answers 404 for an unknown app", async () => {
    await page.getByRole("link", { name: "Hello Fixture" }).click();
    await page.waitForURL(`${proxy.url}/admin/apps/hello-fixture`);
    await page.getByRole("heading", { name: "Hello Fixture" }).waitFor();
    expect(await page.getByTestId("channel-list").textContent()).toContain("beta");
    expect(await page.getByTestId("no-releases").textContent()).toContain("No releases yet");
    const missing = await browser.context.request.get(`${proxy.url}/admin/apps/no-such-app`);
    expect(missing.status()).toBe(404);
  });

  it("hashes and uploads dropped files, resumes the upload the network cut, and publishes", async () => {
    // big.deb first: its PATCH is the one the proxy cuts.
    await page.getByLabel("Choose files").setInputFiles([BIG_DEB, APK]);
    await row("big.deb", "retrying")
      .getByText(/Retrying in \d+ s/)
      .waitFor();
    await row("big.deb", "done").waitFor();
    await row("hello.apk", "done").waitFor();
    expect(await row("big.deb").getByTestId("upload-resumed").textContent()).toBe("Resumed after 1 interruption.");
    expect(proxy.cuts).toBeGreaterThanOrEqual(1);
    expect(proxy.requests.some((r) => r.startsWith("HEAD /api/uploads/"))).toBe(true);
    expect(proxy.requests.some((r) => /^PATCH \/api\/uploads\/\S+ upload-offset=[1-9]\d*$/.test(r))).toBe(true);

    // Checked in the browser with the domain schema first.
    await inspectionsRead();
    await page.getByLabel("Version").fill("1.2.3");
    await page.getByLabel("Build").fill("forty-two");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText(/build "forty-two" must be a positive integer/).waitFor();

    await page.getByLabel("Build").fill("42");
    await page.getByLabel("Channel", { exact: true }).selectOption("beta");
    await page.getByLabel("Release notes").fill("Uploaded from the *browser*");
    await page.getByLabel(/Promote/).check();
    await page.getByRole("button", { name: "Publish" }).click();
    const installUrl = await page.getByTestId("install-url").textContent();
    expect(installUrl).toMatch(new RegExp(`^${proxy.url}/hello-fixture/releases/\\S+$`));
    // The server-rendered tables follow.
    await page.getByTestId("release-list").getByTestId("release-page-link").getByText("1.2.3").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "browser-upload.png"), fullPage: true });

    const releaseId = installUrl?.split("/").at(-1) ?? "";
    const stored = await withServerStore(server.dataDir, async (store) => ({
      release: await store.releases.getById(releaseId),
      artifacts: await store.artifacts.listByRelease(releaseId),
      beta: (await store.channels.listByApp(appId)).find((c) => c.name === "beta"),
    }));
    expect(stored.release).toMatchObject({ appId, version: "1.2.3", build: "42", channel: "beta", notes: "Uploaded from the *browser*" });
    expect(stored.beta?.currentReleaseId).toBe(releaseId);
    const digests = Object.fromEntries(stored.artifacts.map((a) => [a.filename, { sha256: a.sha256, platform: a.platform, status: a.validationStatus }]));
    expect(digests).toEqual({
      "big.deb": { sha256: sha256(BIG_DEB), platform: "linux", status: "valid" },
      "hello.apk": { sha256: sha256(APK), platform: "android_apk", status: "valid" },
    });
  });

  it("shows the server's refusal of a duplicate release", async () => {
    await page.getByRole("button", { name: "Upload another release" }).click();
    await page.getByLabel("Choose files").setInputFiles([APK, NOT_A_BUILD]);
    await row("notes.txt", "failed").waitFor();
    await row("hello.apk", "done").waitFor();
    // A refused file is not "still uploading": the form says it failed, and Publish waits for its removal.
    expect(await page.getByTestId("publish-hint").textContent()).toBe("1 file failed: remove it before publishing.");
    expect(await page.getByRole("button", { name: "Publish", exact: true }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Remove notes.txt" }).click();
    await page.getByTestId("publish-hint").waitFor({ state: "detached" });
    await inspectionsRead();
    await page.getByLabel("Version").fill("1.2.3");
    await page.getByLabel("Build").fill("42");
    await page.getByRole("button", { name: "Publish" }).click();
    const error = await page.getByTestId("publish-error").textContent();
    expect(error).toMatch(/^Could not publish: .*already exists/);
    await page.setViewportSize({ width: 320, height: 800 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "browser-upload-320-dark.png"), fullPage: true });
  });
});
