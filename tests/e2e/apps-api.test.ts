// Apps over REST against a real server: create (201, Location, default channels), a taken slug,
// hostile bodies (each a 400 naming the field, never a 5xx, nothing created), patch, delete with
// everything of the app, the audit trail, 405s with Allow and the OpenAPI description.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/domain/actor";
import { createApp } from "@/server/services/apps";
import { apiClient } from "../helpers/api";
import { seedToken, withServerStore } from "../helpers/seed";
import { type RunningServer, startServer } from "../helpers/server";

const FIXTURES = path.resolve(import.meta.dirname, "../../../shared/fixtures");

let server: RunningServer;
let raw: Record<"admin" | "writer" | "reader" | "ownAppWriter" | "auditor", string>;
let admin: ReturnType<typeof apiClient>;
let writer: ReturnType<typeof apiClient>;
let reader: ReturnType<typeof apiClient>;
let ownAppWriter: ReturnType<typeof apiClient>;
let auditor: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startServer();
  raw = await withServerStore(server.dataDir, async (store) => {
    await createApp(store, SYSTEM_ACTOR, { slug: "fixed", displayName: "Fixed" });
    await createApp(store, SYSTEM_ACTOR, { slug: "neighbour", displayName: "Neighbour" });
    const make = async (name: string, scopes: ("admin" | "apps:write" | "apps:read" | "audit:read")[], app?: string) => (await seedToken(store, { name, scopes, ...(app && { app }) })).raw;
    return {
      admin: await make("admin", ["admin"]),
      writer: await make("app writer", ["apps:write"]),
      reader: await make("app reader", ["apps:read"]),
      ownAppWriter: await make("fixed's writer", ["apps:write", "apps:read"], "fixed"),
      auditor: await make("auditor", ["audit:read"]),
    };
  });
  admin = apiClient(server.url, raw.admin);
  writer = apiClient(server.url, raw.writer);
  reader = apiClient(server.url, raw.reader);
  ownAppWriter = apiClient(server.url, raw.ownAppWriter);
  auditor = apiClient(server.url, raw.auditor);
});

afterAll(async () => server?.stop());

/** A POST as the apps:write token, with the raw response (apiClient hides headers). */
function rawPost(route: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${raw.writer}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function appSlugs(): Promise<string[]> {
  const page = await admin.call("GET", "/api/v1/apps?limit=100");
  return (page.body.items as { slug: string }[]).map((a) => a.slug).sort();
}

async function auditOf(action: string, targetId: string) {
  const res = await auditor.call("GET", `/api/v1/audit?action=${action}&targetType=app&targetId=${targetId}`);
  expect(res.status).toBe(200);
  return res.body.items as { actor: string; action: string; metadata: Record<string, unknown> }[];
}

describe("POST /api/v1/apps", () => {
  it("creates an app with its default channels, answering 201 with a Location", async () => {
    const created = await rawPost("/api/v1/apps", { slug: "rocket", displayName: " Rocket ", bundleIds: { ios: "com.example.rocket" }, visibility: "unlisted" });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${server.url}/api/v1/apps/rocket`);
    const app = (await created.json()) as Record<string, unknown>;
    expect(app).toMatchObject({ slug: "rocket", displayName: "Rocket", bundleIds: { ios: "com.example.rocket" }, visibility: "unlisted" });
    // A write scope over every app is no app's manager: no update key for it.
    expect(app).not.toHaveProperty("updateKey");

    const channels = await admin.call("GET", "/api/v1/apps/rocket/channels");
    expect((channels.body.items as { name: string }[]).map((c) => c.name).sort()).toEqual(["beta", "internal", "stable"]);
    const [event] = await auditOf("app.create", String(app.id));
    expect(event).toMatchObject({ action: "app.create", metadata: { slug: "rocket", visibility: "unlisted" } });
    expect(event?.actor).toMatch(/^token:/);
  });

  it("defaults to a private app without bundle ids", async () => {
    const res = await writer.call("POST", "/api/v1/apps", { slug: "quiet", displayName: "Quiet" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ visibility: "private", bundleIds: {} });
  });

  it("answers 409 for a slug that is taken, leaving the first app as it was", async () => {
    const res = await writer.call("POST", "/api/v1/apps", { slug: "rocket", displayName: "Impostor", visibility: "public" });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: "CONFLICT", message: 'an app with slug "rocket" already exists' } });
    expect((await admin.call("GET", "/api/v1/apps/rocket")).body).toMatchObject({ displayName: "Rocket", visibility: "unlisted" });
  });

  const HOSTILE: [string, unknown, { path: string; message: string }][] = [
    ["wrong types", { slug: 7, displayName: "A" }, { path: "slug", message: "slug must be a string" }],
    ["a name that is an object", { slug: "typed", displayName: { toString: "x" } }, { path: "displayName", message: "display name must be a string" }],
    ["bundle ids as a string", { slug: "typed", displayName: "A", bundleIds: "com.example.a" }, { path: "bundleIds", message: "expected record" }],
    ["a huge slug", { slug: "a".repeat(20_000), displayName: "A" }, { path: "slug", message: "slug must be at most 64 characters" }],
    ["a huge name", { slug: "huge", displayName: "n".repeat(50_000) }, { path: "displayName", message: "display name must be at most 100 characters" }],
    ["a huge bundle id", { slug: "huge", displayName: "A", bundleIds: { ios: `com.${"x".repeat(40_000)}` } }, { path: "bundleIds.ios", message: "ios bundle id must be at most 155 characters" }],
    ["an unknown field", { slug: "extra", displayName: "A", ownerId: "someone" }, { path: "", message: 'unknown field "ownerId"' }],
    ["an update key chosen by the caller", { slug: "extra", displayName: "A", updateKey: "spk_mine" }, { path: "", message: 'unknown field "updateKey"' }],
    ["a NUL in the name", { slug: "ctl", displayName: "A\u0000B" }, { path: "displayName", message: "display name must not contain control characters (found U+0000)" }],
    ["a newline in the name", { slug: "ctl", displayName: "Rocket\r\nX-Evil: 1" }, { path: "displayName", message: "control characters (found U+000D)" }],
    ["a bidi override in the name", { slug: "ctl", displayName: "Safe\u202Eevil" }, { path: "displayName", message: "bidirectional control characters (found U+202E)" }],
    ["a reserved slug", { slug: "admin", displayName: "A" }, { path: "slug", message: 'slug "admin" is reserved' }],
    ["another reserved slug", { slug: "api", displayName: "A" }, { path: "slug", message: 'slug "api" is reserved' }],
    ["a slug with a path in it", { slug: "../etc", displayName: "A" }, { path: "slug", message: "lowercase letters, digits and single hyphens" }],
    ["an unknown platform", { slug: "plat", displayName: "A", bundleIds: { symbian: "com.example.a" } }, { path: "bundleIds.symbian", message: 'unknown platform "symbian"' }],
    ["an unknown visibility", { slug: "vis", displayName: "A", visibility: "secret" }, { path: "visibility", message: 'visibility "secret" must be one of public, unlisted, private' }],
    ["no name", { slug: "noname" }, { path: "displayName", message: "display name must be a string" }],
    ["an array", [{ slug: "arr", displayName: "A" }], { path: "", message: "expected object" }],
    ["null", null, { path: "", message: "expected object" }],
  ];

  it.each(HOSTILE)("refuses %s with 400 naming the field", async (_, body, issue) => {
    const res = await writer.call("POST", "/api/v1/apps", body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "INVALID" });
    const issues = (res.body.error as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toContainEqual({ path: issue.path, message: expect.stringContaining(issue.message) });
    // Messages quote at most a little of what was sent.
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
  });

  it("refuses bodies that are not JSON or too large, and created none of the above", async () => {
    const notJson = await rawPost("/api/v1/apps", "{slug: rocket", { "content-type": "application/json" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { message: "request body is not valid JSON" } });
    const tooLarge = await rawPost("/api/v1/apps", { slug: "big", displayName: "B", pad: "x".repeat(70 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(await appSlugs()).toEqual(["fixed", "neighbour", "quiet", "rocket"]);
  });

  it("is closed to app-restricted tokens and to tokens without apps:write", async () => {
    const restricted = await ownAppWriter.call("POST", "/api/v1/apps", { slug: "sneaky", displayName: "Sneaky" });
    expect(restricted.status).toBe(403);
    expect(restricted.body).toMatchObject({ error: { code: "FORBIDDEN", message: "this token is restricted to one app and cannot use this endpoint" } });
    const readOnly = await reader.call("POST", "/api/v1/apps", { slug: "sneaky", displayName: "Sneaky" });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body).toMatchObject({ error: { requiredScope: "apps:write" } });
    expect(await appSlugs()).not.toContain("sneaky");
  });
});

describe("PATCH /api/v1/apps/{app}", () => {
  it("changes name, bundle ids and visibility, audited with before and after", async () => {
    const res = await writer.call("PATCH", "/api/v1/apps/rocket", {
      displayName: "Rocket 2",
      bundleIds: { ios: "com.example.rocket", android_apk: "com.example.rocket" },
      visibility: "public",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ slug: "rocket", displayName: "Rocket 2", visibility: "public", bundleIds: { ios: "com.example.rocket", android_apk: "com.example.rocket" } });
    expect((await admin.call("GET", "/api/v1/apps/rocket")).body).toMatchObject({ displayName: "Rocket 2", visibility: "public" });
    const [event] = await auditOf("app.update", String(res.body.id));
    expect(event?.metadata).toMatchObject({ changed: { displayName: { from: "Rocket", to: "Rocket 2" }, visibility: { from: "unlisted", to: "public" } } });
  });

  it.each([
    ["a new slug", { slug: "renamed" }, "an app's slug cannot be changed"],
    ["nothing", {}, "nothing to update"],
    ["a wrong type", { visibility: 1 }, "visibility 1 must be one of"],
    ["a control character", { displayName: "Tab\there" }, "control characters (found U+0009)"],
    ["an invalid bundle id", { bundleIds: { android_apk: "com.example.class" } }, 'uses the Java keyword "class"'],
  ])("refuses %s with 400", async (_, body, message) => {
    const res = await writer.call("PATCH", "/api/v1/apps/rocket", body);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toContain(message);
  });

  it("answers 404 for an unknown app, and 403 to a token of another app", async () => {
    expect((await writer.call("PATCH", "/api/v1/apps/nowhere", { displayName: "X" })).status).toBe(404);
    expect((await ownAppWriter.call("PATCH", "/api/v1/apps/neighbour", { displayName: "X" })).status).toBe(403);
    const own = await ownAppWriter.call("PATCH", "/api/v1/apps/fixed", { displayName: "Fixed, renamed" });
    expect(own.status).toBe(200);
    // Restricted to the app with a write scope: its manager, so it sees the update key.
    expect(own.body.updateKey).toMatch(/^spk_/);
  });
});

describe("DELETE /api/v1/apps/{app}", () => {
  it("removes the app with its channels, releases and install page, audited; the token of the app goes too", async () => {
    await admin.call("POST", "/api/v1/apps", { slug: "doomed", displayName: "Doomed", visibility: "public", bundleIds: { android_apk: "com.example.hello" } });
    const upload = await admin.uploadFile("doomed", path.join(FIXTURES, "android/hello.apk"));
    const published = await admin.call("POST", "/api/v1/apps/doomed/releases", { version: "1.2.3", build: "42", channel: "stable", uploads: [upload], promote: true });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const releaseId = String(published.body.id);
    const download = String((published.body.artifacts as { downloadUrl: string }[])[0]?.downloadUrl);
    expect((await fetch(`${server.url}/doomed`)).status).toBe(200);
    expect((await fetch(download, { method: "HEAD" })).status).toBe(200);
    const doomedToken = await withServerStore(server.dataDir, async (store) => (await seedToken(store, { name: "doomed ci", scopes: ["apps:read"], app: "doomed" })).raw);

    expect(await admin.call("DELETE", "/api/v1/apps/doomed")).toEqual({ status: 200, body: { deleted: "doomed" } });

    expect((await admin.call("GET", "/api/v1/apps/doomed")).status).toBe(404);
    expect((await admin.call("GET", `/api/v1/apps/doomed/releases/${releaseId}`)).status).toBe(404);
    expect((await fetch(`${server.url}/doomed`)).status).toBe(404);
    expect((await fetch(download, { method: "HEAD" })).status).toBe(404);
    expect((await apiClient(server.url, doomedToken).call("GET", "/api/v1/whoami")).status).toBe(401);
    await withServerStore(server.dataDir, async (store) => {
      expect(await store.releases.getById(releaseId)).toBeNull();
      expect(await store.apps.getBySlug("doomed")).toBeNull();
    });
    const events = await auditor.call("GET", "/api/v1/audit?action=app.delete&limit=100");
    expect(events.body.items).toContainEqual(expect.objectContaining({ action: "app.delete", metadata: expect.objectContaining({ slug: "doomed", displayName: "Doomed", artifacts: 1 }) }));

    // Gone is gone: a second delete is a 404, and the slug is free again.
    expect((await admin.call("DELETE", "/api/v1/apps/doomed")).status).toBe(404);
    expect((await writer.call("POST", "/api/v1/apps", { slug: "doomed", displayName: "Doomed again" })).status).toBe(201);
  });

  it("lets a token restricted to an app delete that app only", async () => {
    expect((await ownAppWriter.call("DELETE", "/api/v1/apps/neighbour")).status).toBe(403);
    expect((await reader.call("DELETE", "/api/v1/apps/neighbour")).status).toBe(403);
    expect(await appSlugs()).toContain("neighbour");
    const own = await ownAppWriter.call("DELETE", "/api/v1/apps/fixed");
    expect(own).toEqual({ status: 200, body: { deleted: "fixed" } });
    // Its token was restricted to the app, so it went with it.
    expect((await ownAppWriter.call("GET", "/api/v1/whoami")).status).toBe(401);
  });
});

describe("the API's description of apps", () => {
  it("answers 405 with Allow for methods an apps route does not take", async () => {
    const one = await fetch(`${server.url}/api/v1/apps/rocket`, { method: "PUT", headers: { authorization: `Bearer ${raw.admin}` } });
    expect(one.status).toBe(405);
    expect(one.headers.get("allow")).toBe("GET, PATCH, DELETE");
    const all = await fetch(`${server.url}/api/v1/apps`, { method: "DELETE" });
    expect(all.status).toBe(405);
    expect(all.headers.get("allow")).toBe("GET, POST");
  });

  it("describes create, update and delete in OpenAPI with their bodies and answers", async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const create = doc.paths["/apps"]?.post;
    expect(create?.description).toContain("`apps:write`");
    expect(create?.description).toContain("Not available to app-restricted tokens");
    expect(create?.requestBody).toMatchObject({ content: { "application/json": { schema: { required: ["slug", "displayName"], additionalProperties: false } } } });
    expect(Object.keys(create?.responses as object)).toEqual(expect.arrayContaining(["201", "409"]));
    expect(create?.responses).toMatchObject({ "201": { headers: { Location: expect.any(Object) } } });
    const patch = doc.paths["/apps/{app}"]?.patch;
    expect(JSON.stringify(patch?.requestBody)).toContain("displayName");
    expect(JSON.stringify(patch?.requestBody)).not.toContain('"slug"');
    expect(doc.paths["/apps/{app}"]?.delete?.responses).toMatchObject({ "200": { content: { "application/json": { schema: { required: ["deleted"] } } } } });
  });
});
