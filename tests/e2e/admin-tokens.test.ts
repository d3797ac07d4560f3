// The tokens page in Chromium against a real server: an admin creates a token restricted to an
// app's beta channel with the CI preset, reads it once from the copy box, and the token works
// where it should and nowhere else; the page's curl snippet and GitHub Actions step run for real
// with it (the step through this checkout's CLI); the list names its restriction and creator;
// revoking it (confirmed) makes the same calls 401 and the CLI exit 3. A hostile name gets a form
// error, not a 500. axe (light and dark) on the empty page, the new token, the list and the dialog.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { PLACEHOLDER_FILE, SHIPYARD_CLI_PACKAGE } from "@/domain/ci-snippets";
import { createApp } from "@/server/services/apps";
import { seriousViolations } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { seedToken, withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APK = path.resolve(ROOT, "../shared/fixtures/android/hello.apk");
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let adminEmail = "";
let secret = "";
const snippets: Record<string, string> = {};
const trpcStatuses: number[] = [];

beforeAll(async () => {
  server = await startServer();
  const printed = firstAdminCredentials(server);
  adminEmail = printed.email;
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "tok", displayName: "Tok", visibility: "public" });
    await createApp(store, SYSTEM_ACTOR, { slug: "other", displayName: "Other", visibility: "public" });
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  page = await browser.context.newPage();
  page.on("response", (res) => {
    if (res.url().includes("/api/trpc/")) trpcStatuses.push(res.status());
  });
  await page.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Ftokens`);
  await submitSignIn(page, printed);
  await page.getByTestId("token-form").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
const whoami = () => fetch(`${server.url}/api/v1/whoami`, { headers: bearer(secret) });
const tokenRow = (name: string) => page.getByTestId("token-row").filter({ has: page.getByTestId("token-name-cell").getByText(name, { exact: true }) });

/** axe's serious and critical findings in the light and the dark theme (the OS setting the console follows by default). */
async function violationsInBothThemes(): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await seriousViolations(page)).map((v) => `${colorScheme}: ${v.id} ${v.help} ${v.targets.join(" ")}`));
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("tokens page", () => {
  it("says what a token is for while there is none, pointing at the form", async () => {
    const empty = page.getByTestId("tokens-empty");
    expect(await violationsInBothThemes()).toEqual([]);
    expect(await empty.textContent()).toMatch(/publish builds.*Create one with the form above/);
    await empty.getByRole("link", { name: "Go to the form" }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#new-token");
  });

  it("creates a token restricted to an app's beta channel with the CI preset and shows it once", async () => {
    await page.getByTestId("token-name").fill("GitHub beta");
    await page.getByTestId("token-app").selectOption("tok");
    await page.getByTestId("token-channel").selectOption("beta");
    await page.getByTestId("token-preset-ci-publish").click();
    const ticked = await page.locator('[data-testid^="token-scope-"]:checked').evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
    expect(ticked).toEqual(["token-scope-releases:upload", "token-scope-releases:publish"]);
    expect(await page.getByTestId("token-preset-ci-publish").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("token-expiry").inputValue()).toBe("90");
    await page.getByTestId("token-create").click();

    const box = page.getByTestId("new-token-value");
    await box.waitFor();
    secret = await box.inputValue();
    expect(secret).toMatch(/^shp_[0-9A-Za-z]{38}$/);
    expect(await box.getAttribute("readonly")).not.toBeNull();
    expect(await page.getByTestId("new-token-warning").textContent()).toContain("it will not be shown again");

    for (const id of ["github", "gitlab", "curl"]) {
      await page.getByTestId(`ci-tab-${id}`).click();
      snippets[id] = (await page.getByTestId(`ci-snippet-${id}`).textContent()) ?? "";
      expect(snippets[id]).not.toContain(secret);
      expect(snippets[id]).toContain(server.url);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions expression syntax in the YAML snippet, not a JS template.
    expect(snippets.github).toContain("SHIPYARD_TOKEN: ${{ secrets.SHIPYARD_TOKEN }}");
    expect(snippets.github).toContain("--app tok --channel beta");
    expect(snippets.gitlab).toContain("--app tok --channel beta");
    expect(snippets.curl).toContain("APP=tok\nCHANNEL=beta\n");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-tokens-created.png"), fullPage: true });
    expect(await violationsInBothThemes()).toEqual([]);
  });

  it("copies the token with the clipboard, or selects it where there is none", async () => {
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await expect.poll(() => page.getByRole("button", { name: "Copied", exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true }));
    await page.getByRole("button", { name: /^Cop(y|ied)$/ }).click();
    await expect.poll(() => page.getByText("Selected: press Ctrl+C").count()).toBe(1);
    const selection = await page.getByTestId("new-token-value").evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, document.activeElement === el]);
    expect(selection).toEqual([0, secret.length, true]);
  });

  it("works within its restriction and is refused outside it", async () => {
    const me = await whoami();
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: "GitHub beta", scopes: ["releases:upload", "releases:publish"], channel: "beta" });
    const otherApp = await fetch(`${server.url}/api/v1/uploads`, {
      method: "POST",
      headers: bearer(secret),
      body: JSON.stringify({ app: "other", filename: "a.apk", size: 10, sha256: "0".repeat(64) }),
    });
    expect(otherApp.status).toBe(403);
    const stable = await fetch(`${server.url}/api/v1/apps/tok/releases`, {
      method: "POST",
      headers: bearer(secret),
      body: JSON.stringify({ version: "9.9.9", build: "99", channel: "stable", uploads: [] }),
    });
    expect(stable.status).toBe(403);
    const apps = await fetch(`${server.url}/api/v1/apps`, { headers: bearer(secret) });
    expect(apps.status).toBe(403);
  });

  it("publishes with the page's curl snippet, run as written with the file filled in", async () => {
    const script = snippets.curl?.replace(`FILE=${PLACEHOLDER_FILE}`, `FILE=${APK}`) ?? "";
    expect(script).toContain(`FILE=${APK} VERSION=1.0.0 BUILD=1`);
    const result = await run("sh", ["-c", script], { SHIPYARD_TOKEN: secret });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"name":"GitHub beta"');
    expect(result.stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`^${server.url}/tok/`));
  });

  it("publishes with the page's GitHub Actions step, through this checkout's CLI", async () => {
    const [step] = yaml.load(snippets.github ?? "") as { env: Record<string, string>; run: string }[];
    if (!step) throw new Error("no step in the GitHub snippet");
    const command = step.run.replace(`npx --yes --package=${SHIPYARD_CLI_PACKAGE} shipyard`, `"${process.execPath}" bin/shipyard.mjs`).replace(PLACEHOLDER_FILE, APK);
    expect(step.env.SHIPYARD_URL).toBe(server.url);
    const env: Record<string, string> = { ...step.env, SHIPYARD_TOKEN: secret, GITHUB_REF_NAME: "v1.1.0", GITHUB_RUN_NUMBER: "2" };
    const result = await run("bash", ["-c", command], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(new RegExp(`^${server.url}/tok/`));
    const releases = await withServerStore(server.dataDir, async (store) => {
      const app = await store.apps.getBySlug("tok");
      return (await store.releases.listByApp(app?.id ?? "", { limit: 10 })).items.map((r) => `${r.version} (${r.build}) ${r.channel}`);
    });
    expect(releases.sort()).toEqual(["1.0.0 (1) beta", "1.1.0 (2) beta"]);
  });

  it("forgets the secret on Done and lists the token with its restriction, creator and use", async () => {
    await page.getByTestId("new-token-done").click();
    await page.getByTestId("token-form").waitFor();
    expect(await page.getByTestId("new-token-value").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.reload();
    const row = tokenRow("GitHub beta");
    expect(await row.getByTestId("token-restriction").textContent()).toBe("tok / beta");
    expect(await row.getByTestId("token-state").textContent()).toBe("active");
    const text = (await row.textContent()) ?? "";
    expect(text).toContain(secret.slice(0, 10));
    expect(text).toContain("releases:upload");
    expect(text).toContain("releases:publish");
    expect(text).toContain(adminEmail);
    expect(text).toMatch(/just now|minute ago/); // last used, by the calls above
    expect(text).toContain("in 3 months"); // 90 days
    const used = row.locator("time").first();
    expect(await used.getAttribute("title")).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await violationsInBothThemes()).toEqual([]);
    expect(await page.content()).not.toContain(secret);
  });

  it("revokes it after a confirmation; the token then gets 401 and the CLI exits 3", async () => {
    await tokenRow("GitHub beta").getByTestId("token-revoke").click();
    const dialog = page.getByTestId("token-revoke-dialog");
    expect(await dialog.textContent()).toContain("CI jobs using it will fail with exit code 3");
    expect(await violationsInBothThemes()).toEqual([]);
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => tokenRow("GitHub beta").getByTestId("token-state").textContent()).toBe("revoked");
    expect(await tokenRow("GitHub beta").getByTestId("token-revoke").count()).toBe(0);
    expect(await page.getByTestId("toasts").textContent()).toContain("revoked");

    expect((await whoami()).status).toBe(401);
    const cli = await run(process.execPath, ["bin/shipyard.mjs", "whoami"], { SHIPYARD_URL: server.url, SHIPYARD_TOKEN: secret });
    expect(cli.code).toBe(3);
    const audit = await withServerStore(server.dataDir, async (store) => (await store.audit.list({ action: "token.revoke" }, { limit: 5 })).items);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toMatch(/^user:/);
  });

  it("answers a hostile name with the form error, not a 500", async () => {
    trpcStatuses.length = 0;
    const hostile = `${"A".repeat(999)}\u0007\u001b[2J\u0000${"B".repeat(995)}`;
    expect(hostile.length).toBe(2000);
    await page.getByTestId("token-name").fill(hostile);
    await page.getByTestId("token-scope-apps:read").check();
    await page.getByTestId("token-create").click();
    const name = page.getByTestId("token-name");
    await expect.poll(() => name.getAttribute("aria-invalid")).toBe("true");
    const errorId = (await name.getAttribute("aria-describedby"))?.split(" ").find((id) => id.endsWith("-error")) ?? "";
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe("token name must be at most 64 characters");
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(trpcStatuses.length).toBeGreaterThan(0);
    expect(trpcStatuses.every((status) => status < 500)).toBe(true);
    expect(await violationsInBothThemes()).toEqual([]);

    // Short enough, but with a control character: the same place, its own words.
    await name.fill("ci\u0007bell");
    await page.getByTestId("token-create").click();
    await expect.poll(async () => page.locator(`[id="${errorId}"]`).textContent()).toBe("token name must not contain control characters (found U+0007)");
    expect(trpcStatuses.every((status) => status < 500)).toBe(true);
    const created = await withServerStore(server.dataDir, async (store) => (await store.tokens.list({ limit: 10 })).items.map((t) => t.name));
    expect(created).toEqual(["GitHub beta"]);
  });

  it("pages through many tokens and fits a 360 px screen as cards", async () => {
    await withServerStore(server.dataDir, async (store) => {
      for (let i = 0; i < 55; i++) await seedToken(store, { name: `bulk ${String(i).padStart(2, "0")}`, scopes: ["releases:read"] });
    });
    await page.goto(`${server.url}/admin/tokens`);
    expect(await page.getByTestId("token-row").count()).toBe(50);
    await page.getByTestId("tokens-next-page").click();
    await expect.poll(() => page.getByTestId("token-row").count()).toBe(6);
    expect(await tokenRow("GitHub beta").count()).toBe(1);
    expect(await tokenRow("bulk 00").getByTestId("token-restriction").textContent()).toBe("all apps");
    expect(await tokenRow("bulk 00").textContent()).toContain("Shipyard"); // created from the server side
    expect(await page.getByTestId("tokens-first-page").textContent()).toBe("← Newest tokens");

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/admin/tokens`);
    await page.getByTestId("token-form").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-tokens-360-form.png") });
    await tokenRow("bulk 54").screenshot({ path: path.join(SCREENSHOT_DIR, "admin-tokens-360-card.png") });
  });
});
