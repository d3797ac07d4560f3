// The install-page cache in front of Next, over real HTTP: repeat visits are served from memory
// and still counted; a change through the API shows at once; a private or share-link page is kept
// per audience and handed only to visitors the server finds belong to it.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { encode } from "next-auth/jwt";
import { createShareLink, revokeShareLink } from "@/server/services/share-links";
import { addTesterGroupMember, createTesterGroup, removeTesterGroupMember } from "@/server/services/tester-groups";
import { createUser } from "@/server/services/users";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");
const APK = path.join(FIXTURES, "android/hello.apk");
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

const AUTH_SECRET = "e2e-page-cache-secret-0123456789abcdef";
let server: RunningServer;
let api: ReturnType<typeof apiClient>;
let appId = "";
let privateId = "";

async function visit(route: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${route}`, { headers: { "user-agent": ANDROID, ...headers } });
  return { status: res.status, cache: res.headers.get("x-shipyard-page-cache"), setCookie: res.headers.get("set-cookie"), html: await res.text() };
}

const versionOf = (html: string) => /Version ([\d.]+) \(/.exec(html.replaceAll("<!-- -->", ""))?.[1] ?? null;

async function publish(app: string, version: string, build: string, channel = "stable"): Promise<string> {
  const upload = await api.uploadFile(app, APK);
  const res = await api.call("POST", `/api/v1/apps/${app}/releases`, { version, build, channel, uploads: [upload], promote: true });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return String((res.body as { id: unknown }).id);
}

async function pageViews(id: string, expected: number): Promise<number> {
  return withServerStore(server.dataDir, async (store) => {
    let count = 0;
    for (let i = 0; i < 50; i++) {
      count = (await store.installEvents.listByApp(id, { limit: 500 })).items.filter((e) => e.kind === "page_view").length;
      if (count >= expected) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return count;
  });
}

beforeAll(async () => {
  server = await startServer({ env: { AUTH_SECRET } });
  const token = await withServerStore(server.dataDir, async (store) => {
    appId = (await createApp(store, SYSTEM_ACTOR, { slug: "cached", displayName: "Cached", visibility: "public", bundleIds: { android_apk: "com.example.hello" } })).id;
    privateId = (await createApp(store, SYSTEM_ACTOR, { slug: "hidden", displayName: "Hidden", visibility: "private", bundleIds: { android_apk: "com.example.hello" } })).id;
    return (await seedToken(store, { name: "ci", scopes: ["admin"] })).raw;
  });
  api = apiClient(server.url, token);
  await publish("cached", "1.0.0", "1");
  await publish("hidden", "1.0.0", "1");
});

afterAll(async () => server?.stop());

describe("install page cache", () => {
  it("renders a page once, serves repeats from memory, and counts every view", async () => {
    const first = await visit("/cached");
    const second = await visit("/cached");
    expect(first.cache).toBe("miss");
    expect(second.cache).toBe("hit");
    expect(second.html).toBe(first.html);
    // A cached copy never hands another visitor's cookies on (nor a device id, outside a staged rollout).
    expect(second.setCookie).toBeNull();
    expect(await pageViews(appId, 2)).toBe(2);
  });

  it("keeps separate copies per device and per URL", async () => {
    await visit("/cached", { "user-agent": IPHONE });
    const iphone = await visit("/cached", { "user-agent": IPHONE });
    const android = await visit("/cached");
    expect(iphone.cache).toBe("hit");
    expect(iphone.html).toContain('data-detected-os="ios"');
    expect(android.html).toContain('data-detected-os="android"');
    expect((await visit("/cached?platform=ios")).cache).toBe("miss");
  });

  it("shows a release published through the API at once", async () => {
    expect(versionOf((await visit("/cached")).html)).toBe("1.0.0");
    await publish("cached", "1.1.0", "2");
    const after = await visit("/cached");
    expect(after.cache).toBe("miss");
    expect(versionOf(after.html)).toBe("1.1.0");
  });

  it("keeps one copy per side of a staged rollout, shared by every device on that side", async () => {
    const patched = await api.call("PATCH", "/api/v1/apps/cached/channels/stable", { rolloutPercent: 50 });
    expect(patched.status).toBe(200);
    const seen = new Map<string, string | null>();
    for (let i = 0; i < 12; i++) {
      const cookie = `sy_device=device-${i}`;
      const first = await visit("/cached", { cookie });
      const again = await visit("/cached", { cookie });
      expect(again.cache).toBe("hit");
      expect(versionOf(again.html)).toBe(versionOf(first.html));
      seen.set(cookie, versionOf(first.html));
    }
    // Both releases are being served, each to its own devices.
    expect(new Set(seen.values())).toEqual(new Set(["1.0.0", "1.1.0"]));
    // Both sides have a copy now: a device seen for the first time is served its side's at once,
    // and sees the same release when the page is rendered for it alone (another URL).
    for (let i = 12; i < 20; i++) {
      const cookie = `sy_device=device-${i}`;
      const kept = await visit("/cached", { cookie });
      const rendered = await visit(`/cached?platform=android_apk&device-${i}`, { cookie });
      expect([kept.cache, rendered.cache]).toEqual(["hit", "miss"]);
      expect(versionOf(kept.html)).toBe(versionOf(rendered.html));
    }
  });

  it("gives a first visit a device id that already places the page it is shown", async () => {
    // Still at 50 %: without the id, the page rendered for a first visit would show every one of
    // them the release outside the rollout.
    const shown = new Set<string | null>();
    for (let i = 0; i < 16; i++) {
      const first = await visit("/cached");
      const cookie = (first.setCookie ?? "").split(";")[0] ?? "";
      expect(cookie).toMatch(/^sy_device=[0-9a-f-]{36}$/);
      expect(first.setCookie).toContain("HttpOnly");
      const again = await visit("/cached", { cookie });
      expect(again.setCookie).toBeNull();
      expect(versionOf(first.html)).toBe(versionOf(again.html));
      shown.add(versionOf(first.html));
    }
    expect(shown).toEqual(new Set(["1.0.0", "1.1.0"]));
    // The console and the API are given none.
    expect((await fetch(`${server.url}/admin`, { redirect: "manual" })).headers.get("set-cookie") ?? "").not.toContain("sy_device");
    expect((await fetch(`${server.url}/api/v1/apps`)).headers.get("set-cookie") ?? "").not.toContain("sy_device");
  });

  it("keeps a share link's page for that link's visitors alone, and serves it only while the link opens it", async () => {
    const link = () => withServerStore(server.dataDir, (store) => createShareLink(store, SYSTEM_ACTOR, privateId, { name: "t", expiresInDays: 1, maxInstalls: null }));
    const redeem = async (raw: string) => ((await fetch(`${server.url}/s/${raw}`, { redirect: "manual" })).headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const first = await link();
    const cookie = await redeem(first.raw);
    const rendered = await visit("/hidden", { cookie });
    const kept = await visit("/hidden", { cookie });
    expect([rendered.status, rendered.cache, kept.status, kept.cache]).toEqual([200, "miss", 200, "hit"]);
    expect(kept.html).toBe(rendered.html);
    // Neither a stranger, nor a made-up secret, nor another link's visitor is handed that copy.
    expect(await visit("/hidden")).toMatchObject({ status: 404, cache: "miss" });
    expect(await visit("/hidden", { cookie: `sy_share_hidden=shl_${"x".repeat(43)}` })).toMatchObject({ status: 404, cache: "miss" });
    const other = await visit("/hidden", { cookie: await redeem((await link()).raw) });
    expect([other.status, other.cache]).toEqual([200, "miss"]);
    // Revoked from another process (no change signal reaches this server): the next visit is refused.
    await withServerStore(server.dataDir, (store) => revokeShareLink(store, SYSTEM_ACTOR, privateId, first.link.id));
    expect(await visit("/hidden", { cookie })).toMatchObject({ status: 404, cache: "miss" });
  });

  it("serves a private app's page to every signed-in user from one copy, checking each session", async () => {
    const userIds = await withServerStore(server.dataDir, async (store) =>
      Promise.all(["ada", "bob"].map(async (name) => (await createUser(store, SYSTEM_ACTOR, { email: `${name}@example.com`, password: "correct horse battery", role: "admin" })).id)),
    );
    const as = async (sub: string) => ({ cookie: `authjs.session-token=${await encode({ token: { sub }, secret: AUTH_SECRET, salt: "authjs.session-token", maxAge: 3600 })}` });
    const ada = await visit("/hidden", await as(userIds[0] ?? ""));
    const bob = await visit("/hidden", await as(userIds[1] ?? ""));
    expect([ada.status, ada.cache, bob.status, bob.cache]).toEqual([200, "miss", 200, "hit"]);
    // A correctly signed session of a user the database does not hold, no session, a forged one: nothing.
    expect(await visit("/hidden", await as("00000000-0000-7000-8000-000000000000"))).toMatchObject({ status: 404, cache: "miss" });
    expect(await visit("/hidden")).toMatchObject({ status: 404, cache: "miss" });
    expect(await visit("/hidden", { cookie: "authjs.session-token=forged" })).toMatchObject({ status: 404, cache: "miss" });
    // A public app's copy is everyone's, signed in or not (one device id: /cached may be in a staged rollout).
    const device = ((await visit("/cached")).setCookie ?? "").split(";")[0] ?? "";
    await visit("/cached", { cookie: device });
    const session = (await as(userIds[0] ?? "")).cookie;
    expect((await visit("/cached", { cookie: `${device}; ${session}` })).cache).toBe("hit");
  });

  it("keeps a tester's page for the channels their groups give, and refuses it, kept copy too, once they leave the group", async () => {
    const betaId = await publish("hidden", "1.1.0", "2", "beta");
    const stableId = await publish("hidden", "1.2.0", "3", "stable");
    const noMail = { publicUrl: server.url, mail: { smtpUrl: null }, linkSecret: () => "unused" };
    const ids = await withServerStore(server.dataDir, async (store) => {
      const user = (email: string, role: "admin" | "member") => createUser(store, SYSTEM_ACTOR, { email, password: "correct horse battery", role });
      const [tess, otto, ada] = [await user("tess@example.com", "member"), await user("otto@example.com", "member"), await user("ada2@example.com", "admin")];
      const qa = await createTesterGroup(store, SYSTEM_ACTOR, privateId, { name: "QA", channels: ["beta"] });
      const { member } = await addTesterGroupMember(store, noMail, SYSTEM_ACTOR, privateId, qa.id, tess.email);
      // Otto tests another app's beta: nothing of this one.
      const elsewhere = await createApp(store, SYSTEM_ACTOR, { slug: "elsewhere", displayName: "Elsewhere", visibility: "private" });
      const theirs = await createTesterGroup(store, SYSTEM_ACTOR, elsewhere.id, { name: "QA", channels: ["beta"] });
      await addTesterGroupMember(store, noMail, SYSTEM_ACTOR, elsewhere.id, theirs.id, otto.email);
      return { tess: tess.id, otto: otto.id, ada: ada.id, group: qa.id, member: member.id };
    });
    const as = async (sub: string) => ({ cookie: `authjs.session-token=${await encode({ token: { sub }, secret: AUTH_SECRET, salt: "authjs.session-token", maxAge: 3600 })}` });
    const tess = await as(ids.tess);

    const rendered = await visit("/hidden/beta", tess);
    expect([rendered.status, rendered.cache, versionOf(rendered.html)]).toEqual([200, "miss", "1.1.0"]);
    expect(await visit("/hidden/beta", tess)).toMatchObject({ status: 200, cache: "hit" });
    // The app page shows their channel, not stable, and is kept apart from the members' copy.
    const appPage = await visit("/hidden", tess);
    expect([appPage.status, versionOf(appPage.html)]).toEqual([200, "1.1.0"]);
    expect(appPage.html).not.toContain('href="/hidden/stable"');
    expect(await visit(`/hidden/releases/${betaId}`, tess)).toMatchObject({ status: 200 });
    // What their groups do not give, and another app's tester: nothing.
    expect(await visit("/hidden/stable", tess)).toMatchObject({ status: 404 });
    expect(await visit(`/hidden/releases/${stableId}`, tess)).toMatchObject({ status: 404 });
    expect(await visit("/hidden/beta", await as(ids.otto))).toMatchObject({ status: 404, cache: "miss" });
    // An admin is not handed the tester's copy (it lacks the other channels): their own is rendered.
    const admin = await visit("/hidden/beta", await as(ids.ada));
    expect([admin.status, admin.cache]).toEqual([200, "miss"]);
    expect(admin.html).toContain('href="/hidden/stable"');

    // Out of the group, written straight to the database (no change signal: the copies stay fresh).
    await withServerStore(server.dataDir, (store) => removeTesterGroupMember(store, SYSTEM_ACTOR, privateId, ids.group, ids.member));
    expect(await visit("/hidden/beta", tess)).toMatchObject({ status: 404, cache: "miss" });
    expect(await visit("/hidden", tess)).toMatchObject({ status: 404, cache: "miss" });
    expect(await visit(`/hidden/releases/${betaId}`, tess)).toMatchObject({ status: 404 });
  });
});
