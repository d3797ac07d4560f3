import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM } from "../e2e/chromium";

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "../../test-results/screenshots");

/**
 * Debian's Chromium, headless. The background-networking flags keep it from reaching for Google's
 * services on a closed network.
 */
export async function launchHeadless(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A headless Chromium with one fresh context. A test that switches person takes `newContext()`
 * rather than clearing cookies: a request the old page still had in flight can set its cookie
 * after the clearing (a CI run saw the admin's session come back that way), never in another
 * context.
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; newContext(): Promise<BrowserContext>; close(): Promise<void> }> {
  const browser = await launchHeadless();
  const context = await browser.newContext();
  return { context, newContext: () => browser.newContext(), close: () => browser.close() };
}

/** Fills and submits the login form the page is on (after a redirect to /login, or on it). */
export async function submitSignIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
