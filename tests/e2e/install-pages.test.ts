// Install pages in Debian Chromium, as an iPhone, an iPad (Mac user agent + touch), an Android
// phone, a Windows desktop and an in-app browser: each must get the right primary button and link,
// and what those links lead to (the iOS manifest, the APK) must be right byte for byte.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { violationsInBothThemes } from "../helpers/axe";
import { SCREENSHOT_DIR } from "../helpers/browser";
import { launchHeadless } from "../helpers/browser";
import { type DeviceProfile, DEVICES, deviceContext } from "../helpers/devices";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const SHOTS = path.join(SCREENSHOT_DIR, "install-pages");
const FILES = ["ios/Hello.ipa", "android/hello.apk", "windows/HelloFixture-Setup-1.2.3.exe", "linux/Hello_Fixture-1.2.3-x86_64.AppImage", "linux/hello-fixture_1.2.3-42_amd64.deb"];
const NOTES = [
  "## What's new",
  "- Faster **sync**",
  "- [Changelog](https://example.com/changelog)",
  "<script>window.__xss = 1</script>",
  '<img src=x onerror="window.__xss = 2">',
  "[click](javascript:window.__xss=3)",
].join("\n");

let server: RunningServer;
let browser: Browser;
let appId = "";
let releaseId = "";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function open(device: DeviceProfile, route = "/hello"): Promise<Page> {
  const context = await deviceContext(browser, device);
  const page = await context.newPage();
  page.on("dialog", () => {
    throw new Error("a dialog opened: script ran from release notes");
  });
  await page.goto(`${server.url}${route}`);
  await page.waitForSelector('[data-testid="install-page"]');
  return page;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const primaryButton = (page: Page) => page.locator('[data-testid="primary"] [data-primary="true"] [data-testid="install-button"]');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer({ env: { AUTH_SECRET: "e2e-install-pages-secret-0123456789" } });
  const token = await withServerStore(server.dataDir, async (store) => {
    const app = await createApp(store, SYSTEM_ACTOR, {
      slug: "hello",
      displayName: "Hello Fixture",
      visibility: "public",
      bundleIds: { ios: "com.example.hello", android_apk: "com.example.hello" },
    });
    appId = app.id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const uploads: string[] = [];
  for (const file of FILES) uploads.push(await api.uploadFile("hello", path.join(FIXTURES, file)));
  const published = await api.call("POST", "/api/v1/apps/hello/releases", { version: "1.2.3", build: "42", channel: "beta", notes: NOTES, uploads, promote: true });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  releaseId = String(published.body.id);
  browser = await launchHeadless();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("install pages per device", () => {
  it("gives an iPhone the itms-services link, whose manifest names the app and its IPA", async () => {
    const page = await open(DEVICES.iphone);
    expect(await page.getAttribute('[data-testid="install-page"]', "data-platform")).toBe("ios");
    const href = (await primaryButton(page).getAttribute("href")) ?? "";
    expect(href).toMatch(/^itms-services:\/\/\?action=download-manifest&url=/);
    // PUBLIC_URL is plain http here: the page must say iOS will refuse, before the tap.
    await expect(page.locator('[data-code="not_https"]').count()).resolves.toBe(1);
    await shoot(page, "iphone");

    const manifestUrl = new URL(href.replace("itms-services://", "https://x/")).searchParams.get("url") ?? "";
    expect(manifestUrl.startsWith(`${server.url}/i/`)).toBe(true);
    const manifest = await fetch(manifestUrl);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-type")).toMatch(/xml/);
    const plist = new XMLParser({ ignoreAttributes: false }).parse(await manifest.text()) as {
      plist: { dict: { array: { dict: { key: string[]; array: { dict: { key: string[]; string: string[] }[] }; dict: { key: string[]; string: string[] } } } } };
    };
    const item = plist.plist.dict.array.dict;
    const metadata = Object.fromEntries(item.dict.key.map((k, i) => [k, item.dict.string[i]]));
    expect(metadata["bundle-identifier"]).toBe("com.example.hello");
    expect(metadata["bundle-version"]).toBe("1.2.3");
    expect(metadata.kind).toBe("software");
    const assets = item.array.dict.map((d) => Object.fromEntries(d.key.map((k, i) => [k, d.string[i]])));
    const ipaUrl = assets.find((a) => a.kind === "software-package")?.url ?? "";
    expect(ipaUrl).toMatch(new RegExp(`^${server.url}/g/[^/]+/Hello\\.ipa$`));
    const ipa = await fetch(ipaUrl);
    expect(ipa.headers.get("content-length")).toBe(String(readFileSync(path.join(FIXTURES, "ios/Hello.ipa")).length));
    expect(sha256(Buffer.from(await ipa.arrayBuffer()))).toBe(sha256(readFileSync(path.join(FIXTURES, "ios/Hello.ipa"))));
    const icon = assets.find((a) => a.kind === "display-image")?.url;
    if (icon) expect((await fetch(icon)).headers.get("content-type")).toBe("image/png");
    await page.context().close();
  });

  it("passes axe with a notice and a version history on the page, in both themes", async () => {
    const page = await open(DEVICES.iphone);
    // The not_https blocker and the release's history entry are what axe found serious before: an
    // <li role="alert"> (a list item that is no longer one) and a link inside a <summary>.
    expect(await page.locator('[data-testid="notices"] > li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="history"] details').count()).toBeGreaterThan(0);
    expect(await violationsInBothThemes(page)).toEqual([]);
    // The release link is a Tab stop of its own, then its disclosure, which Enter opens.
    expect(await page.locator('[data-testid="history"] summary a').count()).toBe(0);
    await page.locator(`[data-testid="history"] a[href="/hello/releases/${releaseId}"]`).focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SUMMARY");
    await page.keyboard.press("Enter");
    expect(await page.locator('[data-testid="history"] details').first().getAttribute("open")).not.toBeNull();
    await page.context().close();
  });

  it("recognises an iPad behind its Mac user agent by its touch points", async () => {
    const page = await open(DEVICES.ipad);
    await page.waitForURL(/device=ipad/);
    await page.waitForSelector('[data-testid="install-page"][data-detected-os="ipados"]');
    expect(await page.getAttribute('[data-testid="install-page"]', "data-platform")).toBe("ios");
    expect(await primaryButton(page).getAttribute("href")).toMatch(/^itms-services:/);
    await shoot(page, "ipad");
    await page.context().close();
  });

  it("gives an Android phone the APK, served with the right headers and bytes", async () => {
    const page = await open(DEVICES.android);
    expect(await page.getAttribute('[data-testid="install-page"]', "data-platform")).toBe("android_apk");
    const href = (await primaryButton(page).getAttribute("href")) ?? "";
    expect(href).toMatch(new RegExp(`^${server.url}/d/[^/]+/hello\\.apk$`));
    expect(await page.locator('[data-testid="help-android"]').count()).toBe(1);
    await shoot(page, "android");
    const apk = await fetch(href);
    expect(apk.status).toBe(200);
    expect(apk.headers.get("content-type")).toBe("application/vnd.android.package-archive");
    expect(apk.headers.get("content-disposition")).toMatch(/^attachment; filename="hello\.apk"/);
    expect(apk.headers.get("x-content-type-options")).toBe("nosniff");
    expect(sha256(Buffer.from(await apk.arrayBuffer()))).toBe(sha256(readFileSync(path.join(FIXTURES, "android/hello.apk"))));
    // The tap goes out as a beacon; the download completes on the server.
    await primaryButton(page).evaluate((a) => a.addEventListener("click", (e) => e.preventDefault()));
    await primaryButton(page).click();
    await page.context().close();
  });

  it("gives a Windows desktop the installer first, the other platforms below and a QR code", async () => {
    const page = await open(DEVICES.desktop);
    expect(await page.getAttribute('[data-testid="install-page"]', "data-platform")).toBe("windows");
    expect(await primaryButton(page).getAttribute("href")).toMatch(/HelloFixture-Setup-1\.2\.3\.exe$/);
    expect(await page.locator('[data-testid="qr-code"] svg').count()).toBe(1);
    const others = await page.locator('[data-testid="others"] [data-testid="artifact"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-platform")));
    expect(new Set(others)).toEqual(new Set(["ios", "android_apk", "linux"]));
    await shoot(page, "desktop");
    await page.context().close();
  });

  it("lets any device switch platform by hand", async () => {
    const page = await open(DEVICES.desktop);
    await page.locator('[data-testid="platform-switcher"] a', { hasText: "Linux" }).click();
    await page.waitForURL(/platform=linux/);
    expect(await page.getAttribute('[data-testid="install-page"]', "data-platform")).toBe("linux");
    expect(await page.locator('[data-testid="primary"] [data-testid="artifact"]').count()).toBe(2);
    // Formats by the names people know them by, not their endings upper-cased ("APPIMAGE").
    expect(new Set(await page.locator('[data-testid="primary"] [data-testid="install-button"]').allTextContents())).toEqual(new Set(["Download AppImage", "Download DEB"]));
    await page.context().close();
  });

  it("shows an in-app browser where to open the page instead of a dead button", async () => {
    const page = await open(DEVICES.instagram);
    expect(await page.locator('[data-testid="in-app-browser"]').textContent()).toMatch(/Instagram.*Safari|Safari.*Instagram/s);
    expect(await primaryButton(page).count()).toBe(0);
    await shoot(page, "instagram");
    await page.context().close();
  });

  it("renders release notes without running anything they carry", async () => {
    const page = await open(DEVICES.android);
    const notes = page.locator('[data-testid="release-notes"]');
    expect(await notes.locator("h2").textContent()).toBe("What's new");
    expect(await notes.locator('a[href="https://example.com/changelog"]').count()).toBe(1);
    expect(await notes.locator("script, img, [onerror]").count()).toBe(0);
    expect(await notes.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.context().close();
  });

  it("fits a 320 px screen in dark mode and can be used from the keyboard", async () => {
    const context = await deviceContext(browser, DEVICES.narrow, { colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(`${server.url}/hello`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe("rgb(255, 255, 255)");
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "install-button");
    }
    expect(reached).toBe(true);
    await shoot(page, "narrow-dark");
    await context.close();
  });

  it("serves the channel page and the release page, with the version history", async () => {
    const channel = await fetch(`${server.url}/hello/beta`);
    expect(channel.status).toBe(200);
    const release = await fetch(`${server.url}/hello/releases/${releaseId}`);
    expect(release.status).toBe(200);
    const html = await release.text();
    expect(html).toContain(sha256(readFileSync(path.join(FIXTURES, "android/hello.apk"))));
    expect((await fetch(`${server.url}/hello/releases/not-a-release`)).status).toBe(404);
    expect((await fetch(`${server.url}/hello/nochannel`)).status).toBe(404);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const home = await (await fetch(`${server.url}/`)).text();
    expect(home).toContain("Hello Fixture");

    // Screenshots of every kind of page a tester meets, on a desktop.
    for (const [route, name] of [
      [`/hello/beta`, "channel-page"],
      [`/hello/releases/${releaseId}`, "release-page"],
    ] as const) {
      const page = await open(DEVICES.desktop, route);
      await shoot(page, name);
      await page.context().close();
    }
    const context = await deviceContext(browser, DEVICES.desktop);
    const plain = await context.newPage();
    for (const [route, name] of [
      ["/", "home"],
      ["/help", "help"],
    ] as const) {
      await plain.goto(`${server.url}${route}`);
      await shoot(plain, name);
    }
    // The layout's template names Shipyard once.
    expect(await plain.title()).toBe("Installing test builds · Shipyard");
    await context.close();
  });

  it("records the install funnel: views, taps, manifest fetches and completed downloads", async () => {
    await new Promise((r) => setTimeout(r, 1500)); // events are written once a second
    const funnel = await withServerStore(server.dataDir, (store) => store.installEvents.funnelForRelease(releaseId));
    expect(funnel.page_view).toBeGreaterThanOrEqual(5);
    expect(funnel.install_tap).toBeGreaterThanOrEqual(1);
    expect(funnel.manifest_fetch).toBeGreaterThanOrEqual(1);
    expect(funnel.download_complete).toBeGreaterThanOrEqual(2);
    expect(appId).not.toBe("");
  });
});
