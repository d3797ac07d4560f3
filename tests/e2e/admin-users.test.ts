// Teams in Chromium against a real server and a real SMTP server on loopback: an admin invites a
// maintainer and a viewer from the Users page (the links arrive by mail and are followed), each
// signs up and sees only their app; the maintainer publishes on their app and is refused on
// another; the viewer reads the app without its controls and is refused every mutation called
// directly; disabling a user ends their session at once. axe on the users page, and a screenshot.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR, submitSignIn } from "../helpers/browser";
import { withServerStore } from "../helpers/seed";
import { firstAdminCredentials, type RunningServer, startServer } from "../helpers/server";
import { type MailCatcher, startMailCatcher } from "../helpers/smtp";

const MAINTAINER = { email: "maya@example.com", name: "Maya", password: "maya's long password" };
const VIEWER = { email: "vic@example.com", name: "Vic", password: "vic's long password!" };
const TESTER = { email: "tess@example.com", name: "Tess", password: "tess's long password" };
const SHA = "b".repeat(64);

let server: RunningServer;
let smtp: MailCatcher;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let admin: Page;
const others: Awaited<ReturnType<typeof launchBrowser>>[] = [];
const apps: Record<"mine" | "theirs", string> = { mine: "", theirs: "" };

/** A tRPC mutation from the page, with its session cookie, as the console's own client sends it. */
async function mutate(page: Page, procedure: string, input: unknown): Promise<{ status: number; code: string | null }> {
  return page.evaluate(
    async ({ procedure, input }) => {
      const res = await fetch(`/api/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      const body = (await res.json()) as { error?: { json?: { data?: { code?: string } } } };
      return { status: res.status, code: body.error?.json?.data?.code ?? null };
    },
    { procedure, input },
  );
}

const ROLE_OPTION = {
  Maintainer: "Maintainer: Uploads, publishes, promotes, rolls back; share links and tokens of the app",
  Viewer: "Viewer: Reads everything of the app in the console",
  Tester: "Tester: Installs from the app's private pages; no console",
};

async function invite(email: string, role: keyof typeof ROLE_OPTION): Promise<string> {
  await admin.goto(`${server.url}/admin/users`);
  const form = admin.getByRole("form", { name: "Invite a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Mine").selectOption({ label: ROLE_OPTION[role] });
  await form.getByRole("button", { name: "Invite" }).click();
  const panel = admin.getByTestId("invitation-created");
  await panel.waitFor();
  expect(await panel.textContent()).toContain(`emailed to ${email}`);
  await expect.poll(() => smtp.received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
  const mail = smtp.received.find((m) => m.to.includes(email));
  if (!mail) throw new Error(`no mail to ${email}`);
  expect(mail.subject).toBe("You are invited to Shipyard");
  const link = /https?:\/\/\S+\/login\/invitation\/\S+/.exec(mail.text)?.[0] ?? "";
  expect(await admin.getByTestId("one-time-link").inputValue()).toBe(link);
  await panel.getByRole("button", { name: "Done" }).click();
  return link;
}

/** Follows an invitation link in a fresh context, signs up, signs in; the page is left on /admin. */
async function signUp(link: string, who: typeof MAINTAINER, landing = "/admin"): Promise<Page> {
  // A browser of their own: their own cookies.
  const theirs = await launchBrowser();
  others.push(theirs);
  const page = await theirs.context.newPage();
  await page.goto(link);
  expect(await page.getByLabel("Email").inputValue()).toBe(who.email);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("New password", { exact: true }).fill(who.password);
  await page.getByLabel("New password again").fill(who.password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await page.getByTestId("login-notice").waitFor();
  // The sign-in form already holds the new account's email.
  expect(await page.getByLabel("Email").inputValue()).toBe(who.email);
  await submitSignIn(page, who);
  await page.waitForURL((url) => url.pathname === landing);
  return page;
}

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: "Shipyard <ship@example.com>" } });
  await withServerStore(server.dataDir, async (store) => {
    apps.mine = (await createApp(store, SYSTEM_ACTOR, { slug: "mine", displayName: "Mine", visibility: "private" })).id;
    apps.theirs = (await createApp(store, SYSTEM_ACTOR, { slug: "theirs", displayName: "Theirs", visibility: "private" })).id;
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  admin = await browser.context.newPage();
  await admin.goto(`${server.url}/login?callbackUrl=%2Fadmin%2Fusers`);
  await submitSignIn(admin, firstAdminCredentials(server));
  await admin.waitForURL((url) => url.pathname === "/admin/users");
});

afterAll(async () => {
  for (const other of others) await other.close();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe("teams", () => {
  let maintainer: Page;
  let viewer: Page;

  it("invites a maintainer by mail; they sign up, see only their app, publish there and are refused on another app", async () => {
    maintainer = await signUp(await invite(MAINTAINER.email, "Maintainer"), MAINTAINER);
    const nav = maintainer.getByRole("navigation", { name: "Admin sections" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Apps", "Tokens"]);
    expect(await maintainer.getByRole("link", { name: "Mine" }).count()).toBe(1);
    expect(await maintainer.getByText("Theirs").count()).toBe(0);
    expect(await maintainer.getByTestId("new-app").count()).toBe(0);
    expect((await maintainer.goto(`${server.url}/admin/apps/theirs`))?.status()).toBe(404);
    expect((await maintainer.goto(`${server.url}/admin/users`))?.url()).toBe(`${server.url}/admin`);

    const release = (appId: string) => ({
      appId,
      release: { version: "1.0.0", build: "1", channel: "beta", artifacts: [{ platform: "android_apk", filename: "app.apk", sizeBytes: 10, sha256: SHA }] },
    });
    expect(await mutate(maintainer, "releases.publish", release(apps.mine))).toMatchObject({ status: 200 });
    expect(await mutate(maintainer, "releases.publish", release(apps.theirs))).toEqual({ status: 403, code: "FORBIDDEN" });

    await maintainer.goto(`${server.url}/admin/apps/mine`);
    expect(await maintainer.getByRole("heading", { name: "Upload a release" }).count()).toBe(1);
    expect(await maintainer.getByRole("link", { name: "Webhooks" }).count()).toBe(1);
    expect(await maintainer.getByRole("link", { name: "Settings" }).count()).toBe(0);

    // The token form offers only what the server lets a maintainer make: one of their apps, no admin scope.
    await maintainer.goto(`${server.url}/admin/tokens`);
    const appSelect = maintainer.getByTestId("token-app");
    await appSelect.waitFor();
    expect(await appSelect.locator("option").allTextContents()).toEqual(["Mine (mine)"]);
    expect(await appSelect.inputValue()).toBe("mine");
    expect(await maintainer.getByTestId("token-preset-admin").count()).toBe(0);
    expect(await maintainer.getByTestId("token-scope-admin").count()).toBe(0);
    await maintainer.getByTestId("token-name").fill("maya's CI");
    await maintainer.getByTestId("token-preset-ci-publish").click();
    await maintainer.getByTestId("token-create").click();
    await maintainer.getByTestId("new-token-value").waitFor();
  });

  it("invites a viewer, who reads the app without a single control and is refused every mutation called directly", async () => {
    viewer = await signUp(await invite(VIEWER.email, "Viewer"), VIEWER);
    expect(await viewer.getByRole("navigation", { name: "Admin sections" }).getByRole("link").allTextContents()).toEqual(["Apps"]);
    await viewer.goto(`${server.url}/admin/apps/mine`);
    expect(await viewer.getByRole("heading", { name: "Channels" }).count()).toBe(1);
    for (const control of ["Upload a release", "Share links", "Retention"]) expect(await viewer.getByRole("heading", { name: control }).count()).toBe(0);
    expect(
      await viewer
        .getByRole("button")
        .filter({ hasText: /Promote|Roll back|Rollout|Delete|Revoke|Rotate/ })
        .count(),
    ).toBe(0);
    expect(await viewer.getByRole("link", { name: "Webhooks" }).count()).toBe(0);

    for (const [procedure, input] of [
      ["channels.rollback", { appId: apps.mine, channel: "beta" }],
      ["channels.update", { appId: apps.mine, channel: "beta", patch: { rolloutPercent: 10 } }],
      ["shareLinks.create", { appId: apps.mine, link: { name: "x" } }],
      ["retention.run", { appId: apps.mine }],
      ["apps.delete", { id: apps.mine }],
      ["users.invite", { email: "sneaky@example.com" }],
    ] as const) {
      expect(await mutate(viewer, procedure, input), procedure).toEqual({ status: 403, code: "FORBIDDEN" });
    }
  });

  it("lists both with their roles, passes axe in both themes, and ends a disabled user's session at once", async () => {
    await admin.goto(`${server.url}/admin/users`);
    const row = admin.locator('[data-testid="user-row"][data-email="vic@example.com"]');
    expect(await row.getByTestId("user-app-roles").textContent()).toBe("mine: viewer");
    expect(await admin.locator('[data-testid="user-row"][data-email="maya@example.com"]').getByTestId("user-app-roles").textContent()).toBe("mine: maintainer");
    expect(await violationsInBothThemes(admin)).toEqual([]);
    await admin.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-users.png"), fullPage: true });

    await row.getByTestId("user-disable").click();
    await admin.getByRole("button", { name: "Disable user" }).click();
    await expect.poll(() => row.getByTestId("user-state").textContent()).toBe("disabled");
    await viewer.goto(`${server.url}/admin/apps/mine`);
    expect(new URL(viewer.url()).pathname).toBe("/login");
    expect(await mutate(viewer, "channels.rollback", { appId: apps.mine, channel: "beta" })).toEqual({ status: 401, code: "UNAUTHORIZED" });
  });

  it("lets the maintainer change their own password: the session ends, the new password signs in", async () => {
    await maintainer.goto(`${server.url}/admin`);
    await maintainer.getByTestId("signed-in-as").click();
    await maintainer.waitForURL((url) => url.pathname === "/login/password");
    await maintainer.getByLabel("Current password").fill("not my password at all");
    await maintainer.getByLabel("New password", { exact: true }).fill("maya's newer password");
    await maintainer.getByLabel("New password again").fill("maya's newer password");
    await maintainer.getByRole("button", { name: "Change password" }).click();
    expect(await maintainer.getByTestId("account-form-error").textContent()).toContain("current password is not right");
    await maintainer.getByLabel("Current password").fill(MAINTAINER.password);
    await maintainer.getByLabel("New password", { exact: true }).fill("maya's newer password");
    await maintainer.getByLabel("New password again").fill("maya's newer password");
    await maintainer.getByRole("button", { name: "Change password" }).click();
    await maintainer.getByTestId("login-notice").waitFor();
    expect((await maintainer.goto(`${server.url}/admin`))?.url()).toContain("/login");
    await submitSignIn(maintainer, { email: MAINTAINER.email, password: "maya's newer password" });
    await maintainer.waitForURL((url) => url.pathname === "/admin");
  });

  it("invites a tester: no console for them, their private app is on / and its install page opens", async () => {
    const link = await invite(TESTER.email, "Tester");
    // Signing in sends them to the console, which has nothing for a tester: they land on /.
    const tester = await signUp(link, TESTER, "/");
    expect(await tester.getByTestId("installable-apps").textContent()).toContain("Mine");
    expect(await tester.getByRole("link", { name: "Admin console" }).count()).toBe(0);
    expect((await tester.goto(`${server.url}/mine`))?.status()).toBe(200);
    expect((await tester.goto(`${server.url}/theirs`))?.status()).toBe(404);
  });
});
