// The admin shell in Chromium: section links with aria-current, the skip link, the theme choice
// applied by the inline script under the page's CSP (no violation, right class after a reload),
// and a header that fits a 360 px screen.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { type RunningServer, startServer } from "../helpers/server";

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  // Every CSP violation the pages report, collected before any page script runs.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (event) => w.__csp.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin`);
  await page.getByLabel("Email").fill(printed[1]);
  await page.getByLabel("Password").fill(printed[2]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-as").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const cspViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
const htmlClasses = () => page.evaluate(() => [...document.documentElement.classList].filter((c) => c === "light" || c === "dark"));
const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe("admin shell", () => {
  it("marks the current section in the nav", async () => {
    const nav = page.getByRole("navigation", { name: "Admin sections" });
    expect(await nav.getByRole("link", { name: "Apps" }).getAttribute("aria-current")).toBe("page");
    expect(await nav.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBeNull();
  });

  it("offers a skip link that moves focus to the page content", async () => {
    await page.goto(`${server.url}/admin`);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("applies a chosen theme at once and again on reload, from the inline script allowed by the nonce", async () => {
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`${server.url}/admin`);
    const lightBackground = await bodyBackground();
    await page.getByTestId("theme-select").selectOption("dark");
    expect(await htmlClasses()).toEqual(["dark"]);
    const darkBackground = await bodyBackground();
    expect(darkBackground).not.toBe(lightBackground);

    // Scripts off for this check would also stop the script; instead read the class as soon as the
    // HTML is parsed, before the page's bundles hydrate anything.
    await page.reload({ waitUntil: "commit" });
    await page.waitForFunction(() => document.body !== null && document.getElementById("main") !== null);
    expect(await htmlClasses()).toEqual(["dark"]);
    await page.waitForLoadState("load");
    expect(await bodyBackground()).toBe(darkBackground);
    expect(await cspViolations()).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-shell-dark.png"), fullPage: true });

    // "Light" wins over a dark OS; "System" follows the OS again.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByTestId("theme-select").selectOption("light");
    expect(await bodyBackground()).toBe(lightBackground);
    await page.getByTestId("theme-select").selectOption("system");
    expect(await htmlClasses()).toEqual([]);
    expect(await bodyBackground()).toBe(darkBackground);
    await page.reload();
    expect(await page.getByTestId("theme-select").inputValue()).toBe("system");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("fits a 360 px screen: no sideways scrolling, every section link on screen", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/admin`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const nav = page.getByRole("navigation", { name: "Admin sections" });
    for (const name of ["Apps", "Tokens", "Audit log", "Settings"]) {
      const box = await nav.getByRole("link", { name }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    }
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(page), scheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-shell-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
