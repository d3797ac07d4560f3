// Single sign-on end to end: a real OpenID provider (oidc-provider) on loopback, Shipyard started
// with OIDC_* pointing at it, Chromium clicking "Sign in with …", signing in at the provider's dev
// pages and landing in the console as the provider's person with the role their groups map to;
// a person from a domain that is not allowed lands back on /login with the reason in words.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { violationsInBothThemes } from "../helpers/axe";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { type RunningOidcProvider, startOidcProvider } from "../helpers/oidc-provider";
import { withServerStore } from "../helpers/seed";
import { freePort, type RunningServer, startServer } from "../helpers/server";

const GRACE = { login: "grace", claims: { email: "Grace@Example.com", email_verified: true, name: "Grace Hopper", groups: ["staff", "shipyard-admins"] } };
const MALLORY = { login: "mallory", claims: { email: "mallory@evil.example", email_verified: true, name: "Mallory", groups: ["shipyard-admins"] } };
const UNVERIFIED = { login: "ursula", claims: { email: "ursula@example.com", email_verified: false, name: "Ursula", groups: [] } };

let provider: RunningOidcProvider;
let server: RunningServer;
/** Shipyard's public address: localhost, not 127.0.0.1 (see beforeAll). */
let shipyard = "";
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  // The callback URL is built on PUBLIC_URL (next-auth's AUTH_URL), so the port is chosen first.
  // Next rewrites a 127.0.0.1 request URL to localhost, so next-auth's callback would name
  // localhost at the token request while the authorization request named 127.0.0.1, and the
  // provider refuses the mismatch (invalid_grant): on loopback the public address is localhost.
  const port = await freePort();
  shipyard = `http://localhost:${port}`;
  provider = await startOidcProvider({ redirectUri: `${shipyard}/api/auth/callback/oidc`, people: [GRACE, MALLORY, UNVERIFIED] });
  server = await startServer({
    port,
    env: {
      PUBLIC_URL: shipyard,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: "Acme SSO",
      OIDC_ALLOWED_DOMAINS: "example.com",
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ADMIN_VALUES: "shipyard-admins",
    },
  });
  browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

/** From /login, through the provider's dev sign-in and consent pages, back to Shipyard. */
/** A page in a context of its own: each person starts with no cookie, here or at the provider. */
async function freshPage(): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password works at the dev provider");
  await page.locator('button[type="submit"]').click();
  // The consent page asks once per person and client.
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.origin === shipyard);
}

describe("single sign-on", () => {
  it("signs a provider's admin in and lands them in the console as a new admin, linked and audited", async () => {
    const page = await freshPage();
    await page.goto(`${shipyard}/admin`);
    await page.waitForURL(/\/login\?callbackUrl=/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "login-sso.png"), fullPage: true });

    await signInAtProvider(page, GRACE.login);
    await page.waitForURL(`${shipyard}/admin`);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe("grace@example.com");
    // An admin-only page: a member would be sent back to /admin.
    await page.goto(`${shipyard}/admin/settings`);
    expect(new URL(page.url()).pathname).toBe("/admin/settings");

    const seen = await withServerStore(server.dataDir, async (store) => {
      const user = await store.users.getByEmail("grace@example.com");
      const audit = await store.audit.list({}, { limit: 50 });
      return { user, accounts: user ? await store.accounts.listByUser(user.id) : [], actions: audit.items.filter((e) => e.targetId === user?.id).map((e) => e.action) };
    });
    expect(seen.user).toMatchObject({ role: "admin", name: "Grace Hopper", passwordHash: null, disabledAt: null });
    expect(seen.user?.lastSignInAt).toBeInstanceOf(Date);
    expect(seen.accounts).toEqual([{ userId: seen.user?.id, provider: "oidc", providerAccountId: "grace", type: "oidc" }]);
    expect(seen.actions.sort()).toEqual(["user.create", "user.sso_sign_in"]);
    await page.context().close();
  });

  it("sends a person from a domain that is not allowed back to /login with the reason (an accessible page), creating no user", async () => {
    const page = await freshPage();
    await page.goto(`${shipyard}/login`);
    await signInAtProvider(page, MALLORY.login);
    await page.waitForURL(/\/login\?error=sso_domain/);
    expect(await page.getByTestId("login-error").textContent()).toContain("email domain is not allowed");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "login-sso-refused.png"), fullPage: true });
    // The login page with its SSO button and a refusal: no serious or critical axe violation.
    expect(await violationsInBothThemes(page)).toEqual([]);
    expect(await withServerStore(server.dataDir, (store) => store.users.getByEmail("mallory@evil.example"))).toBeNull();
    // Still signed out: the console sends them to sign in.
    await page.goto(`${shipyard}/admin`);
    await page.waitForURL(/\/login\?callbackUrl=/);
    await page.context().close();
  });

  it("turns away an email the provider has not verified", async () => {
    const page = await freshPage();
    await page.goto(`${shipyard}/login`);
    await signInAtProvider(page, UNVERIFIED.login);
    await page.waitForURL(/\/login\?error=sso_unverified/);
    expect(await page.getByTestId("login-error").textContent()).toContain("not verified");
    expect(await withServerStore(server.dataDir, (store) => store.users.getByEmail("ursula@example.com"))).toBeNull();
    await page.context().close();
  });

  it("demotes the admin who left the group on their next sign-in, and refuses them once disabled", async () => {
    GRACE.claims.groups = ["staff"];
    let page = await freshPage();
    await page.goto(`${shipyard}/login?callbackUrl=/admin/settings`);
    await signInAtProvider(page, GRACE.login);
    // A member is sent away from an admin-only page.
    await page.waitForURL((url) => url.origin === shipyard && url.pathname !== "/admin/settings" && !url.pathname.startsWith("/api/auth"));
    expect((await withServerStore(server.dataDir, (store) => store.users.getByEmail("grace@example.com")))?.role).toBe("member");

    await withServerStore(server.dataDir, async (store) => {
      const grace = await store.users.getByEmail("grace@example.com");
      if (grace) await store.users.update(grace.id, { disabledAt: new Date(), sessionVersion: grace.sessionVersion + 1 });
    });
    await page.context().close();
    page = await freshPage();
    await page.goto(`${shipyard}/login`);
    await signInAtProvider(page, GRACE.login);
    await page.waitForURL(/\/login\?error=sso_disabled/);
    expect(await page.getByTestId("login-error").textContent()).toContain("disabled");
    await page.context().close();
  });
});
