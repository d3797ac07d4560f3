// Every /api/v1 route × every scope × app/channel restriction × bad tokens, against a real server:
// exactly the allowed combinations get past authorization.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { API_ROUTES, type ApiRoute } from "@/domain/api-routes";
import { type CreateTokenInput, TOKEN_SCOPES, type TokenScope } from "@/domain/token";
import { createApp } from "@/server/services/apps";
import { publishRelease } from "@/server/services/releases";
import { type RunningServer, startServer } from "../helpers/server";
import { seedToken, withServerStore } from "../helpers/seed";

let server: RunningServer;
const raw: Record<string, string> = {};
let releaseA = "";

type Restriction = "none" | "app" | "app+channel";
const RESTRICTIONS: Restriction[] = ["none", "app", "app+channel"];

beforeAll(async () => {
  server = await startServer();
  await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "app-a", displayName: "A" });
    await createApp(store, SYSTEM_ACTOR, { slug: "app-b", displayName: "B" });
    for (const scope of TOKEN_SCOPES) {
      raw[`${scope}/none`] = (await seedToken(store, { name: `${scope}`, scopes: [scope] })).raw;
      raw[`${scope}/app`] = (await seedToken(store, { name: `${scope} A`, scopes: [scope], app: "app-a" })).raw;
      raw[`${scope}/app+channel`] = (await seedToken(store, { name: `${scope} A/beta`, scopes: [scope], app: "app-a", channel: "beta" })).raw;
    }
    const expired = await seedToken(store, { name: "expired", scopes: ["admin"], expiresInDays: 1 });
    await store.tokens.update(expired.token.id, { expiresAt: new Date(Date.now() - 1000) });
    raw.expired = expired.raw;
    const revoked = await seedToken(store, { name: "revoked", scopes: ["admin"] });
    await store.tokens.update(revoked.token.id, { revokedAt: new Date() });
    raw.revoked = revoked.raw;
    // Readers, and readers that also manage app A (a write scope on a token restricted to it).
    const keyed: [string, CreateTokenInput][] = [
      ["reader", { name: "reader", scopes: ["apps:read"] }],
      ["reader A", { name: "reader A", scopes: ["apps:read"], app: "app-a" }],
      ["wide publisher", { name: "wide publisher", scopes: ["apps:read", "releases:publish"] }],
      ["publisher A", { name: "publisher A", scopes: ["apps:read", "releases:publish"], app: "app-a" }],
      ["uploader A", { name: "uploader A", scopes: ["apps:read", "releases:upload"], app: "app-a" }],
      ["promoter A/beta", { name: "promoter A/beta", scopes: ["apps:read", "channels:promote"], app: "app-a", channel: "beta" }],
      ["release reader A", { name: "release reader A", scopes: ["apps:read", "releases:read"], app: "app-a" }],
    ];
    for (const [key, input] of keyed) raw[key] = (await seedToken(store, input)).raw;
    const app = await store.apps.getBySlug("app-a");
    releaseA = (
      await publishRelease(store, SYSTEM_ACTOR, app?.id ?? "", {
        version: "1.0.0",
        build: "1",
        channel: "beta",
        artifacts: [{ platform: "android_apk", filename: "a.apk", sizeBytes: 1, sha256: "a".repeat(64), validationStatus: "valid" }],
      })
    ).release.id;
  });
});

afterAll(async () => server?.stop());

interface Call {
  path: string;
  app?: "app-a" | "app-b";
  channel?: "beta" | "stable";
  body?: unknown;
}

/** Concrete requests for a route: each app, and each channel where the route targets one. */
function callsFor(route: ApiRoute): Call[] {
  const apps: ("app-a" | "app-b")[] = route.appFrom ? ["app-a", "app-b"] : [];
  const channels: ("beta" | "stable")[] = route.channelFrom ? ["beta", "stable"] : [];
  const calls: Call[] = [];
  for (const app of apps.length ? apps : [undefined]) {
    for (const channel of channels.length ? channels : [undefined]) {
      const path = route.path
        .replace("{app}", app ?? "app-a")
        .replace("{channel}", channel ?? "beta")
        .replace("{id}", route.path.includes("releases/{id}") ? releaseA : "00000000-0000-7000-8000-000000000000")
        .concat(route.channelFrom === "query" ? `?channel=${channel}` : "");
      let body: unknown;
      if (route.method === "POST") {
        // Bodies that pass authorization but do no harm (unknown ids, invalid fields).
        body = { app, channel, releaseId: "00000000-0000-7000-8000-000000000000", uploads: [], scopes: [] };
      }
      calls.push({ path, app, channel, body });
    }
  }
  return calls;
}

/** The rule, stated independently of the server's implementation. */
function expectedAllowed(route: ApiRoute, scope: TokenScope, restriction: Restriction, call: Call): boolean {
  if (route.public) return true;
  const scoped = route.scope === null || scope === "admin" || scope === route.scope;
  if (!scoped) return false;
  if (restriction === "none") return true;
  if (route.global) return false;
  if (call.app === "app-b") return false;
  if (restriction === "app+channel" && call.channel === "stable") return false;
  // Editing or deleting the app reaches every channel, so a token for one channel may not.
  if (restriction === "app+channel" && route.wholeApp) return false;
  return true;
}

async function request(route: ApiRoute, call: Call, token?: string, extraHeaders: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${call.path}`, {
    method: route.method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(call.body !== undefined && { "content-type": "application/json" }),
      ...extraHeaders,
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Routes whose allowed calls would destroy the apps and tokens the matrix stands on. */
const DESTRUCTIVE = new Set(["DELETE /api/v1/apps/{app}"]);
const routeKey = (route: ApiRoute) => `${route.method} ${route.path}`;

describe("authorization matrix", () => {
  it.each(API_ROUTES.filter((route) => !DESTRUCTIVE.has(routeKey(route))).map((route) => [routeKey(route), route] as const))("%s", async (_, route) => {
    const mismatches: string[] = [];
    for (const call of callsFor(route)) {
      for (const scope of TOKEN_SCOPES) {
        for (const restriction of RESTRICTIONS) {
          const status = await request(route, call, raw[`${scope}/${restriction}`]);
          const allowed = status !== 401 && status !== 403;
          const expected = expectedAllowed(route, scope, restriction, call);
          if (allowed !== expected || (!expected && status !== 403)) {
            mismatches.push(`${call.path} app=${call.app} channel=${call.channel} ${scope}/${restriction}: got ${status}`);
          }
        }
      }
      for (const bad of ["expired", "revoked", "malformed", "missing"] as const) {
        const token = bad === "missing" ? undefined : bad === "malformed" ? "shp_notarealtoken" : raw[bad];
        const status = await request(route, call, token);
        if (route.public ? status === 401 : status !== 401) mismatches.push(`${call.path} ${bad} token: got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

// The same rule for destructive routes, each call in a world of its own: apps "gone-a" (standing in
// for app A) and "gone-b", recreated after every call that got through, and a token made for the call.
describe("authorization matrix, destructive routes", () => {
  const SLUGS = { "app-a": "gone-a", "app-b": "gone-b" } as const;
  const destructive = API_ROUTES.filter((route) => DESTRUCTIVE.has(routeKey(route)));

  it("covers every destructive route in the table", () => {
    expect(destructive.map(routeKey).sort()).toEqual([...DESTRUCTIVE].sort());
  });

  it.each(destructive.map((route) => [routeKey(route), route] as const))("%s", async (_, route) => {
    const mismatches: string[] = [];
    await withServerStore(server.dataDir, async (store) => {
      const ensureApps = async () => {
        for (const slug of Object.values(SLUGS)) {
          if (!(await store.apps.getBySlug(slug))) await createApp(store, SYSTEM_ACTOR, { slug, displayName: slug });
        }
      };
      try {
        for (const app of ["app-a", "app-b"] as const) {
          const call: Call = { path: route.path.replace("{app}", SLUGS[app]), app, channel: route.channelFrom ? "beta" : undefined };
          for (const scope of TOKEN_SCOPES) {
            for (const restriction of RESTRICTIONS) {
              await ensureApps();
              const token = (
                await seedToken(store, {
                  name: `${scope}/${restriction}`,
                  scopes: [scope],
                  ...(restriction !== "none" && { app: SLUGS["app-a"] }),
                  ...(restriction === "app+channel" && { channel: "beta" }),
                })
              ).raw;
              const status = await request(route, call, token);
              const allowed = status !== 401 && status !== 403;
              const expected = expectedAllowed(route, scope, restriction, call);
              if (allowed !== expected || (!expected && status !== 403)) mismatches.push(`${call.path} ${scope}/${restriction}: got ${status}`);
              // A refused call must have left the app alone.
              if (!allowed && !(await store.apps.getBySlug(SLUGS[app]))) mismatches.push(`${call.path} ${scope}/${restriction}: refused but gone`);
            }
          }
          await ensureApps();
          for (const bad of ["expired", "revoked", "malformed", "missing"] as const) {
            const token = bad === "missing" ? undefined : bad === "malformed" ? "shp_notarealtoken" : raw[bad];
            const status = await request(route, call, token);
            if (status !== 401) mismatches.push(`${call.path} ${bad} token: got ${status}`);
          }
        }
      } finally {
        // The tests below list every app.
        for (const slug of Object.values(SLUGS)) {
          const app = await store.apps.getBySlug(slug);
          if (app) await store.apps.delete(app.id);
        }
      }
    });
    expect(mismatches).toEqual([]);
  });
});

describe("an app's update key over REST", () => {
  /** What GET /api/v1/apps and GET /api/v1/apps/app-a show this token of app A's update key. */
  async function keysSeen(token: string) {
    const call = async (route: string) => {
      const res = await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, route).toBe(200);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const list = (await call("/api/v1/apps")).items as Record<string, unknown>[];
    const one = await call("/api/v1/apps/app-a");
    return { list: list.map((a) => [a.slug, "updateKey" in a]), one: "updateKey" in one, value: one.updateKey };
  }

  it("is shown to admins and to the app's managers only, never to a read-only token", async () => {
    expect(await keysSeen(raw["apps:read/none"] ?? "")).toEqual({
      list: [
        ["app-b", false],
        ["app-a", false],
      ],
      one: false,
      value: undefined,
    });
    expect(await keysSeen(raw["reader A"] ?? "")).toEqual({ list: [["app-a", false]], one: false, value: undefined });
    expect(await keysSeen(raw["release reader A"] ?? "")).toMatchObject({ list: [["app-a", false]], one: false });
    // A write scope over every app makes no token the manager of one in particular.
    expect(await keysSeen(raw["wide publisher"] ?? "")).toMatchObject({
      list: [
        ["app-b", false],
        ["app-a", false],
      ],
      one: false,
    });

    const admin = await keysSeen(raw["admin/none"] ?? "");
    expect(admin).toMatchObject({
      list: [
        ["app-b", true],
        ["app-a", true],
      ],
      one: true,
    });
    expect(admin.value).toMatch(/^spk_/);
    for (const manager of ["publisher A", "uploader A", "promoter A/beta", "admin/app"]) {
      expect(await keysSeen(raw[manager] ?? ""), manager).toEqual({ list: [["app-a", true]], one: true, value: admin.value });
    }
  });
});

describe("token handling over HTTP", () => {
  const whoami = API_ROUTES.find((r) => r.path === "/api/v1/whoami") as ApiRoute;

  it("refuses tokens in the query string", async () => {
    const res = await fetch(`${server.url}/api/v1/whoami?access_token=${raw["admin/none"]}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining("Authorization header") } });
  });

  it("ignores a forged identity header", async () => {
    const forged = Buffer.from(JSON.stringify({ tokenId: "x", name: "x", scopes: ["admin"], appId: null, channel: null })).toString("base64url");
    expect(await request(whoami, { path: "/api/v1/whoami" }, undefined, { "x-shipyard-token-identity": forged })).toBe(401);
    const res = await fetch(`${server.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${raw["apps:read/none"]}`, "x-shipyard-token-identity": forged } });
    expect(await res.json()).toMatchObject({ name: "apps:read", scopes: ["apps:read"] });
  });

  it("names the missing scope and nothing else", async () => {
    const res = await fetch(`${server.url}/api/v1/tokens`, { headers: { authorization: `Bearer ${raw["apps:read/none"]}` } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: "this token lacks the tokens:manage scope", requiredScope: "tokens:manage" } });
  });

  it("lets an A/beta token promote on A/beta only", async () => {
    const token = raw["channels:promote/app+channel"];
    const promote = (app: string, channel: string) =>
      fetch(`${server.url}/api/v1/apps/${app}/channels/${channel}/promote`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ releaseId: releaseA }),
      });
    const ok = await promote("app-a", "beta");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: "beta", currentReleaseId: releaseA });
    expect((await promote("app-a", "stable")).status).toBe(403);
    expect((await promote("app-b", "beta")).status).toBe(403);
  });

  it("makes revocation effective on the next request and moves last_used_at", async () => {
    const created = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${raw["admin/none"]}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "short-lived", scopes: ["apps:read"], expiresInDays: 7 }),
    });
    expect(created.status).toBe(201);
    const { token, secret } = (await created.json()) as { token: { id: string; lastUsedAt: string | null }; secret: string };
    expect(token.lastUsedAt).toBeNull();
    expect(await request(whoami, { path: "/api/v1/whoami" }, secret)).toBe(200);
    const listed = await fetch(`${server.url}/api/v1/tokens?limit=100`, { headers: { authorization: `Bearer ${raw["tokens:manage/none"]}` } });
    const row = ((await listed.json()) as { items: { id: string; lastUsedAt: string | null }[] }).items.find((t) => t.id === token.id);
    expect(row?.lastUsedAt).not.toBeNull();
    const revoke = await fetch(`${server.url}/api/v1/tokens/${token.id}`, { method: "DELETE", headers: { authorization: `Bearer ${raw["tokens:manage/none"]}` } });
    expect(revoke.status).toBe(200);
    expect(await request(whoami, { path: "/api/v1/whoami" }, secret)).toBe(401);

    // The raw token never reached the database file or the server's output.
    const db = readFileSync(path.join(server.dataDir, "shipyard.db"));
    const wal = readFileSync(path.join(server.dataDir, "shipyard.db-wal"));
    expect(Buffer.concat([db, wal]).includes(Buffer.from(secret))).toBe(false);
    expect(server.output()).not.toContain(secret);
    const audit = await fetch(`${server.url}/api/v1/audit?limit=100`, { headers: { authorization: `Bearer ${raw["audit:read/none"]}` } });
    expect(await audit.text()).not.toContain(secret);
  });

  it("publishes an OpenAPI document generated from the schemas", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/apps/{app}/releases");
    expect(JSON.stringify(doc.paths["/tokens"]?.post?.requestBody)).toContain("tokens:manage");
  });
});

describe("authorization from the path alone", () => {
  const FIXTURE = path.resolve(import.meta.dirname, "../../../shared/fixtures/android/hello.apk");
  const post = (route: string, token: string, body: string) =>
    fetch(`${server.url}${route}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });

  it("refuses a token before the body is read: a broken or huge body gets 403, not 400 or 413", async () => {
    const betaPublisher = raw["releases:publish/app+channel"] ?? "";
    expect((await post("/api/v1/apps/app-a/channels/stable/releases", betaPublisher, "{not json")).status).toBe(403);
    expect((await post("/api/v1/apps/app-b/uploads", raw["releases:upload/app"] ?? "", "x".repeat(2_000_000))).status).toBe(403);
    // Allowed by its path, the same broken body reaches the handler, which says what is wrong with it.
    const broken = await post("/api/v1/apps/app-a/channels/beta/releases", betaPublisher, "{not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { message: "request body is not valid JSON" } });
  });

  it("lets a token for one app and channel upload and publish there, with the app and channel in the path", async () => {
    const { apiClient } = await import("../helpers/api");
    const uploader = apiClient(server.url, raw["releases:upload/app"] ?? "");
    const upload = await uploader.uploadFile("app-a", FIXTURE);
    const described = await uploader.call("GET", `/api/v1/apps/app-a/uploads/${upload}`);
    expect(described).toMatchObject({ status: 200, body: { id: upload, state: "complete" } });
    // Another app's path does not reach this app's session, even for a token that may read both.
    expect((await apiClient(server.url, raw["admin/none"] ?? "").call("GET", `/api/v1/apps/app-b/uploads/${upload}`)).status).toBe(404);

    const betaPublisher = raw["releases:publish/app+channel"] ?? "";
    const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ version: "2.0.0", build: "2", uploads: [upload], ...extra });
    const wrongChannel = await post("/api/v1/apps/app-a/channels/beta/releases", betaPublisher, body({ channel: "stable" }));
    expect(wrongChannel.status).toBe(400);
    expect(await wrongChannel.json()).toMatchObject({ error: { message: expect.stringContaining('the body names channel "stable" but the URL names "beta"') } });
    const promote = await post("/api/v1/apps/app-a/channels/beta/releases", betaPublisher, body({ promote: true }));
    expect(promote.status).toBe(403);
    expect(await promote.json()).toMatchObject({ error: { message: expect.stringContaining("channels:promote") } });
    // The deprecated route takes the channel from the body: closed to channel tokens, naming the way.
    const old = await post("/api/v1/apps/app-a/releases", betaPublisher, body({ channel: "beta" }));
    expect(old.status).toBe(403);
    expect(await old.json()).toMatchObject({ error: { message: expect.stringContaining("use POST /api/v1/apps/{app}/channels/{channel}/releases") } });

    const published = await post("/api/v1/apps/app-a/channels/beta/releases", betaPublisher, body());
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ version: "2.0.0", build: "2", channel: "beta" });
  });
});
