// The audit log in Chromium: events of two apps (and a deleted one) with links to their targets,
// filtered by app and action through the page's form, paged with a small limit, exported as JSON
// Lines and CSV from the page's links; the export route refuses anonymous visitors and non-admins.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import type { AuditFilter } from "@/domain/audit";
import { auditExportRecord } from "@/domain/audit-export";
import { createApp, deleteApp, updateApp } from "@/server/services/apps";
import { createChannel } from "@/server/services/channels";
import { createUser } from "@/server/services/users";
import { allPages } from "@/server/store/all-pages";
import { apiClient } from "../helpers/api";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { csvObjects } from "../helpers/csv";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const APK = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
const MEMBER = { email: "member@example.com", password: "a member's long password" };

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let admin = { email: "", password: "" };
const ids = { alpha: "", bravo: "", gone: "", release: "" };

const rows = () => page.getByTestId("audit-row");
const rowIds = async () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id") ?? ""));
const rowActions = async () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-action") ?? ""));

const stored = (filter: AuditFilter) =>
  withServerStore(server.dataDir, (store) => allPages((p) => store.audit.list(filter, p))).then((events) =>
    events.map((e) => JSON.parse(JSON.stringify(auditExportRecord(e))) as Record<string, unknown>),
  );

async function signIn(email: string, password: string, callback: string) {
  await page.goto(`${server.url}/login?callbackUrl=${encodeURIComponent(callback)}`);
  await page
    .getByLabel("Email")
    .waitFor({ timeout: 10_000 })
    .catch(async () => {
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText(): the text as rendered, without script contents.
      throw new Error(`no sign-in form at ${page.url()}:\n${(await page.locator("body").innerText()).slice(0, 1000)}`);
    });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Clicks an export link and reads the downloaded file. */
async function download(testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(saved, "utf8") };
}

beforeAll(async () => {
  server = await startServer();
  const printed = /email:\s+(\S+)\n\s+password:\s+(\S+)/.exec(server.output());
  if (!printed?.[1] || !printed[2]) throw new Error("first admin credentials were not printed");
  admin = { email: printed[1], password: printed[2] };
  const token = await withServerStore(server.dataDir, async (store) => {
    ids.alpha = (await createApp(store, SYSTEM_ACTOR, { slug: "alpha", displayName: "Alpha", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    ids.bravo = (await createApp(store, SYSTEM_ACTOR, { slug: "bravo", displayName: "Bravo", visibility: "public" })).id;
    ids.gone = (await createApp(store, SYSTEM_ACTOR, { slug: "gone-app", displayName: "Gone", visibility: "public" })).id;
    await deleteApp(store, SYSTEM_ACTOR, ids.gone);
    await createChannel(store, SYSTEM_ACTOR, ids.alpha, { name: "qa" });
    await createChannel(store, SYSTEM_ACTOR, ids.bravo, { name: "qa" });
    await updateApp(store, SYSTEM_ACTOR, ids.bravo, { displayName: "Bravo Two" });
    await createUser(store, SYSTEM_ACTOR, { ...MEMBER, role: "member" });
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  const api = apiClient(server.url, token);
  const upload = await api.uploadFile("alpha", APK);
  const published = await api.call("POST", "/api/v1/apps/alpha/releases", { version: "1.0.0", build: "1", channel: "beta", uploads: [upload] });
  if (published.status !== 201) throw new Error(JSON.stringify(published.body));
  ids.release = String(published.body.id);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await signIn(admin.email, admin.password, "/admin/audit");
  await page.getByTestId("audit-table").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the audit log page", () => {
  it("lists events newest first, each linked to its target, deleted ones as plain text", async () => {
    const all = await stored({});
    expect(await rowIds()).toEqual(all.slice(0, 50).map((e) => e.id));
    const release = rows().and(page.locator('[data-action="release.publish"]'));
    await expect.poll(() => release.getByTestId("audit-target-link").getAttribute("href")).toBe(`/admin/apps/alpha/releases/${ids.release}`);
    expect(await release.textContent()).toContain("token");
    const channel = page.locator('[data-testid="audit-row"][data-action="channel.create"]');
    expect((await channel.getByTestId("audit-target-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).sort()).toEqual([
      "/admin/apps/alpha/channels/qa",
      "/admin/apps/bravo/channels/qa",
    ]);
    const deleted = page.locator('[data-testid="audit-row"][data-action="app.delete"]');
    expect(await deleted.getByTestId("audit-target-link").count()).toBe(0);
    expect(await deleted.getByTestId("audit-target-text").textContent()).toContain("gone-app");
    expect(await deleted.getByTestId("audit-target-text").textContent()).toContain("deleted");
    // The metadata opens on demand as JSON.
    const details = deleted.locator("details");
    await details.locator("summary").click();
    expect(JSON.parse((await details.getByTestId("audit-metadata").textContent()) ?? "")).toMatchObject({ slug: "gone-app" });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-audit.png"), fullPage: true });
  });

  it("filters by app and by action through the form", async () => {
    await page.getByLabel("App").selectOption("alpha");
    await page.getByTestId("audit-filter-apply").click();
    // Blank fields stay out of the URL.
    await page.waitForURL((url) => url.search === "?app=alpha");
    const alpha = await stored({ appId: ids.alpha });
    expect(alpha.length).toBeGreaterThan(4);
    await expect.poll(rowIds).toEqual(alpha.map((e) => e.id));

    await page.getByLabel("Action").selectOption({ label: "Channel created" });
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForURL((url) => url.search === "?app=alpha&action=channel.create");
    await expect.poll(rowActions).toEqual(["channel.create"]);
    expect(await rowIds()).toEqual((await stored({ appId: ids.alpha, action: "channel.create" })).map((e) => e.id));

    await page.getByLabel("App").selectOption("");
    await page.getByTestId("audit-filter-apply").click();
    await page.waitForURL((url) => url.search === "?action=channel.create");
    await expect.poll(rowActions).toEqual(["channel.create", "channel.create"]);

    await page.getByLabel("Action").selectOption({ label: "Release published" });
    await page.getByLabel("To", { exact: true }).fill("2000-01-01");
    await page.getByTestId("audit-filter-apply").click();
    await page.getByTestId("audit-empty").waitFor();
    expect(await page.getByTestId("audit-empty").textContent()).toContain("No event matches these filters");
  });

  it("explains filters it cannot use instead of showing events", async () => {
    await page.goto(`${server.url}/admin/audit?from=2026-02-30&targetType=bogus`);
    const error = page.getByTestId("audit-filter-error");
    expect(await error.textContent()).toContain("From: 2026-02-30 is not a day of the calendar");
    expect(await error.textContent()).toContain("Target type: must be one of");
    expect(await rows().count()).toBe(0);
  });

  it("pages through one app's events with a small limit, older and back to the newest", async () => {
    const alpha = (await stored({ appId: ids.alpha })).map((e) => e.id);
    await page.goto(`${server.url}/admin/audit?app=alpha&limit=2`);
    const seen: string[] = [];
    for (;;) {
      const pageIds = await rowIds();
      expect(pageIds.length).toBeLessThanOrEqual(2);
      seen.push(...pageIds);
      const older = page.getByTestId("audit-older");
      if ((await older.count()) === 0) break;
      await older.click();
      await page.waitForURL(new RegExp(`cursor=${pageIds.at(-1)}`));
      await expect.poll(async () => (await rowIds())[0] !== pageIds[0]).toBe(true);
    }
    expect(seen).toEqual(alpha);
    await page.getByTestId("audit-newest").click();
    await page.waitForURL((url) => !url.search.includes("cursor="));
    await expect.poll(rowIds).toEqual(alpha.slice(0, 2));
    expect(new URL(page.url()).searchParams.get("limit")).toBe("2");
  });

  it("exports the filtered log as JSON Lines from the page's link", async () => {
    await page.goto(`${server.url}/admin/audit?app=alpha&limit=2`);
    const href = await page.getByTestId("audit-export-jsonl").getAttribute("href");
    expect(href).toBe("/admin/audit/export?app=alpha&format=jsonl");
    const file = await download("audit-export-jsonl");
    expect(file.name).toMatch(/^shipyard-audit-alpha-\d{8}T\d{6}Z\.jsonl$/);
    const lines = file.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(await stored({ appId: ids.alpha }));
  });

  it("exports as CSV with a header row", async () => {
    await page.goto(`${server.url}/admin/audit?targetType=app`);
    const file = await download("audit-export-csv");
    expect(file.name).toMatch(/^shipyard-audit-\d{8}T\d{6}Z\.csv$/);
    expect(file.text.split("\r\n")[0]).toBe("id,createdAt,actor,action,targetType,targetId,appId,metadata");
    const parsed = csvObjects(file.text).map((r) => ({ ...r, appId: r.appId || null, metadata: JSON.parse(r.metadata ?? "") as unknown }));
    expect(parsed).toEqual(await stored({ targetType: "app" }));
    expect(new Set(csvObjects(file.text).map((r) => r.action))).toEqual(new Set(["app.create", "app.update", "app.delete"]));
  });

  it("fits a 360 px screen", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/admin/audit?limit=5`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-audit-360.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe("the export route", () => {
  it("sends anonymous visitors to sign in, without a byte of the log", async () => {
    const res = await fetch(`${server.url}/admin/audit/export?format=jsonl`, { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/login?callbackUrl=");
    expect(await res.text()).not.toContain("app.create");
  });

  it("refuses a signed-in member who is not an admin", async () => {
    // The member signs in in a context of their own, which no request of the admin's can reach.
    const member = await browser.newContext();
    page = await member.newPage();
    await signIn(MEMBER.email, MEMBER.password, "/admin/audit");
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    const res = await page.request.get(`${server.url}/admin/audit/export?format=csv`);
    expect(res.status()).toBe(403);
    expect(await res.text()).not.toContain("app.create");
    await member.close();
  });
});
